// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "Signals.h"
#include "rhythm/Tempo.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
TempoResult tempoOf(const std::vector<float>& audio, double sampleRate)
{
    const auto env = onsetEnvelope(audio, sampleRate);
    TempoEstimator estimator;
    estimator.prepare(env.strength.size(), env.hopSeconds());
    return estimator.estimate(env.strength.data(), env.strength.size());
}

TempoResult tempoOf(const DrumLoopOptions& o)
{
    return tempoOf(drumLoop(o), o.sampleRate);
}

const double kTempi[] = { 70.0, 90.0, 100.0, 120.0, 128.0, 140.0, 160.0, 174.0 };
} // namespace

TEST_CASE("tempo of drum loops on the default 8 s window reads the beat, not half or double", "[tempo]")
{
    for (double bpm : kTempi)
    {
        DrumLoopOptions o;
        o.bpm = bpm;
        o.seconds = 8.0;
        INFO("loop at " << bpm << " BPM");
        const auto r = tempoOf(o);
        CHECK(r.bpm == Approx(bpm).margin(1.0));
        CHECK(r.confidence > 0.5f);
        CHECK(r.confidence <= 1.0f);
    }
}

TEST_CASE("tempo without hats and with more velocity variation", "[tempo]")
{
    for (double bpm : kTempi)
    {
        DrumLoopOptions o;
        o.bpm = bpm;
        o.seconds = 8.0;
        o.hats = false;
        INFO("loop without hats at " << bpm << " BPM");
        CHECK(tempoOf(o).bpm == Approx(bpm).margin(1.0));
        o.hats = true;
        o.velocityVariation = 0.3;
        o.seed = 7;
        INFO("velocity variation 0.3");
        CHECK(tempoOf(o).bpm == Approx(bpm).margin(1.0));
    }
}

TEST_CASE("tempo agrees across sample rates", "[tempo]")
{
    for (double sr : { 48000.0, 96000.0 })
        for (double bpm : { 120.0, 174.0 })
        {
            DrumLoopOptions o;
            o.bpm = bpm;
            o.seconds = 8.0;
            o.sampleRate = sr;
            INFO(bpm << " BPM at " << sr << " Hz");
            CHECK(tempoOf(o).bpm == Approx(bpm).margin(1.0));
        }
}

TEST_CASE("tempo of a whole file: 60 s loops and a 4 minute envelope", "[tempo]")
{
    for (double bpm : kTempi)
    {
        DrumLoopOptions o;
        o.bpm = bpm;
        o.seconds = 60.0;
        INFO("60 s loop at " << bpm << " BPM");
        CHECK(tempoOf(o).bpm == Approx(bpm).margin(1.0));
    }
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 240.0;
    o.jitterSeconds = 0.005;
    const auto env = onsetEnvelope(drumLoop(o), o.sampleRate);
    REQUIRE(env.strength.size() > 20000);
    TempoEstimator estimator;
    estimator.prepare(env.strength.size(), env.hopSeconds());
    CHECK(estimator.estimate(env.strength.data(), env.strength.size()).bpm == Approx(128.0).margin(1.0));
    // a shorter preparation analyses the latest frames only
    estimator.prepare(690, env.hopSeconds());
    CHECK(estimator.estimate(env.strength.data(), env.strength.size()).bpm == Approx(128.0).margin(1.0));
}

TEST_CASE("tempo of a click track at two clicks per second is 120", "[tempo]")
{
    const auto r = tempoOf(clickTrack(2.0, 8.0, 44100.0), 44100.0);
    CHECK(r.bpm == Approx(120.0).margin(1.0));
    CHECK(r.confidence > 0.5f);
}

TEST_CASE("tempo does not depend on level", "[tempo]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 8.0;
    o.gain = dbToGain(-6.0);
    const auto loud = tempoOf(o);
    o.gain = dbToGain(-30.0);
    const auto quiet = tempoOf(o);
    CHECK(loud.bpm == Approx(128.0).margin(1.0));
    CHECK(quiet.bpm == Approx(loud.bpm).margin(0.01));
    CHECK(quiet.confidence == Approx(loud.confidence).margin(0.01));
}

