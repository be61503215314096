// SPDX-License-Identifier: GPL-3.0-or-later
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "Signals.h"
#include "rhythm/BeatTracker.h"
#include "rhythm/Tempo.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

namespace {
struct Tracked
{
    OnsetEnvelope env;
    float bpm = 0.0f;
    std::vector<float> beats;
};

// The engine's chain: envelope -> tempo -> beats.
Tracked trackBeats(const std::vector<float>& audio, double sampleRate)
{
    Tracked t;
    t.env = onsetEnvelope(audio, sampleRate);
    const std::size_t n = t.env.strength.size();
    TempoEstimator tempo;
    tempo.prepare(n, t.env.hopSeconds());
    t.bpm = tempo.estimate(t.env.strength.data(), n).bpm;
    BeatTracker tracker;
    tracker.prepare(n);
    t.beats.resize(512);
    t.beats.resize(tracker.track(t.env.strength.data(), n, t.env.hopSeconds(), t.bpm, t.beats.data(), t.beats.size()));
    return t;
}

float stabilityOf(const DrumLoopOptions& o)
{
    const auto t = trackBeats(drumLoop(o), o.sampleRate);
    return rhythmStability(t.beats.data(), t.beats.size());
}
} // namespace

TEST_CASE("beats of a 128 BPM loop land on the true beats", "[beats]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 8.0;
    const auto t = trackBeats(drumLoop(o), o.sampleRate);
    const double period = 60.0 / o.bpm;
    std::size_t counted = 0, hits = 0;
    for (float b : t.beats)
    {
        const double when = t.env.onsetSeconds(b);
        if (when < 1.0)
            continue;
        ++counted;
        const double error = when - std::round(when / period) * period;
        hits += std::abs(error) <= 0.025 ? 1 : 0;
    }
    // 7 s after the first second hold 15 beats; the tracker may stop one short of the end
    CHECK(counted >= 14);
    CHECK(counted <= 16);
    CHECK(static_cast<double>(hits) >= 0.9 * static_cast<double>(counted));
    for (std::size_t i = 1; i < t.beats.size(); ++i)
        CHECK(t.beats[i] > t.beats[i - 1]);
}

TEST_CASE("rhythm stability is high for a steady loop and drops with timing jitter", "[beats]")
{
    DrumLoopOptions o;
    o.bpm = 120.0;
    o.seconds = 8.0;
    o.velocityVariation = 0.3;
    const float steady = stabilityOf(o);
    o.jitterSeconds = 0.03;
    const float jittered = stabilityOf(o);
    o.jitterSeconds = 0.06;
    const float sloppy = stabilityOf(o);
    INFO("steady " << steady << ", +-30 ms " << jittered << ", +-60 ms " << sloppy);
    CHECK(steady > 0.98f);
    // +-30 ms uniform per hit at 500 ms beats: the inter-beat intervals have a CV of about
    // sqrt(2) * 0.03 / sqrt(3) / 0.5 = 0.049, so 1 / (1 + CV) can only fall to about 0.95
    CHECK(jittered < steady - 0.025f);
    CHECK(jittered > 0.85f);
    CHECK(sloppy < jittered);
}

TEST_CASE("rhythm stability from beat positions", "[beats]")
{
    const std::vector<float> grid { 10.0f, 53.0f, 96.0f, 139.0f, 182.0f };
    CHECK(rhythmStability(grid.data(), grid.size()) == Approx(1.0f));
    // intervals 40 and 60: mean 50, std 10, CV 0.2
    const std::vector<float> uneven { 0.0f, 40.0f, 100.0f };
    CHECK(rhythmStability(uneven.data(), uneven.size()) == Approx(1.0 / 1.2));
    CHECK(rhythmStability(grid.data(), 2) == 0.0f);
    CHECK(rhythmStability(nullptr, 0) == 0.0f);
    const std::vector<float> stuck { 5.0f, 5.0f, 5.0f };
    CHECK(rhythmStability(stuck.data(), stuck.size()) == 0.0f);
}

TEST_CASE("beat tracking of signals without a pulse gives no stability and no NaN", "[beats]")
{
    const double sr = 44100.0;
    for (const auto& signal : pulselessSignals(sr))
    {
        const std::vector<float>* x = &signal;
        const auto t = trackBeats(*x, sr);
        CHECK(rhythmStability(t.beats.data(), t.beats.size()) == 0.0f);
        for (float b : t.beats)
            CHECK(std::isfinite(b));
    }

    // a tempo forced onto the impulse still yields finite beats, at most the impulse itself
    const auto env = onsetEnvelope(pulselessSignals(sr)[2], sr);
    BeatTracker tracker;
    tracker.prepare(env.strength.size());
    std::vector<float> beats(64);
    const std::size_t count =
        tracker.track(env.strength.data(), env.strength.size(), env.hopSeconds(), 120.0f, beats.data(), beats.size());
    CHECK(count <= 1);
    CHECK(rhythmStability(beats.data(), count) == 0.0f);
    CHECK(tracker.track(env.strength.data(), env.strength.size(), env.hopSeconds(), 0.0f, beats.data(), beats.size()) ==
          0);
}

TEST_CASE("beat tracking keeps the latest beats when the output is short", "[beats]")
{
    DrumLoopOptions o;
    o.bpm = 120.0;
    o.seconds = 8.0;
    const auto full = trackBeats(drumLoop(o), o.sampleRate);
    REQUIRE(full.beats.size() > 8);
    BeatTracker tracker;
    tracker.prepare(full.env.strength.size());
    std::vector<float> few(4);
    REQUIRE(tracker.track(full.env.strength.data(), full.env.strength.size(), full.env.hopSeconds(), full.bpm,
                          few.data(), few.size()) == 4);
    CHECK(few.back() == Approx(full.beats.back()));
    CHECK(few.front() == Approx(full.beats[full.beats.size() - 4]));
}
