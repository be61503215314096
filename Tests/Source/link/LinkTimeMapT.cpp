// SPDX-License-Identifier: GPL-3.0-or-later
#include "link/LinkTimeMap.h"

#include <catch2/catch.hpp>

#include <random>

using namespace moodscope;

TEST_CASE("Link time map: the least-delayed frame gives the offset, jitter does not move it", "[link]")
{
    LinkTimeMap map;
    CHECK_FALSE(map.valid());
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> delay(300, 9000); // microseconds between capture and arrival
    const std::int64_t zero = 5'000'000'000;             // Link time at audio time 0
    for (int hop = 0; hop < 400; ++hop)
    {
        const double t = hop * 0.0116;
        map.observe(t, zero + static_cast<std::int64_t>(t * 1e6) + delay(rng));
    }
    REQUIRE(map.valid());
    CHECK(map.linkMicros(2.0) - (zero + 2'000'000) >= 300);
    CHECK(map.linkMicros(2.0) - (zero + 2'000'000) < 1000);
}

TEST_CASE("Link time map: a restarted engine (audio time going back) starts a new map", "[link]")
{
    LinkTimeMap map;
    map.observe(10.0, 20'000'000);
    map.observe(0.0, 50'000'000);
    CHECK(map.linkMicros(1.0) == 51'000'000);
}
