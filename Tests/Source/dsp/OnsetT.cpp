// SPDX-License-Identifier: GPL-3.0-or-later
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "Signals.h"
#include "rhythm/BeatTracker.h"
#include "dsp/Onset.h"
#include "rhythm/OnsetCount.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace moodscope;
using namespace moodscope::test;

namespace {
bool allFiniteNonNegative(const std::vector<float>& v)
{
    for (float x : v)
        if (!std::isfinite(x) || x < 0.0f)
            return false;
    return true;
}

std::size_t onsetsOf(const OnsetEnvelope& e)
{
    return countOnsets(e.strength.data(), e.strength.size(), e.hopSeconds());
}

float densityOf(const OnsetEnvelope& e)
{
    return transientDensity(e.strength.data(), e.strength.size(), e.hopSeconds());
}
} // namespace

TEST_CASE("onset envelope peaks at each drum hit, hats weaker than beats", "[onset]")
{
    DrumLoopOptions o;
    o.bpm = 120.0;
    o.seconds = 8.0;
    o.velocityVariation = 0.0;
    const auto e = onsetEnvelope(drumLoop(o), o.sampleRate);
    REQUIRE(allFiniteNonNegative(e.strength));
    // one onset per eighth note: 8 s at 120 BPM hold 32 eighths
    CHECK(onsetsOf(e) == 32);

    // the strongest response near a beat and near an off-beat hat
    auto strongestNear = [&](double seconds) {
        float m = 0.0f;
        for (std::size_t i = 0; i < e.strength.size(); ++i)
            if (std::abs(e.onsetSeconds(static_cast<double>(i)) - seconds) < 0.03)
                m = std::max(m, e.strength[i]);
        return m;
    };
    for (double beat = 1.0; beat < 7.0; beat += 0.5)
    {
        INFO("beat at " << beat << " s");
        CHECK(strongestNear(beat + 0.25) < 0.5f * strongestNear(beat));
        CHECK(strongestNear(beat + 0.125) < 0.1f * strongestNear(beat));
    }
}

TEST_CASE("onset envelope does not depend on level", "[onset]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 8.0;
    o.gain = dbToGain(-6.0);
    const auto loud = onsetEnvelope(drumLoop(o), o.sampleRate);
    o.gain = dbToGain(-30.0);
    const auto quiet = onsetEnvelope(drumLoop(o), o.sampleRate);
    REQUIRE(loud.strength.size() == quiet.strength.size());
    float worst = 0.0f;
    for (std::size_t i = 0; i < loud.strength.size(); ++i)
        worst = std::max(worst, std::abs(loud.strength[i] - quiet.strength[i]));
    CHECK(worst < 1e-3f);
    CHECK(onsetsOf(loud) == onsetsOf(quiet));
    CHECK(onsetsOf(loud) > 30);
}

TEST_CASE("onset envelope agrees across sample rates", "[onset]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 8.0;
    const auto reference = onsetEnvelope(drumLoop(o), o.sampleRate);
    const float peak = *std::max_element(reference.strength.begin(), reference.strength.end());
    for (double sr : { 48000.0, 96000.0 })
    {
        INFO(sr << " Hz");
        o.sampleRate = sr;
        const auto e = onsetEnvelope(drumLoop(o), sr);
        CHECK(onsetsOf(e) == onsetsOf(reference));
        CHECK(*std::max_element(e.strength.begin(), e.strength.end()) == Approx(peak).epsilon(0.15));
    }
}

TEST_CASE("onset envelope of silence, DC and an impulse", "[onset]")
{
    const double sr = 44100.0;
    const auto silence = onsetEnvelope(std::vector<float>(static_cast<std::size_t>(4 * sr), 0.0f), sr);
    CHECK(*std::max_element(silence.strength.begin(), silence.strength.end()) == 0.0f);
    CHECK(onsetsOf(silence) == 0);

    // DC switched on at t = 0 is one onset, after which nothing changes
    const auto dc = onsetEnvelope(std::vector<float>(static_cast<std::size_t>(4 * sr), 0.5f), sr);
    REQUIRE(allFiniteNonNegative(dc.strength));
    CHECK(onsetsOf(dc) <= 1);
    for (std::size_t i = 10; i < dc.strength.size(); ++i)
        CHECK(dc.strength[i] == Approx(0.0f).margin(1e-4));

    std::vector<float> impulse(static_cast<std::size_t>(4 * sr), 0.0f);
    impulse[static_cast<std::size_t>(2 * sr)] = 0.9f;
    const auto e = onsetEnvelope(impulse, sr);
    REQUIRE(allFiniteNonNegative(e.strength));
    CHECK(onsetsOf(e) == 1);
    const auto peakAt = std::max_element(e.strength.begin(), e.strength.end()) - e.strength.begin();
    CHECK(e.onsetSeconds(static_cast<double>(peakAt)) == Approx(2.0).margin(0.012));
}

