// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "Signals.h"
#include "engine/Engine.h"
#include "capture/HostTransport.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
// Runs the Analyzer over audio in blocks, stating the transport before each block as a host would:
// transportAt(firstSampleOfBlock) gives the HostTransport for that block.
template <typename TransportAt>
CollectingSink runWithTransport(const std::vector<float>& mono, double sampleRate, std::size_t block,
                                const TransportAt& transportAt)
{
    Analyzer analyzer;
    analyzer.prepare(sampleRate, EngineConfig {});
    CollectingSink sink;
    for (std::size_t i = 0; i < mono.size(); i += block)
    {
        HostTransport t = transportAt(i);
        t.samplePosition = i;
        analyzer.setHostTransport(t);
        const std::size_t n = std::min(block, mono.size() - i);
        analyzer.process(mono.data() + i, mono.data() + i, n, sink);
    }
    return sink;
}

HostTransport playing(double bpm, double ppq)
{
    HostTransport t;
    t.playing = true;
    t.bpm = bpm;
    t.ppqPosition = ppq;
    t.barStartPpq = 4.0 * std::floor(ppq / 4.0);
    return t;
}

// distance between two phases on a circle of the given length
double phaseError(double a, double b, double length)
{
    const double d = std::abs(std::fmod(a - b, length));
    return std::min(d, length - d);
}

std::vector<double> hostBeatTimes(const CollectingSink& sink)
{
    std::vector<double> out;
    for (const auto& f : sink.fast)
        if (f.hostBeat)
            out.push_back(f.time);
    return out;
}
} // namespace

TEST_CASE("host transport: beats every 0.6 s at 100 BPM, phases advance linearly", "[host]")
{
    const double sampleRate = GENERATE(44100.0, 96000.0);
    const std::size_t block = GENERATE(std::size_t { 64 }, std::size_t { 1024 });
    DrumLoopOptions o; // any audio: the host clock does not listen to it
    o.sampleRate = sampleRate;
    o.seconds = 12.0;
    const auto sink = runWithTransport(drumLoop(o), sampleRate, block, [&](std::size_t start) {
        return playing(100.0, static_cast<double>(start) / sampleRate * 100.0 / 60.0);
    });
    const double hop = sink.fast[1].time - sink.fast[0].time;
    const auto beats = hostBeatTimes(sink);
    REQUIRE(beats.size() == 20); // beats 0, 0.6, ... 11.4
    CHECK(beats.front() <= hop + 1e-9);
    for (std::size_t i = 1; i < beats.size(); ++i)
        CHECK(beats[i] - beats[i - 1] == Approx(0.6).margin(hop + 1e-9));
    for (std::size_t i = 0; i < beats.size(); ++i)
    {
        // the beat lies within the hop that flags it
        CHECK(beats[i] >= 0.6 * static_cast<double>(i) - 1e-9);
        CHECK(beats[i] < 0.6 * static_cast<double>(i) + hop + 1e-9);
    }
    double worstBeat = 0.0, worstBar = 0.0;
    for (const auto& f : sink.fast)
    {
        REQUIRE(f.hostSynced);
        REQUIRE(f.hostBpm == 100.0f);
        const double position = f.time * 100.0 / 60.0;
        worstBeat = std::max(worstBeat, phaseError(f.hostBeatPhase, position, 1.0));
        worstBar = std::max(worstBar, phaseError(f.hostBarPhase, position, 4.0));
        CHECK(f.hostBarPhase >= 0.0f);
        CHECK(f.hostBarPhase < 4.0f);
    }
    INFO("worst beat phase error " << worstBeat << ", bar phase error " << worstBar);
    CHECK(worstBeat < 1e-4);
    CHECK(worstBar < 1e-4);
}

