// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/StereoRing.h"
#include "engine/RollingWindow.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <limits>
#include <random>
#include <thread>
#include <vector>

using moodscope::StereoRing;

namespace {
// Sample values are exact integers in float (< 2^24), so order can be checked exactly.
constexpr std::uint32_t kWrap = 1u << 24;
float valueAt(std::uint64_t i)
{
    return static_cast<float>(i % kWrap);
}
} // namespace

TEST_CASE("ring sizes itself to a power of two", "[ring]")
{
    StereoRing ring(1000);
    CHECK(ring.capacity() == 1024);
    CHECK(ring.available() == 0);
}

TEST_CASE("ring delivers stereo frames in order across the wrap", "[ring]")
{
    StereoRing ring(8);
    std::vector<float> l(6), r(6), outL(8), outR(8);
    std::uint64_t next = 0, expect = 0;
    for (int round = 0; round < 10; ++round)
    {
        for (std::size_t i = 0; i < l.size(); ++i, ++next)
        {
            l[i] = valueAt(next);
            r[i] = -valueAt(next);
        }
        const float* ch[] = { l.data(), r.data() };
        REQUIRE(ring.write(ch, 2, l.size()) == l.size());
        REQUIRE(ring.read(outL.data(), outR.data(), outL.size()) == l.size());
        for (std::size_t i = 0; i < l.size(); ++i, ++expect)
        {
            REQUIRE(outL[i] == valueAt(expect));
            REQUIRE(outR[i] == -valueAt(expect));
        }
    }
    CHECK(ring.droppedFrames() == 0);
}

TEST_CASE("mono input feeds both sides, extra channels are ignored", "[ring]")
{
    StereoRing ring(16);
    std::vector<float> a { 1, 2, 3 }, b { 4, 5, 6 }, c { 7, 8, 9 };
    const float* mono[] = { a.data() };
    ring.write(mono, 1, 3);
    const float* three[] = { a.data(), b.data(), c.data() };
    ring.write(three, 3, 3);
    std::vector<float> l(6), r(6);
    REQUIRE(ring.read(l.data(), r.data(), 6) == 6);
    CHECK(l == std::vector<float> { 1, 2, 3, 1, 2, 3 });
    CHECK(r == std::vector<float> { 1, 2, 3, 4, 5, 6 });
}

TEST_CASE("ring counts a forced overrun exactly and keeps the oldest audio", "[ring]")
{
    StereoRing ring(64);
    std::vector<float> l(100), r(100);
    for (std::size_t i = 0; i < l.size(); ++i)
        l[i] = r[i] = valueAt(i);
    const float* ch[] = { l.data(), r.data() };
    CHECK(ring.write(ch, 2, 100) == 64);
    CHECK(ring.droppedFrames() == 36);
    CHECK(ring.overrunEvents() == 1);
    CHECK(ring.write(ch, 2, 10) == 0);
    CHECK(ring.droppedFrames() == 46);
    CHECK(ring.overrunEvents() == 2);

    std::vector<float> outL(64), outR(64);
    REQUIRE(ring.read(outL.data(), outR.data(), 64) == 64);
    for (std::size_t i = 0; i < 64; ++i)
        REQUIRE(outL[i] == valueAt(i));
}

