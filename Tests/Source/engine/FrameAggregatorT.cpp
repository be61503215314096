// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "OnsetEnvelope.h"
#include "engine/FrameAggregator.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
// frames that carry only the onset envelope of a drum loop at the given tempo
std::vector<SpectralFrame> drumFrames(double bpm, double& hopSeconds)
{
    DrumLoopOptions o;
    o.bpm = bpm;
    o.seconds = 8.0;
    const auto env = onsetEnvelope(drumLoop(o), o.sampleRate);
    hopSeconds = env.hopSeconds();
    std::vector<SpectralFrame> frames(env.strength.size());
    for (std::size_t i = 0; i < frames.size(); ++i)
        frames[i].onset = env.strength[i];
    return frames;
}

SlowSnapshot aggregate(FrameAggregator& agg, const std::vector<SpectralFrame>& frames)
{
    agg.gather([&](std::size_t i) -> const SpectralFrame& { return frames[i]; }, frames.size());
    SlowSnapshot s;
    agg.compute(s);
    return s;
}
} // namespace

TEST_CASE("lazy tempo repeats the last tempo and flags it", "[lazytempo]")
{
    double hop = 0.0;
    const auto at120 = drumFrames(120.0, hop);
    const auto at90 = drumFrames(90.0, hop);
    FrameAggregator agg;
    agg.prepare(at120.size(), hop);

    SECTION("lazy from the start: 0")
    {
        agg.setLazyTempo(true);
        const auto s = aggregate(agg, at120);
        CHECK(s.tempoSkipped);
        CHECK(s.has(Dim::TempoBpm));
        CHECK(s.get(Dim::TempoBpm) == 0.0f);
        CHECK(s.get(Dim::RhythmStability) == 0.0f);
        CHECK(s.get(Dim::TransientDensity) > 0.0f); // onset counting is not tempo work
    }
    SECTION("lazy after a tempo: the last one, until tempo is back on")
    {
        const auto first = aggregate(agg, at120);
        CHECK_FALSE(first.tempoSkipped);
        CHECK(first.get(Dim::TempoBpm) == Approx(120.0).margin(1.0));
        agg.setLazyTempo(true);
        const auto lazy = aggregate(agg, at90);
        CHECK(lazy.tempoSkipped);
        CHECK(lazy.get(Dim::TempoBpm) == first.get(Dim::TempoBpm));
        CHECK(lazy.get(Dim::RhythmStability) == first.get(Dim::RhythmStability));
        agg.setLazyTempo(false);
        const auto back = aggregate(agg, at90);
        CHECK_FALSE(back.tempoSkipped);
        CHECK(back.get(Dim::TempoBpm) == Approx(90.0).margin(1.0));
    }
}

TEST_CASE("lazy tempo through the analyzer: only tempo and stability change", "[lazytempo]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 12.0;
    const auto audio = drumLoop(o);
    EngineConfig lazy;
    lazy.lazyTempo = true;
    const auto normalRun = run(audio, audio, o.sampleRate);
    const auto lazyRun = run(audio, audio, o.sampleRate, lazy);
    REQUIRE(normalRun.slow.size() == lazyRun.slow.size());
    std::size_t full = 0;
    for (std::size_t i = 0; i < lazyRun.slow.size(); ++i)
    {
        const auto& n = normalRun.slow[i];
        const auto& l = lazyRun.slow[i];
        if (l.warmingUp)
            continue;
        ++full;
        CHECK_FALSE(n.tempoSkipped);
        CHECK(l.tempoSkipped);
        CHECK(n.get(Dim::TempoBpm) == Approx(128.0).margin(1.0));
        CHECK(l.get(Dim::TempoBpm) == 0.0f);
        CHECK(l.get(Dim::RhythmStability) == 0.0f);
        for (int d = 0; d < kNumDims; ++d)
            if (d != static_cast<int>(Dim::TempoBpm) && d != static_cast<int>(Dim::RhythmStability))
                CHECK(l.fingerprint[static_cast<std::size_t>(d)] == n.fingerprint[static_cast<std::size_t>(d)]);
    }
    CHECK(full >= 4);
    // the live beat tracker is not part of the slow tempo: lights keep their beats
    std::size_t pulses = 0;
    for (const auto& f : lazyRun.fast)
        pulses += f.beat ? 1 : 0;
    CHECK(pulses > 15);
}