TEST_CASE("tempo of signals without a pulse is 0 and never NaN", "[tempo]")
{
    const double sr = 44100.0;
    for (const auto& signal : pulselessSignals(sr))
    {
        const std::vector<float>* x = &signal;
        const auto r = tempoOf(*x, sr);
        CHECK(r.bpm == 0.0f);
        CHECK(std::isfinite(r.confidence));
    }
    const auto noise = tempoOf(whiteNoise(0.3, 8.0, sr, 3), sr);
    CHECK(noise.bpm == 0.0f);
    CHECK((noise.confidence >= 0.0f && noise.confidence <= 1.0f));
    // held tones: their residual flux ripples periodically, but no onset rises above it
    CHECK(tempoOf(sine(440.0, 0.25, 8.0, sr), sr).bpm == 0.0f);
    CHECK(tempoOf(chord({ 60, 64, 67 }, 0.2, 8.0, sr), sr).bpm == 0.0f);
    CHECK(tempoOf(harmonicTone(110.0, 0.2, 8.0, sr, 10), sr).bpm == 0.0f);

    // too short to hold a 40 BPM period twice, and nonsense input
    DrumLoopOptions o;
    o.seconds = 2.0;
    CHECK(tempoOf(o).bpm == 0.0f);
    TempoEstimator estimator;
    CHECK(estimator.estimate(nullptr, 0).bpm == 0.0f);
    estimator.prepare(1000, 0.0116);
    std::vector<float> bad(1000, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t i = 0; i < bad.size(); i += 43)
        bad[i] = std::numeric_limits<float>::infinity();
    const auto r = estimator.estimate(bad.data(), bad.size());
    CHECK(std::isfinite(r.bpm));
    CHECK(std::isfinite(r.confidence));
}

TEST_CASE("held tones and noise in the rolling window: no tempo, no transients", "[tempo][onset]")
{
    // 8 s window: from 10 s on the window holds only the steady part, where the envelope's largest
    // value is residual flux; scaled to the window's maximum it used to read as 10 onsets/s and a
    // steady tempo.
    const double sr = 44100.0;
    const std::pair<const char*, std::vector<float>> signals[] = {
        { "sine", sine(440.0, 0.25, 24.0, sr) },
        { "chord", chord({ 60, 64, 67 }, 0.2, 24.0, sr) },
        { "white noise", whiteNoise(0.2, 24.0, sr, 9) },
    };
    for (const auto& [name, x] : signals)
    {
        const auto sink = run(x, x, sr);
        REQUIRE(!sink.slow.empty());
        int checked = 0;
        for (const auto& s : sink.slow)
        {
            if (s.time < 10.0 || s.warmingUp)
                continue;
            INFO(name << " at " << s.time << " s");
            CHECK(s.get(Dim::TempoBpm) == 0.0f);
            CHECK(s.get(Dim::TransientDensity) <= 0.02f);
            CHECK(s.get(Dim::RhythmStability) == 0.0f);
            ++checked;
        }
        CHECK(checked >= 7); // every 2 s from 10 to 24 s
    }
    // and a drum loop still reads its tempo and its eighths in the same setting
    DrumLoopOptions o;
    o.seconds = 24.0;
    const auto drums = drumLoop(o);
    const auto last = run(drums, drums, o.sampleRate).slow.back();
    CHECK(last.get(Dim::TempoBpm) == Approx(120.0).margin(1.0));
    CHECK(last.get(Dim::TransientDensity) == Approx(0.4).margin(0.05));
}

namespace {
// An onset envelope (one value per 512-sample hop at 44.1 kHz) with a peak on every beat, the
// odd beats `oddBeat` times as strong, and eighth notes `eighth` times as strong, over a little
// noise.
std::vector<float> accentedEnvelope(double bpm, double oddBeat, double eighth, double seconds = 8.0)
{
    const double hop = 512.0 / 44100.0;
    std::vector<float> env(static_cast<std::size_t>(seconds / hop), 0.0f);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> noise(0.0f, 0.02f);
    for (auto& v : env)
        v = noise(rng);
    auto peak = [&](double t, double height) {
        const auto i = static_cast<std::size_t>(std::lround(t / hop));
        for (std::size_t k = 0; k < 3 && i + k < env.size(); ++k)
            env[i + k] += static_cast<float>(height * (k == 0 ? 1.0 : k == 1 ? 0.5 : 0.2));
    };
    const double beat = 60.0 / bpm;
    for (int k = 0; k * beat < seconds; ++k)
    {
        peak(k * beat, k % 2 == 0 ? 1.0 : oddBeat);
        if (eighth > 0.0)
            peak((k + 0.5) * beat, eighth);
    }
    return env;
}

float tempoOfEnvelope(const std::vector<float>& env)
{
    TempoEstimator estimator;
    estimator.prepare(env.size(), 512.0 / 44100.0);
    return estimator.estimate(env.data(), env.size()).bpm;
}
} // namespace

