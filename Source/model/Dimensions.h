// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

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

// SPEC §4.3 tempo: what the estimator searches and tempo_bpm holds when a tempo is found
// (0 when none is).
constexpr float kTempoMinBpm = 40.0f, kTempoMaxBpm = 220.0f;

// SPEC §4 groups, in order: every dimension of a group follows the one before.
enum class DimGroup : int
{
    Frequency,
    Dynamics,
    Temporal,
    Spectral,
    Harmonic,
    Variation,
    Stereo,
    Count
};
constexpr int kNumDimGroups = static_cast<int>(DimGroup::Count);

// What similarity search compares together; each group carries one weight (library layer).
enum class SimilarityGroup : int
{
    SpectralBalance, // how the energy spreads over the spectrum
    Timbre,          // brightness and noisiness
    Rhythm,
    Harmony,  // harmony and pitch
    Dynamics, // dynamics and how it changes over the track
    Stereo,
    Loudness, // mostly the mastering level
    Count
};
constexpr int kNumSimilarityGroups = static_cast<int>(SimilarityGroup::Count);

// Everything that is true of one dimension, read by the analysis, the writers, OSC, the
// editor, similarity search and the tests. The table is in Dimensions.cpp.
struct DimInfo
{
    std::string_view name; // JSON/CSV key, OSC /fp/<name>
    DimGroup group;
    // Unit of the value as shown, after displayFactor: "%" for the frequency shares (reported
    // as 0..1 fractions), "" for a plain 0..1 number; the others are reported in it.
    std::string_view unit;
    float min, max; // every reported value lies here (SPEC §4)
    // Physical quantity per 1.0 of the value for the dimensions SPEC §4 defines as a
    // normalized physical one (centroid Hz / 8000); 0 where the value is the quantity.
    float physicalScale;
    // How a person is shown it: the bar spans displayMin..displayMax; the text is the value
    // times displayFactor with displayDecimals and the unit; bipolar bars grow from the
    // middle and show a sign when signedText.
    float displayMin, displayMax;
    float displayFactor;
    int displayDecimals;
    bool bipolar, signedText;
    SimilarityGroup similarity;
};

const DimInfo& dimInfo(Dim d) noexcept;
std::string_view dimName(Dim d) noexcept;
std::string_view dimGroupName(DimGroup g) noexcept;
int dimGroupSize(DimGroup g) noexcept;

// The value of a dimension defined as a normalized physical quantity, from that quantity
// (clipped to the range), and back.
float dimFromPhysical(Dim d, float physical) noexcept;
float dimToPhysical(Dim d, float value) noexcept;

} // namespace moodscope
