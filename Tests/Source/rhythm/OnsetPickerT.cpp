// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "Signals.h"
#include "rhythm/OnsetPicker.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
struct PickedOnsets
{
    std::size_t onsets = 0;
    double seconds = 0.0;
    double meanStrength = 0.0; // at the onset hops
    float maxStrength = 0.0f;  // over all hops
    double rate() const { return static_cast<double>(onsets) / seconds; }
};

PickedOnsets pickOnsets(const std::vector<float>& mono, double sampleRate, double from)
{
    const auto sink = run(mono, mono, sampleRate);
    PickedOnsets c;
    double strengthSum = 0.0;
    for (const auto& f : sink.fast)
    {
        if (f.time < from)
            continue;
        c.maxStrength = std::max(c.maxStrength, f.onsetStrength);
        REQUIRE(f.onsetStrength >= 0.0f);
        REQUIRE(f.onsetStrength <= 1.0f);
        if (f.onset)
        {
            ++c.onsets;
            strengthSum += f.onsetStrength;
        }
    }
    c.seconds = sink.fast.back().time - from;
    c.meanStrength = c.onsets > 0 ? strengthSum / static_cast<double>(c.onsets) : 0.0;
    return c;
}
} // namespace

TEST_CASE("onset flag on a 4 Hz click train does not depend on level", "[onsetpicker]")
{
    const double sampleRate = GENERATE(44100.0, 48000.0, 96000.0);
    const auto loud = pickOnsets(clickTrack(4.0, 10.0, sampleRate, dbToGain(-6.0)), sampleRate, 0.5);
    const auto quiet = pickOnsets(clickTrack(4.0, 10.0, sampleRate, dbToGain(-36.0)), sampleRate, 0.5);
    INFO(sampleRate << " Hz: -6 dBFS " << loud.rate() << " onsets/s (strength " << loud.meanStrength << "), -36 dBFS "
                    << quiet.rate() << " onsets/s (strength " << quiet.meanStrength << ")");
    CHECK(loud.rate() == Approx(4.0).margin(0.15));
    CHECK(quiet.rate() == Approx(4.0).margin(0.15));
    CHECK(loud.onsets == quiet.onsets);
    CHECK(quiet.meanStrength == Approx(loud.meanStrength).margin(0.05));
    CHECK(loud.meanStrength > 0.5);
}

TEST_CASE("onset flag on a drum loop follows the hits", "[onsetpicker]")
{
    // kick or snare on every beat, hats on every eighth: 4 onsets per second at 120 BPM
    for (double db : { -6.0, -30.0 })
    {
        DrumLoopOptions o;
        o.bpm = 120.0;
        o.seconds = 12.0;
        o.gain = dbToGain(db);
        const auto c = pickOnsets(drumLoop(o), o.sampleRate, 1.0);
        INFO(db << " dB: " << c.rate() << " onsets/s");
        CHECK(c.rate() == Approx(4.0).margin(0.3));
    }
}

TEST_CASE("no onsets on steady tones and silence", "[onsetpicker]")
{
    const double sampleRate = 48000.0;
    SECTION("sine")
    {
        const auto c = pickOnsets(sine(440.0, 0.5, 10.0, sampleRate), sampleRate, 0.5);
        CHECK(c.onsets == 0);
        CHECK(c.maxStrength < 0.2f);
    }
    SECTION("chord")
    {
        const auto c = pickOnsets(chord({ 60, 64, 67 }, 0.3, 10.0, sampleRate), sampleRate, 0.5);
        CHECK(c.onsets == 0);
    }
    SECTION("silence")
    {
        const auto c =
            pickOnsets(std::vector<float>(static_cast<std::size_t>(10.0 * sampleRate), 0.0f), sampleRate, 0.0);
        CHECK(c.onsets == 0);
        CHECK(c.maxStrength == 0.0f);
    }
}

TEST_CASE("onset picker: refractory period and bad input", "[onsetpicker]")
{
    OnsetPicker picker;
    const double hop = 0.0116;
    picker.prepare(hop);
    // two rises 2 hops apart: the second falls in the refractory period
    std::size_t onsets = 0;
    for (float v : { 0.0f, 1.0f, 0.2f, 1.0f, 0.1f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f })
        onsets += picker.process(v).onset ? 1 : 0;
    CHECK(onsets == 2);
    for (float v : { std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -1.0f })
    {
        const auto r = picker.process(v);
        CHECK_FALSE(r.onset);
        CHECK(std::isfinite(r.strength));
        CHECK(std::isfinite(picker.threshold()));
    }
}