TEST_CASE("the beat is the level a listener taps: half-time and subdivisions climb or stay by a tapping prior",
          "[tempo]")
{
    // a 110 BPM groove in half-time feel (beats 2 and 4 a third as strong as 1 and 3): 55 BPM
    // is too slow to tap when a beat falls between its pulses
    CHECK(tempoOfEnvelope(accentedEnvelope(110.0, 0.35, 0.0)) == Approx(110.0).margin(1.0));
    // a 105 BPM groove with strong eighths: 210 BPM is a subdivision, not the beat
    CHECK(tempoOfEnvelope(accentedEnvelope(105.0, 1.0, 0.7)) == Approx(105.0).margin(1.0));
    // between the two a slow backbeat keeps its tempo: 70 BPM with eighths a third as strong
    CHECK(tempoOfEnvelope(accentedEnvelope(70.0, 1.0, 0.25)) == Approx(70.0).margin(1.0));
    // and a fast pulse of equal beats is read at its own rate
    CHECK(tempoOfEnvelope(accentedEnvelope(180.0, 1.0, 0.0)) == Approx(180.0).margin(1.0));
    // The bar between 95 and 190 BPM lies between two charted songs: a 95 BPM song whose eighths
    // carry 0.71 of its beats stays at 95, a 190 BPM one whose weak beats carry 0.79 of the strong
    // ones climbs to 190.
    CHECK(tempoOfEnvelope(accentedEnvelope(95.0, 1.0, 0.71)) == Approx(95.0).margin(1.0));
    CHECK(tempoOfEnvelope(accentedEnvelope(190.0, 0.79, 0.0)) == Approx(190.0).margin(1.0));
}

TEST_CASE("a few strong hits off the groove do not pull the beat down an octave", "[tempo]")
{
    // A 168 BPM groove of equal beats whose first 2.3 s also hold four loud hits, two beats apart
    // and a quarter of a beat off the groove: a pickup or a fill. Grids of the slower level (84)
    // chosen on their own pulses settle on those hits, and their mid positions miss the beats.
    const double hop = 512.0 / 44100.0, beat = 60.0 / 168.0;
    auto env = accentedEnvelope(168.0, 1.0, 0.0);
    REQUIRE(tempoOfEnvelope(env) == Approx(168.0).margin(1.0));
    for (int k = 0; k < 4; ++k)
    {
        const auto i = static_cast<std::size_t>(std::lround((0.25 + 2.0 * k) * beat / hop));
        env[i] += 4.0f;
        env[i + 1] += 2.0f;
    }
    CHECK(tempoOfEnvelope(env) == Approx(168.0).margin(1.0));
}

TEST_CASE("a stream keeps the level its windows have shown: one window of strong eighths does not double the tempo",
          "[tempo]")
{
    // 8 s windows every 2 s, as the rolling fingerprint takes them: 20 s of a 100 BPM song whose
    // eighths carry half of its beats, then a section whose eighths are as strong as the beats.
    // Alone, such a window reads 200; a listener who has tapped 100 for 20 s goes on tapping 100.
    const auto weak = accentedEnvelope(100.0, 1.0, 0.5), even = accentedEnvelope(100.0, 1.0, 1.0);
    REQUIRE(tempoOfEnvelope(weak) == Approx(100.0).margin(1.0));
    REQUIRE(tempoOfEnvelope(even) == Approx(200.0).margin(2.0));

    TempoEstimator stream;
    stream.prepare(weak.size(), 512.0 / 44100.0);
    stream.rememberLevels(2.0);
    REQUIRE(stream.remembersLevels());
    for (int i = 0; i < 10; ++i)
        CHECK(stream.estimate(weak.data(), weak.size()).bpm == Approx(100.0).margin(1.0));
    CHECK(stream.estimate(even.data(), even.size()).bpm == Approx(100.0).margin(1.0));
    // if the section goes on, the old evidence fades and the stream follows it
    int windows = 1;
    while (windows < 60 && stream.estimate(even.data(), even.size()).bpm < 150.0f)
        ++windows;
    INFO("windows of even eighths before the stream reads 200: " << windows);
    CHECK(windows > 3);
    CHECK(windows < 30);
    CHECK(stream.estimate(even.data(), even.size()).bpm == Approx(200.0).margin(2.0));

    // forgetting the stream (a new file, a reset) decides on the next window alone
    stream.forgetLevels();
    CHECK(stream.estimate(weak.data(), weak.size()).bpm == Approx(100.0).margin(1.0));
    stream.forgetLevels();
    CHECK(stream.estimate(even.data(), even.size()).bpm == Approx(200.0).margin(2.0));
}
