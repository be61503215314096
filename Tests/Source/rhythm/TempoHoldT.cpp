// SPDX-License-Identifier: GPL-3.0-or-later
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "rhythm/TempoHold.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

namespace {
// An estimator that has just analysed an 8 s drum loop at `bpm`
struct Window
{
    TempoEstimator estimator;
    TempoResult result;
    explicit Window(double bpm)
    {
        DrumLoopOptions o;
        o.bpm = bpm;
        o.seconds = 8.0;
        const auto env = onsetEnvelope(drumLoop(o), o.sampleRate);
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

TEST_CASE("tempo hold: a window without tempo reads 0 and ends the hold", "[tempo]")
{
    Window w(120.0);
    TempoHold hold;
    hold.apply(w.estimator, w.result);
    CHECK(hold.apply(w.estimator, TempoResult {}) == 0.0f);
    CHECK(hold.held() == 0.0f);
    // nothing held any more: a slower estimate is reported as it is
    CHECK(hold.apply(w.estimator, TempoResult { 80.0f, 0.5f }) == 80.0f);
    hold.reset();
    CHECK(hold.held() == 0.0f);
}