TEST_CASE("onset detector survives bad input", "[onset]")
{
    OnsetDetector d;
    CHECK(d.process(std::vector<float>(1025, 1.0f)) == 0.0f); // not prepared
    d.prepare(44100.0, 2048);
    CHECK(d.numBands() > 10);
    CHECK(d.process(std::vector<float>(10, 1.0f)) == 0.0f); // too few bins
    std::vector<float> power(1025, 1e-3f);
    power[100] = std::numeric_limits<float>::quiet_NaN();
    power[200] = std::numeric_limits<float>::infinity();
    for (int i = 0; i < 3; ++i)
    {
        const float v = d.process(power);
        CHECK(std::isfinite(v));
        CHECK(v >= 0.0f);
    }
    d.reset();
    CHECK(d.process(std::vector<float>(1025, 0.0f)) == 0.0f);
}

TEST_CASE("transient density rises with the onset rate", "[onset]")
{
    DrumLoopOptions o;
    o.bpm = 120.0;
    o.seconds = 8.0;
    o.hats = false; // kick and snare: 2 onsets per second
    const float quarters = densityOf(onsetEnvelope(drumLoop(o), o.sampleRate));
    o.hats = true; // 8th hats: 4 per second
    const float eighths = densityOf(onsetEnvelope(drumLoop(o), o.sampleRate));
    o.hatsPerBeat = 4; // 16th hats: 8 per second
    const float sixteenths = densityOf(onsetEnvelope(drumLoop(o), o.sampleRate));
    INFO("quarters " << quarters << ", eighths " << eighths << ", sixteenths " << sixteenths);
    CHECK(quarters == Approx(0.2).epsilon(0.2));
    CHECK(eighths == Approx(0.4).epsilon(0.2));
    CHECK(sixteenths == Approx(0.8).epsilon(0.2));
    CHECK(quarters < eighths);
    CHECK(eighths < sixteenths);
}

TEST_CASE("transient density of clicks, silence and noise", "[onset]")
{
    const double sr = 44100.0;
    const auto clicks = onsetEnvelope(clickTrack(4.0, 8.0, sr), sr);
    CHECK(densityOf(clicks) == Approx(0.4).epsilon(0.2));

    // level-independent: the same clicks 40 dB down
    const auto quiet = onsetEnvelope(clickTrack(4.0, 8.0, sr, 0.005), sr);
    CHECK(onsetsOf(quiet) == onsetsOf(clicks));

    const auto silence = onsetEnvelope(std::vector<float>(static_cast<std::size_t>(8 * sr), 0.0f), sr);
    CHECK(densityOf(silence) == 0.0f);
    CHECK(transientDensity(nullptr, 0, 0.0116) == 0.0f);

    // stationary noise: its flux fluctuates, but no excursion stands out from that spread
    const float noise = densityOf(onsetEnvelope(whiteNoise(0.3, 8.0, sr, 5), sr));
    CHECK(noise <= 0.02f);
    // held tones: at most the start itself
    for (const auto& tone : { sine(440.0, 0.25, 8.0, sr), chord({ 60, 64, 67 }, 0.2, 8.0, sr) })
        CHECK(onsetsOf(onsetEnvelope(tone, sr)) <= 1);
}

TEST_CASE("the smallest onset rise follows the envelope's own spread", "[onset]")
{
    // an envelope at 0 except for hits: the absolute floor
    std::vector<float> sparse(1000, 0.0f);
    for (std::size_t i = 50; i < sparse.size(); i += 43)
        sparse[i] = 0.5f;
    CHECK(onsetMinRise(sparse.data(), sparse.size()) == Approx(kOnsetMinRise));
    // a busy envelope, uniform on [0.2, 0.4]: median 0.3, MAD 0.05 -> 5 * 1.4826 * 0.05
    std::vector<float> busy(1000);
    for (std::size_t i = 0; i < busy.size(); ++i)
        busy[i] = 0.2f + 0.2f * static_cast<float>((i * 37) % 1000) / 1000.0f;
    CHECK(onsetMinRise(busy.data(), busy.size()) == Approx(5.0 * 1.4826 * 0.05).epsilon(0.03));
    // nonsense counts as 0
    std::vector<float> bad(100, std::numeric_limits<float>::quiet_NaN());
    CHECK(onsetMinRise(bad.data(), bad.size()) == Approx(kOnsetMinRise));
    CHECK(onsetMinRise(nullptr, 0) == Approx(kOnsetMinRise));
}