TEST_CASE("host transport: stopped, unknown and odd meters", "[host]")
{
    const double sr = 48000.0;
    const auto audio = sine(220.0, 0.3, 6.0, sr);

    SECTION("not playing: no sync, the tempo is still reported")
    {
        const auto sink = runWithTransport(audio, sr, 512, [](std::size_t) {
            HostTransport t = playing(100.0, 0.0);
            t.playing = false;
            return t;
        });
        for (const auto& f : sink.fast)
        {
            REQUIRE_FALSE(f.hostSynced);
            REQUIRE_FALSE(f.hostBeat);
            REQUIRE(f.hostBpm == 100.0f);
        }
    }
    SECTION("never told: nothing")
    {
        const auto sink = run(audio, audio, sr);
        for (const auto& f : sink.fast)
        {
            REQUIRE_FALSE(f.hostSynced);
            REQUIRE_FALSE(f.hostBeat);
            REQUIRE(f.hostBpm == 0.0f);
        }
    }
    SECTION("nonsense values: not synced, all finite")
    {
        for (double bpm : { 0.0, -120.0, std::nan(""), HUGE_VAL })
        {
            const auto sink = runWithTransport(audio, sr, 512, [&](std::size_t) { return playing(bpm, 0.0); });
            for (const auto& f : sink.fast)
            {
                REQUIRE_FALSE(f.hostSynced);
                REQUIRE(std::isfinite(f.hostBpm));
            }
        }
        const auto sink = runWithTransport(audio, sr, 512, [&](std::size_t) {
            HostTransport t = playing(120.0, std::nan(""));
            t.numerator = 0;
            t.denominator = -3;
            return t;
        });
        for (const auto& f : sink.fast)
            REQUIRE_FALSE(f.hostSynced);
    }
    SECTION("3/4: bar phase 0..3")
    {
        const auto sink = runWithTransport(audio, sr, 512, [&](std::size_t start) {
            HostTransport t = playing(120.0, static_cast<double>(start) / sr * 2.0);
            t.numerator = 3;
            t.barStartPpq = 3.0 * std::floor(t.ppqPosition / 3.0);
            return t;
        });
        float maxBar = 0.0f;
        for (const auto& f : sink.fast)
        {
            maxBar = std::max(maxBar, f.hostBarPhase);
            const double position = f.time * 2.0;
            CHECK(phaseError(f.hostBarPhase, position, 3.0) < 1e-3);
        }
        CHECK(maxBar > 2.9f);
        CHECK(maxBar < 3.0f);
    }
    SECTION("6/8: the beat is the eighth note")
    {
        const auto sink = runWithTransport(audio, sr, 512, [&](std::size_t start) {
            HostTransport t = playing(100.0, static_cast<double>(start) / sr * 100.0 / 60.0);
            t.numerator = 6;
            t.denominator = 8;
            return t;
        });
        const auto beats = hostBeatTimes(sink);
        const double hop = sink.fast[1].time - sink.fast[0].time;
        REQUIRE(beats.size() == 20); // every 0.3 s over 6 s
        for (std::size_t i = 1; i < beats.size(); ++i)
            CHECK(beats[i] - beats[i - 1] == Approx(0.3).margin(hop + 1e-9));
    }
    SECTION("a loop jump back to the bar start gives a beat at once")
    {
        // 2 bars at 120 BPM (4 s), then the host jumps back to ppq 0
        const auto loopSamples = static_cast<std::size_t>(4.0 * sr);
        const auto sink = runWithTransport(audio, sr, 512, [&](std::size_t start) {
            const std::size_t inLoop = start % loopSamples;
            HostTransport t = playing(120.0, static_cast<double>(inLoop) / sr * 2.0);
            t.samplePosition = start;
            return t;
        });
        const auto beats = hostBeatTimes(sink);
        const double hop = sink.fast[1].time - sink.fast[0].time;
        REQUIRE(beats.size() == 12); // 8 beats per loop pass, 1.5 passes
        for (std::size_t i = 1; i < beats.size(); ++i)
            CHECK(beats[i] - beats[i - 1] == Approx(0.5).margin(hop + 512.0 / sr));
    }
}

