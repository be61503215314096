// SPDX-License-Identifier: GPL-3.0-or-later
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "rhythm/TempoHold.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace moodscope;
using namespace moodscope::test;

namespace {
// An estimator that has just analysed 8 s of audio: a drum loop at `bpm`, or silence for 0
struct Window
{
    TempoEstimator estimator;
    TempoResult result;
    explicit Window(double bpm, bool pooled = false)
    {
        if (pooled)
            estimator.rememberLevels(2.0);
        DrumLoopOptions o;
        o.bpm = bpm > 0.0 ? bpm : 120.0;
        o.seconds = 8.0;
        auto audio = drumLoop(o);
        if (!(bpm > 0.0))
            std::fill(audio.begin(), audio.end(), 0.0f);
        const auto env = onsetEnvelope(audio, o.sampleRate);
        estimator.prepare(env.strength.size(), env.hopSeconds());
        result = estimator.estimate(env.strength.data(), env.strength.size());
    }
};
} // namespace

TEST_CASE("tempo hold: a slower related estimate the window still supports keeps the held tempo", "[tempo]")
{
    Window w(120.0);
    REQUIRE(w.result.bpm == Approx(120.0f).margin(1.0f));
    TempoHold hold;
    CHECK(hold.apply(w.estimator, w.result) == w.result.bpm);

    // the same window read at 2:3 (a comb peak wandering to 80): 120 still explains it
    const TempoResult slower { 80.0f, w.result.confidence };
    CHECK(hold.apply(w.estimator, slower) == w.result.bpm);
    CHECK(hold.held() == w.result.bpm);

    // a faster level is taken at once: holding it off would keep a half tempo forever
    const TempoResult faster { 2.0f * w.result.bpm, w.result.confidence };
    CHECK(hold.apply(w.estimator, faster) == faster.bpm);
    CHECK(hold.held() == faster.bpm);
}

TEST_CASE("tempo hold: a new tempo the window does not support replaces the held one", "[tempo]")
{
    Window w120(120.0), w90(90.0);
    REQUIRE(w90.result.bpm == Approx(90.0f).margin(1.0f));
    TempoHold hold;
    hold.apply(w120.estimator, w120.result);
    // the music moved to 90 BPM: the new window gives 120 no comb, so 90 is reported
    CHECK(hold.apply(w90.estimator, w90.result) == w90.result.bpm);
    CHECK(hold.held() == w90.result.bpm);
}

TEST_CASE("tempo hold: a window without a tempo of its own keeps a held tempo that still shows", "[tempo]")
{
    // a passage too dense or too quiet for clear onsets: the estimate has no tempo, but the
    // held period still has its comb in the window
    Window w(120.0);
    TempoHold hold;
    hold.apply(w.estimator, w.result);
    CHECK(hold.apply(w.estimator, TempoResult {}) == w.result.bpm);
    CHECK(hold.held() == w.result.bpm);
}

TEST_CASE("tempo hold: a window without tempo where the held one does not show reads 0 and ends the hold", "[tempo]")
{
    Window w(120.0), silence(0.0);
    REQUIRE(silence.result.bpm == 0.0f);
    TempoHold hold;
    hold.apply(w.estimator, w.result);
    CHECK(hold.apply(silence.estimator, silence.result) == 0.0f);
    CHECK(hold.held() == 0.0f);
    // nothing held any more: a slower estimate is reported as it is
    CHECK(hold.apply(w.estimator, TempoResult { 80.0f, 0.5f }) == 80.0f);
    hold.reset();
    CHECK(hold.held() == 0.0f);
}

TEST_CASE("tempo hold: where the estimator pools the stream's octave evidence, the octave below is not held off",
          "[tempo]")
{
    // The held tempo is 120 and the estimate reads 60. Without pooled evidence the hold keeps
    // 120: it still explains the window, and a short window's comb wanders to slower levels.
    // With it, the estimate's octave is the verdict of the stream's last half minute, and
    // holding it off would keep every doubled reading for good.
    Window alone(120.0), pooled(120.0, true);
    REQUIRE(pooled.estimator.remembersLevels());
    REQUIRE_FALSE(alone.estimator.remembersLevels());
    const TempoResult halved { 0.5f * alone.result.bpm, alone.result.confidence };

    TempoHold hold;
    hold.apply(alone.estimator, alone.result);
    CHECK(hold.apply(alone.estimator, halved) == alone.result.bpm);

    TempoHold pooledHold;
    pooledHold.apply(pooled.estimator, pooled.result);
    CHECK(pooledHold.apply(pooled.estimator, halved) == halved.bpm);
    // other slower relations (a comb peak wandering to 2:3) are still held
    pooledHold.apply(pooled.estimator, pooled.result);
    CHECK(pooledHold.apply(pooled.estimator, TempoResult { 80.0f, pooled.result.confidence }) == pooled.result.bpm);
}
