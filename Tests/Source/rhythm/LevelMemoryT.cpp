// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/LevelMemory.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace moodscope;

TEST_CASE("level memory: without an interval each window decides alone", "[tempo]")
{
    LevelMemory m;
    CHECK_FALSE(m.enabled());
    m.age();
    CHECK(m.pool(100.0, 10.0, 5.0) == Approx(0.5f));
    m.age();
    CHECK(m.pool(100.0, 10.0, 9.0) == Approx(0.9f));
    CHECK(m.pool(100.0, 0.0, 0.0) == 0.0f);
}

TEST_CASE("level memory: a stream's windows pool their accents per tempo and fade over half a minute", "[tempo]")
{
    LevelMemory m;
    m.setInterval(2.0);
    REQUIRE(m.enabled());
    const double keep = std::exp(-2.0 / LevelMemory::kMemorySeconds);

    m.age();
    CHECK(m.pool(100.0, 10.0, 5.0) == Approx(0.5f));
    // the next window's eighths are twice as strong: the pooled ratio lies between the two,
    // nearer the fresher window
    m.age();
    const float pooled = m.pool(100.0, 10.0, 10.0);
    CHECK(pooled == Approx((5.0 * keep + 10.0) / (10.0 * keep + 10.0)).epsilon(1e-4));
    CHECK(pooled > 0.75f);
    CHECK(pooled < 1.0f);

    // a tempo that drifted by 1 % is the same climb: the two windows before still count (a
    // climb of its own would read 1)
    m.age();
    const float drifted = m.pool(101.0, 10.0, 10.0);
    CHECK(drifted > pooled);
    CHECK(drifted < 0.9f);
    // an octave away is another climb with its own evidence
    m.age();
    CHECK(m.pool(200.0, 10.0, 2.0) == Approx(0.2f).margin(1e-4));

    // after two minutes of windows the old evidence has faded
    for (int i = 0; i < 60; ++i)
    {
        m.age();
        m.pool(100.0, 10.0, 2.0);
    }
    m.age();
    CHECK(m.pool(100.0, 10.0, 2.0) == Approx(0.2f).margin(0.01));

    m.reset();
    m.age();
    CHECK(m.pool(100.0, 10.0, 7.0) == Approx(0.7f));
}

TEST_CASE("level memory: non-finite or negative accents are not pooled and never give NaN", "[tempo]")
{
    LevelMemory m;
    m.setInterval(2.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    m.age();
    CHECK(m.pool(100.0, nan, 1.0) == 0.0f);
    CHECK(m.pool(100.0, 1.0, inf) == 0.0f);
    CHECK(m.pool(nan, 1.0, 1.0) == 0.0f);
    CHECK(m.pool(100.0, -1.0, 1.0) == 0.0f);
    // the memory is untouched by them
    CHECK(m.pool(100.0, 10.0, 4.0) == Approx(0.4f));
    // a tempo beyond every climb lands in the outermost bin, not out of range; 0 BPM is no climb
    CHECK(m.pool(1.0e9, 1.0, 1.0) == Approx(1.0f));
    CHECK(m.pool(0.0, 1.0, 1.0) == 0.0f);
    m.setInterval(nan);
    CHECK_FALSE(m.enabled());
}
