// SPDX-License-Identifier: GPL-3.0-or-later
#include "Snapshot.h"

namespace moodscope {

std::string_view dimName(Dim d) noexcept
{
    static constexpr std::array<std::string_view, kNumDims> names {
        "sub_bass_pct",
        "bass_pct",
        "low_mid_pct",
        "mid_pct",
        "upper_mid_pct",
        "presence_pct",
        "air_pct",
        "lufs",
        "crest_db",
        "bass_mid_ratio",
        "tempo_bpm",
        "rhythm_stability",
        "transient_density",
        "silence_ratio",
        "spectral_centroid",
        "spectral_rolloff",
        "spectral_flatness",
        "harmonic_ratio",
        "pitch_stability",
        "chroma_energy",
        "dynamic_range_variation",
        "loudness_variation_std",
        "peak_consistency",
        "stereo_width",
        "phase_correlation",
    };
    const auto i = static_cast<int>(d);
    return (i >= 0 && i < kNumDims) ? names[static_cast<std::size_t>(i)] : std::string_view {};
}

std::string_view moodName(Mood m) noexcept
{
    static constexpr std::array<std::string_view, kNumMoods> names {
        "energy",          "valence",           "arousal",        "intensity",  "brightness",   "beat_strength",
        "spectral_warmth", "rhythm_regularity", "harmonic_ratio", "complexity", "danceability",
    };
    const auto i = static_cast<int>(m);
    return (i >= 0 && i < kNumMoods) ? names[static_cast<std::size_t>(i)] : std::string_view {};
}

} // namespace moodscope