TEST_CASE("host transport mailbox: every read is one whole write", "[host]")
{
    HostTransportMailbox mailbox;
    HostTransport none;
    CHECK_FALSE(mailbox.read(none));
    // the writer runs until the reader has read enough (or a cap): the test does not depend on
    // how the two threads are scheduled
    constexpr std::size_t kWantedReads = 2000;
    constexpr std::uint64_t kMaxWrites = 20'000'000;
    std::atomic<bool> done { false };
    std::atomic<std::size_t> reads { 0 };
    std::uint64_t written = 0;
    std::thread writer([&] {
        for (std::uint64_t k = 1; k <= kMaxWrites && reads.load(std::memory_order_relaxed) < kWantedReads; ++k)
        {
            HostTransport t;
            t.playing = k % 2 == 0;
            t.bpm = static_cast<double>(k);
            t.ppqPosition = 2.0 * static_cast<double>(k);
            t.barStartPpq = 3.0 * static_cast<double>(k);
            t.numerator = static_cast<int>(k % 7);
            t.denominator = static_cast<int>(k % 5);
            t.samplePosition = 4 * k;
            mailbox.write(t);
            written = k;
        }
        done = true;
    });
    std::size_t torn = 0;
    double lastBpm = 0.0;
    bool backwards = false;
    while (!done.load())
    {
        HostTransport t;
        if (!mailbox.read(t))
            continue;
        reads.fetch_add(1, std::memory_order_relaxed);
        const auto k = static_cast<std::uint64_t>(t.bpm);
        torn += t.ppqPosition != 2.0 * t.bpm || t.barStartPpq != 3.0 * t.bpm || t.samplePosition != 4 * k ||
                        t.playing != (k % 2 == 0) || t.numerator != static_cast<int>(k % 7) ||
                        t.denominator != static_cast<int>(k % 5)
                    ? 1
                    : 0;
        backwards = backwards || t.bpm < lastBpm;
        lastBpm = t.bpm;
    }
    writer.join();
    HostTransport last;
    REQUIRE(mailbox.read(last));
    CHECK(last.bpm == static_cast<double>(written));
    INFO(reads.load() << " reads during " << written << " writes");
    CHECK(reads.load() >= kWantedReads);
    CHECK(torn == 0);
    CHECK_FALSE(backwards);
}

TEST_CASE("host transport through the live engine", "[host][engine]")
{
    Engine engine;
    auto fast = engine.fastOutput().subscribe();
    const double sr = 48000.0;
    constexpr int kBlock = 480;
    engine.prepare(sr, kBlock);
    REQUIRE(engine.isRunning());
    const auto audio = sine(440.0, 0.3, 6.0, sr);
    std::vector<FastFrame> frames;
    FastFrame f;
    for (std::size_t i = 0; i + kBlock <= audio.size(); i += kBlock)
    {
        // the host's own sample counter is unrelated to the engine's: the engine ignores it
        HostTransport t = playing(100.0, static_cast<double>(i) / sr * 100.0 / 60.0);
        t.samplePosition = 123456789;
        engine.setHostTransport(t);
        const float* ch[] = { audio.data() + i };
        engine.capture(ch, 1, kBlock);
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // 5x real time
        while (fast.pop(f))
            frames.push_back(f);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline && (frames.empty() || frames.back().time < 5.9))
    {
        while (fast.pop(f))
            frames.push_back(f);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const std::uint64_t overrun = engine.droppedFrames();
    engine.release();
    REQUIRE(frames.size() > 400);
    CHECK(fast.dropped() == 0);
    // Frames after a capture overrun (a slow sanitizer build on a busy machine) are behind the
    // host's clock by the dropped audio: the host position is right, the frame time is not.
    std::vector<double> beats;
    for (const auto& frame : frames)
    {
        CHECK(frame.hostSynced);
        if (frame.droppedFrames > 0)
            break;
        if (frame.hostBeat)
            beats.push_back(frame.time);
        const double position = frame.time * 100.0 / 60.0;
        CHECK(phaseError(frame.hostBeatPhase, position, 1.0) < 1e-3);
    }
    const double hop = frames[1].time - frames[0].time;
    REQUIRE(beats.size() >= 3);
    if (overrun == 0)
        CHECK(beats.size() == 10);
    for (std::size_t i = 1; i < beats.size(); ++i)
        CHECK(beats[i] - beats[i - 1] == Approx(0.6).margin(hop + 1e-9));
}

TEST_CASE("a stated transport plays on at its tempo, a stopped one stays", "[host]")
{
    HostTransport t;
    t.playing = true;
    t.bpm = 120.0;
    t.ppqPosition = 3.5;
    t.barStartPpq = 0.0;
    CHECK(advancedBy(t, 1.5).ppqPosition == Approx(6.5));
    CHECK(advancedBy(t, 1.5).barStartPpq == 0.0); // the clock counts bars from the stated start
    CHECK(advancedBy(t, 0.0).ppqPosition == 3.5);
    t.playing = false;
    CHECK(advancedBy(t, 1.5).ppqPosition == 3.5);
    t.playing = true;
    t.bpm = std::nan("");
    CHECK(advancedBy(t, 1.5).ppqPosition == 3.5);
    t.bpm = 120.0;
    CHECK(advancedBy(t, std::numeric_limits<double>::infinity()).ppqPosition == 3.5);
}
