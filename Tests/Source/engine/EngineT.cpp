// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/Engine.h"
#include "Signals.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <thread>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("the live engine analyzes captured audio on its own thread", "[engine]")
{
    Engine engine;
    auto fast = engine.fastOutput().subscribe();
    auto slow = engine.slowOutput().subscribe();
    const double sr = 48000.0;
    EngineConfig config;
    config.windowSeconds = 3.0;
    config.intervalSeconds = 0.5;
    engine.prepare(sr, 512, config);
    REQUIRE(engine.isRunning());

    const auto left = sine(1000.0, 0.5, 3.0, sr);
    auto right = negated(left);
    for (auto& v : right)
        v *= 0.25f; // inverted and quieter: correlation -1, mono downmix 0.375 * left
    for (std::size_t i = 0; i + 512 <= left.size(); i += 512)
    {
        const float* ch[] = { left.data() + i, right.data() + i };
        engine.capture(ch, 2, 512);
        std::this_thread::sleep_for(std::chrono::microseconds(500)); // ~20x real time
    }

    FastFrame f;
    SlowSnapshot s;
    bool gotSlow = false;
    std::size_t fastCount = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline && !(gotSlow && s.time >= 2.4))
    {
        while (fast.pop(f))
            ++fastCount;
        gotSlow = slow.latest(s) || gotSlow;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    while (fast.pop(f))
        ++fastCount;
    REQUIRE(gotSlow);
    CHECK(engine.droppedFrames() == 0);
    CHECK(fastCount > 200);
    // mean square over both channels: (0.5^2 + 0.125^2) / 2 / 2, sine-referenced
    const double expectedDb = 10.0 * std::log10(2.0 * (0.25 + 0.015625) / 4.0);
    CHECK(f.rmsDb == Catch::Detail::Approx(expectedDb).margin(0.1));
    CHECK(f.bands[2] > 0.7f); // mono 0.1875 amplitude = -14.5 dB -> 0.76
    CHECK(f.bands[0] < 0.3f);
    CHECK_FALSE(s.warmingUp);
    CHECK(s.get(Dim::PhaseCorrelation) == Catch::Detail::Approx(-1.0).margin(1e-5));

    // prepare again at another rate: subscriptions survive
    engine.prepare(96000.0, 8192, config);
    REQUIRE(engine.isRunning());
    CHECK(engine.sampleRate() == 96000.0);
    engine.release();
    CHECK_FALSE(engine.isRunning());
    const float* none[] = { left.data(), right.data() };
    engine.capture(none, 2, 512); // released: a no-op, not a crash
}
