// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace moodscope {

// The 25 fingerprint dimensions, in the fixed Auralis order (SPEC §4).
enum class Dim : int
{
    SubBassPct,
    BassPct,
    LowMidPct,
    MidPct,
    UpperMidPct,
    PresencePct,
    AirPct,
    Lufs,
    CrestDb,
    BassMidRatio,
    TempoBpm,
    RhythmStability,
    TransientDensity,
    SilenceRatio,
    SpectralCentroid,
    SpectralRolloff,
    SpectralFlatness,
    HarmonicRatio,
    PitchStability,
    ChromaEnergy,
    DynamicRangeVariation,
    LoudnessVariationStd,
    PeakConsistency,
    StereoWidth,
    PhaseCorrelation,
    Count
};
constexpr int kNumDims = static_cast<int>(Dim::Count);
static_assert(kNumDims == 25);

std::string_view dimName(Dim d) noexcept;

// SPEC §5.2 mood metrics, each 0..1.
enum class Mood : int
{
    Energy,
    Valence,
    Arousal,
    Intensity,
    Brightness,
    BeatStrength,
    SpectralWarmth,
    RhythmRegularity,
    HarmonicRatio,
    Complexity,
    Danceability,
    Count
};
constexpr int kNumMoods = static_cast<int>(Mood::Count);

std::string_view moodName(Mood m) noexcept;

// Fast per-hop signals for lights (SPEC §6). Plain data: copied through lock-free queues.
struct FastFrame
{
    double time = 0.0;      // seconds of analyzed audio since prepare
    float rmsDb = -120.0f;  // dBFS, sine-referenced (a full-scale sine reads 0)
    float peakDb = -120.0f; // dBFS, max |L|,|R| over the hop
    float rms01 = 0.0f;     // (dB + 60) / 60, clipped
    float peak01 = 0.0f;
    // beat < 100 Hz, bass 100-250, mids 250-3000, high 3000-10000; 0..1 with attack/decay
    std::array<float, 4> bands {};
    float momentaryLufs = -70.0f;    // BS.1770 over the last 400 ms (-70 floor)
    float shortTermLufs = -70.0f;    // over the last 3 s
    std::uint64_t droppedFrames = 0; // capture overruns so far
};

// Slow results, every interval over the rolling window. Only fields whose bit is set in
// the valid masks were computed; the others are 0 and must not be shown or sent.
struct SlowSnapshot
{
    double time = 0.0;          // end of the window, seconds since prepare
    double windowSeconds = 0.0; // configured window
    float windowFill = 0.0f;    // 0..1 of the window that holds audio
    bool warmingUp = true;      // window less than the warm-up fraction full
    std::array<float, kNumDims> fingerprint {};
    std::uint32_t fingerprintValid = 0; // bit i = Dim i computed
    std::array<float, kNumMoods> mood {};
    std::uint32_t moodValid = 0;

    bool has(Dim d) const noexcept { return (fingerprintValid >> static_cast<int>(d)) & 1u; }
    void set(Dim d, float v) noexcept
    {
        fingerprint[static_cast<std::size_t>(d)] = v;
        fingerprintValid |= 1u << static_cast<int>(d);
    }
    float get(Dim d) const noexcept { return fingerprint[static_cast<std::size_t>(d)]; }
};

static_assert(std::is_trivially_copyable_v<FastFrame>);
static_assert(std::is_trivially_copyable_v<SlowSnapshot>);

} // namespace moodscope
