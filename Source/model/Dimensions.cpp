// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/Dimensions.h"

#include <algorithm>
#include <array>

namespace moodscope {

namespace {
using G = DimGroup;
using S = SimilarityGroup;
// clang-format off
//  name                        group         unit    min     max     phys    dispMin dispMax factor dec bipolar signed similarity
constexpr std::array<DimInfo, kNumDims> kTable {{
    { "sub_bass_pct",            G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "bass_pct",                G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "low_mid_pct",             G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "mid_pct",                 G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "upper_mid_pct",           G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "presence_pct",            G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "air_pct",                 G::Frequency, "%",   0.0f,   1.0f,   0.0f,     0.0f,   1.0f, 100.0f, 1, false, false, S::SpectralBalance },
    { "lufs",                    G::Dynamics,  "LUFS", -70.0f, 30.0f, 0.0f,    -60.0f,   0.0f,   1.0f, 1, false, false, S::Loudness },
    // a sine reads 3.01; one click in an hour of silence about 82
    { "crest_db",                G::Dynamics,  "dB",  0.0f,   200.0f, 0.0f,     0.0f,  30.0f,   1.0f, 1, false, false, S::Dynamics },
    { "bass_mid_ratio",          G::Dynamics,  "dB",  -30.0f, 30.0f,  0.0f,   -30.0f,  30.0f,   1.0f, 1, true,  true,  S::SpectralBalance },
    // 40..220 when a tempo is found, 0 when none is
    { "tempo_bpm",               G::Temporal,  "BPM", 0.0f, kTempoMaxBpm, 0.0f, kTempoMinBpm, kTempoMaxBpm,   1.0f, 1, false, false, S::Rhythm },
    { "rhythm_stability",        G::Temporal,  "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Rhythm },
    // onsets per second / 10
    { "transient_density",       G::Temporal,  "",    0.0f,   1.0f,   10.0f,    0.0f,   1.0f,   1.0f, 2, false, false, S::Rhythm },
    { "silence_ratio",           G::Temporal,  "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Dynamics },
    // Hz / 8000
    { "spectral_centroid",       G::Spectral,  "",    0.0f,   1.0f,   8000.0f,  0.0f,   1.0f,   1.0f, 2, false, false, S::Timbre },
    // Hz / 10000
    { "spectral_rolloff",        G::Spectral,  "",    0.0f,   1.0f,  10000.0f,  0.0f,   1.0f,   1.0f, 2, false, false, S::Timbre },
    { "spectral_flatness",       G::Spectral,  "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Timbre },
    { "harmonic_ratio",          G::Harmonic,  "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Harmony },
    { "pitch_stability",         G::Harmonic,  "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Harmony },
    { "chroma_energy",           G::Harmonic,  "",    1.0f / 12.0f, 1.0f, 0.0f, 0.0f,   1.0f,   1.0f, 2, false, false, S::Harmony },
    { "dynamic_range_variation", G::Variation, "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Dynamics },
    { "loudness_variation_std",  G::Variation, "LU",  0.0f,   20.0f,  0.0f,     0.0f,  20.0f,   1.0f, 2, false, false, S::Dynamics },
    { "peak_consistency",        G::Variation, "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Dynamics },
    { "stereo_width",            G::Stereo,    "",    0.0f,   1.0f,   0.0f,     0.0f,   1.0f,   1.0f, 2, false, false, S::Stereo },
    { "phase_correlation",       G::Stereo,    "",    -1.0f,  1.0f,   0.0f,    -1.0f,   1.0f,   1.0f, 2, true,  false, S::Stereo },
}};
// clang-format on

constexpr bool groupsInOrder()
{
    for (std::size_t i = 1; i < kTable.size(); ++i)
        if (static_cast<int>(kTable[i].group) < static_cast<int>(kTable[i - 1].group))
            return false;
    return true;
}
static_assert(groupsInOrder(), "the editor and the docs list dimensions group by group");
} // namespace

const DimInfo& dimInfo(Dim d) noexcept
{
    const auto i = std::clamp(static_cast<int>(d), 0, kNumDims - 1);
    return kTable[static_cast<std::size_t>(i)];
}

std::string_view dimName(Dim d) noexcept
{
    const auto i = static_cast<int>(d);
    return (i >= 0 && i < kNumDims) ? kTable[static_cast<std::size_t>(i)].name : std::string_view {};
}

std::string_view dimGroupName(DimGroup g) noexcept
{
    static constexpr std::array<std::string_view, kNumDimGroups> names {
        "Frequency", "Dynamics", "Temporal", "Spectral", "Harmonic", "Variation", "Stereo",
    };
    const auto i = static_cast<int>(g);
    return (i >= 0 && i < kNumDimGroups) ? names[static_cast<std::size_t>(i)] : std::string_view {};
}

int dimGroupSize(DimGroup g) noexcept
{
    int n = 0;
    for (const auto& info : kTable)
        n += info.group == g ? 1 : 0;
    return n;
}

float dimFromPhysical(Dim d, float physical) noexcept
{
    const auto& info = dimInfo(d);
    const float v = info.physicalScale > 0.0f ? physical / info.physicalScale : physical;
    return v > info.max ? info.max : (v < info.min ? info.min : v);
}

float dimToPhysical(Dim d, float value) noexcept
{
    const auto& info = dimInfo(d);
    return info.physicalScale > 0.0f ? value * info.physicalScale : value;
}

} // namespace moodscope
