// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscLightingTable.h"

#include "model/Dimensions.h"
#include "model/Mood.h"

namespace moodscope {

namespace {
using S = LightSignal;
using K = LightKind;
using C = LightChannel;
// clang-format off
constexpr std::array<LightRow, kNumLightSignals> kTable {{
    { S::Level,            "/level",            "RMS level (sine-referenced)",                 K::Level,    -60.0f, 0.0f,   "dBFS", C::Fast },
    { S::Peak,             "/peak",             "peak level",                                  K::Level,    -60.0f, 0.0f,   "dBFS", C::Fast },
    { S::Loudness,         "/loudness",         "momentary loudness (400 ms)",                 K::Level,    -60.0f, 0.0f,   "LUFS", C::Fast },
    { S::LoudnessShort,    "/loudness/short",   "short-term loudness (3 s)",                   K::Level,    -60.0f, 0.0f,   "LUFS", C::Fast },
    { S::BandBeat,         "/bands/beat",       "beat band (< 100 Hz)",                        K::Agc,      0.0f,   1.0f,   "",     C::Fast },
    { S::BandBass,         "/bands/bass",       "bass band (100-250 Hz)",                      K::Agc,      0.0f,   1.0f,   "",     C::Fast },
    { S::BandMids,         "/bands/mids",       "mids band (250-3000 Hz)",                     K::Agc,      0.0f,   1.0f,   "",     C::Fast },
    { S::BandHigh,         "/bands/high",       "high band (3000-10000 Hz)",                   K::Agc,      0.0f,   1.0f,   "",     C::Fast },
    { S::Beat,             "/beat",             "beat of the live beat tracker",               K::Pulse,    0.0f,   1.0f,   "",     C::Fast },
    { S::BeatEnvelope,     "/beat/env",         "beat of the live beat tracker",               K::Envelope, 0.0f,   1.0f,   "",     C::Fast },
    { S::Downbeat,         "/downbeat",         "first beat of the tracker's 4/4 bar",         K::Pulse,    0.0f,   1.0f,   "",     C::Fast },
    { S::DownbeatEnvelope, "/downbeat/env",     "first beat of the tracker's 4/4 bar",         K::Envelope, 0.0f,   1.0f,   "",     C::Fast },
    { S::Onset,            "/onset",            "onset (any new note or hit)",                 K::Pulse,    0.0f,   1.0f,   "",     C::Fast },
    { S::OnsetEnvelope,    "/onset/env",        "onset (any new note or hit)",                 K::Envelope, 0.0f,   1.0f,   "",     C::Fast },
    { S::BeatPhase,        "/beat/phase",       "position within the beat",                    K::Level,    0.0f,   1.0f,   "",     C::Fast },
    { S::BarPhase,         "/bar/phase",        "position within the 4/4 bar",                 K::Level,    0.0f,   4.0f,   "beats", C::Fast },
    { S::Bpm,              "/bpm",              "tempo of the live beat tracker (0 until locked)", K::Level, 0.0f,  255.0f, "BPM",  C::Fast },
    { S::BpmConfidence,    "/bpm/confidence",   "confidence of that tempo",                    K::Level,    0.0f,   1.0f,   "",     C::Fast },
    { S::Window,           "/window",           "fill of the rolling window",                  K::Level,    0.0f,   1.0f,   "",     C::Slow },
    { S::Mood,             "/mood/<name>",      "mood metric (energy, valence, ...)",          K::Level,    0.0f,   1.0f,   "",     C::Slow },
    { S::Dim,              "/fp/<name>",        "fingerprint dimension, on the range the editor shows it in", K::Level, 0.0f, 1.0f, "", C::PerDimension },
    { S::Event,            "/event/<name>",     "section event (drop, build_start, ...)",      K::Pulse,    0.0f,   1.0f,   "",     C::Events },
    { S::State,            "/state/<name>",     "mood state entered (silence, groove, ...)",   K::Pulse,    0.0f,   1.0f,   "",     C::Events },
    { S::Quadrant,         "/quadrant/<name>",  "arousal x valence quadrant entered",          K::Pulse,    0.0f,   1.0f,   "",     C::Events },
}};
// clang-format on

constexpr bool inSignalOrder()
{
    for (std::size_t i = 0; i < kTable.size(); ++i)
        if (static_cast<std::size_t>(kTable[i].signal) != i)
            return false;
    return true;
}
static_assert(inSignalOrder(), "lightingTable()[s] is the row of signal s");

std::string_view familyName(S s, int i) noexcept
{
    switch (s)
    {
    case S::Mood:
        return moodName(static_cast<Mood>(i));
    case S::Dim:
        return dimName(static_cast<Dim>(i));
    case S::Event:
        return moodEventName(static_cast<MoodEvent>(i));
    case S::State:
        return moodStateName(static_cast<MoodState>(i));
    case S::Quadrant:
        return quadrantName(static_cast<Quadrant>(i));
    default:
        return {};
    }
}
} // namespace

const std::array<LightRow, kNumLightSignals>& lightingTable() noexcept
{
    return kTable;
}

int lightFamilySize(LightSignal s) noexcept
{
    switch (s)
    {
    case S::Mood:
        return kNumMoods;
    case S::Dim:
        return kNumDims;
    case S::Event:
        return kNumMoodEvents;
    case S::State:
        return static_cast<int>(MoodState::Count);
    case S::Quadrant:
        return static_cast<int>(Quadrant::Count);
    default:
        return 1;
    }
}

std::vector<LightAddress> lightingAddresses(const std::string& normalizedPrefix)
{
    std::vector<LightAddress> out;
    for (const auto& row : kTable)
    {
        const int n = lightFamilySize(row.signal);
        for (int i = 0; i < n; ++i)
        {
            LightAddress a { normalizedPrefix + std::string(row.tail), &row, i, row.lo, row.hi, row.unit };
            if (const auto name = familyName(row.signal, i); !name.empty())
                a.path.replace(a.path.find("<name>"), 6, name);
            if (row.signal == S::Dim)
            {
                const DimInfo& d = dimInfo(static_cast<Dim>(i));
                a.lo = d.displayMin;
                a.hi = d.displayMax;
                a.unit = d.unit == "%" ? std::string_view {} : d.unit; // the shares are 0..1 fractions
            }
            out.push_back(std::move(a));
        }
    }
    return out;
}

} // namespace moodscope
