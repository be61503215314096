// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace moodscope {

// How a lighting-profile address turns what Moodscope measures into one float in 0..1.
enum class LightKind : std::uint8_t
{
    Level,    // mapped linearly from its range (lo → 0, hi → 1) and clamped
    Agc,      // a band level spread over 0..1 by its own running range (automatic gain)
    Pulse,    // 1 for kLightPulseHoldSeconds at each trigger, then 0
    Envelope, // 1 at each trigger, then halving every kLightEnvelopeHalfLifeSeconds
};

// Which OscSettings switch sends an address.
enum class LightChannel : std::uint8_t
{
    Fast,
    Slow,
    PerDimension,
    Events,
};

enum class LightSignal : std::uint8_t
{
    Level,
    Peak,
    Loudness,
    LoudnessShort,
    BandBeat,
    BandBass,
    BandMids,
    BandHigh,
    Beat,
    BeatEnvelope,
    Downbeat,
    DownbeatEnvelope,
    Onset,
    OnsetEnvelope,
    BeatPhase,
    BarPhase,
    Bpm,
    BpmConfidence,
    Window,
    Mood,     // one address per mood metric
    Dim,      // one per fingerprint dimension
    Event,    // one per MoodEvent
    State,    // one per MoodState
    Quadrant, // one per Quadrant
    Count
};
constexpr int kNumLightSignals = static_cast<int>(LightSignal::Count);

// One row of the lighting profile's address table (docs/OSC.md "Lighting profile" is made
// from it, and so is the QLC+ input profile in Resources/qlcplus).
struct LightRow
{
    LightSignal signal;
    std::string_view tail;   // after the prefix; "<name>" stands for each name of a family
    std::string_view source; // what it follows
    LightKind kind;
    float lo, hi;          // Level: the values sent as 0 and 1 (Dim: each dimension's display range instead)
    std::string_view unit; // of lo and hi
    LightChannel channel;
};

const std::array<LightRow, kNumLightSignals>& lightingTable() noexcept; // in LightSignal order

constexpr double kLightPulseHoldSeconds = 0.1;
constexpr double kLightEnvelopeHalfLifeSeconds = 0.125;
// Below this RMS level for kLightSilenceSeconds, every address reads 0.
constexpr float kLightSilenceDb = -60.0f;
constexpr double kLightSilenceSeconds = 0.5;
// Band automatic gain: the running range shrinks towards the level with this time constant
// and widens at once; it never gets narrower than kLightAgcMinSpan (of the band's 0..1),
// so noise is not blown up to full scale.
constexpr double kLightAgcSeconds = 4.0;
constexpr float kLightAgcMinSpan = 0.1f;
// With no analysis frame for this long (the input stopped), every address is sent as 0.
constexpr double kLightStoppedSeconds = 0.5;

// One concrete address of the profile.
struct LightAddress
{
    std::string path; // with the prefix
    const LightRow* row;
    int index;    // within a family (mood metric, dimension, event, state, quadrant), else 0
    float lo, hi; // the range mapped to 0..1 (Level and Dim)
    std::string_view unit;
};

// Every address of the profile, family members in their enum order, rows in table order.
std::vector<LightAddress> lightingAddresses(const std::string& normalizedPrefix);

// Family size of a signal (1 for a single address).
int lightFamilySize(LightSignal s) noexcept;

} // namespace moodscope