TEST_CASE("ring stress: a million blocks between two threads", "[ring][stress]")
{
    constexpr std::size_t kBlocks = 1'000'000;
    constexpr std::size_t kMaxBlock = 32;

    SECTION("no overrun: every sample arrives, in order")
    {
        StereoRing ring(1024);
        std::atomic<bool> producerDone { false };
        std::uint64_t produced = 0;
        std::thread producer([&] {
            std::mt19937 rng(1);
            std::vector<float> l(kMaxBlock), r(kMaxBlock);
            for (std::size_t b = 0; b < kBlocks; ++b)
            {
                const std::size_t n = 1 + rng() % kMaxBlock;
                for (std::size_t i = 0; i < n; ++i)
                {
                    l[i] = valueAt(produced + i);
                    r[i] = -l[i];
                }
                // a test producer may wait for room; the real audio thread never does
                while (ring.capacity() - ring.available() < n)
                    std::this_thread::yield();
                const float* ch[] = { l.data(), r.data() };
                ring.write(ch, 2, n);
                produced += n;
            }
            producerDone.store(true);
        });

        std::uint64_t received = 0;
        bool inOrder = true;
        std::vector<float> l(256), r(256);
        while (true)
        {
            const bool done = producerDone.load();
            const std::size_t n = ring.read(l.data(), r.data(), l.size());
            for (std::size_t i = 0; i < n; ++i, ++received)
                inOrder = inOrder && l[i] == valueAt(received) && r[i] == -valueAt(received);
            if (n == 0 && done)
                break;
        }
        producer.join();
        CHECK(inOrder);
        CHECK(received == produced);
        CHECK(ring.droppedFrames() == 0);
        CHECK(ring.overrunEvents() == 0);
    }

    SECTION("forced overruns: counted exactly, survivors in order")
    {
        StereoRing ring(256);
        std::atomic<bool> producerDone { false };
        std::uint64_t produced = 0, written = 0;
        std::thread producer([&] {
            std::mt19937 rng(2);
            std::vector<float> l(kMaxBlock), r(kMaxBlock);
            for (std::size_t b = 0; b < kBlocks; ++b)
            {
                const std::size_t n = 1 + rng() % kMaxBlock;
                for (std::size_t i = 0; i < n; ++i)
                    l[i] = r[i] = valueAt(produced + i);
                const float* ch[] = { l.data(), r.data() };
                written += ring.write(ch, 2, n);
                produced += n;
            }
            producerDone.store(true);
        });

        // A deliberately slow consumer: small reads with pauses.
        std::uint64_t received = 0;
        float last = -1.0f;
        bool increasing = true;
        std::vector<float> l(16), r(16);
        std::uint64_t loops = 0;
        while (true)
        {
            const bool done = producerDone.load();
            const std::size_t n = ring.read(l.data(), r.data(), l.size());
            for (std::size_t i = 0; i < n; ++i, ++received)
            {
                // values wrap at 2^24; within this test's 16M-sample range they only increase
                increasing = increasing && (l[i] > last || last >= static_cast<float>(kWrap - 64));
                last = l[i];
            }
            if (++loops % 64 == 0)
                std::this_thread::yield();
            if (n == 0 && done)
                break;
        }
        producer.join();
        CHECK(increasing);
        CHECK(ring.droppedFrames() > 0);
        CHECK(received == written);
        CHECK(ring.droppedFrames() == produced - written);
    }
}

TEST_CASE("the rolling window sanitizes every sample on the way in", "[ring]")
{
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    CHECK(moodscope::RollingWindow::sanitize(nan) == 0.0f);
    CHECK(moodscope::RollingWindow::sanitize(inf) == 0.0f);
    CHECK(moodscope::RollingWindow::sanitize(-inf) == 0.0f);
    CHECK(moodscope::RollingWindow::sanitize(1e6f) == 1000.0f);
    CHECK(moodscope::RollingWindow::sanitize(-1e6f) == -1000.0f);
    CHECK(moodscope::RollingWindow::sanitize(1e-35f) == 0.0f);
    CHECK(moodscope::RollingWindow::sanitize(-0.5f) == -0.5f);
    CHECK(moodscope::RollingWindow::sanitize(1000.0f) == 1000.0f);

    // appends that wrap and that exceed the capacity keep the newest samples, in order
    moodscope::RollingWindow w;
    w.prepare(5);
    const std::vector<float> in { 1, 2, 3, nan, 5, 6, 7, 8e9f };
    w.append(in.data(), in.data(), 3);
    w.append(in.data() + 3, in.data() + 3, 5);
    std::vector<float> l(5), r(5);
    w.copyLatest(5, l.data(), r.data());
    CHECK(l == std::vector<float> { 0, 5, 6, 7, 1000 });
    w.append(in.data(), in.data(), 8); // longer than the window
    w.copyLatest(5, l.data(), r.data());
    CHECK(r == std::vector<float> { 0, 5, 6, 7, 1000 });
}
