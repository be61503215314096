// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscFastMerger.h"

#include <catch2/catch.hpp>

using namespace moodscope;

TEST_CASE("merging fast frames keeps the newest values and every pulse", "[osc]")
{
    OscFastMerger merger;
    CHECK_FALSE(merger.pending());

    FastFrame a;
    a.rmsDb = -20.0f;
    a.beat = true;
    a.beatCount = 7;
    a.beatStrength = 0.4f;
    FastFrame b;
    b.rmsDb = -18.0f;
    b.onset = true;
    b.onsetStrength = 0.3f;
    b.hostBeat = true;
    FastFrame c;
    c.rmsDb = -16.0f;
    c.beat = true;
    c.beatCount = 8;
    c.beatStrength = 0.9f;
    c.onset = true;
    c.onsetStrength = 0.2f;
    FastFrame d;
    d.rmsDb = -15.0f;
    d.beatPhase = 0.1f;

    for (const auto* f : { &a, &b, &c, &d })
        merger.add(*f);
    REQUIRE(merger.pending());
    const FastFrame m = merger.take();
    CHECK_FALSE(merger.pending());
    CHECK(m.rmsDb == -15.0f);
    CHECK(m.beatPhase == 0.1f);
    CHECK(m.beat);
    CHECK(m.beatCount == 8);
    CHECK(m.beatStrength == 0.9f);
    REQUIRE(merger.earlierBeats() == 1);
    CHECK(merger.earlierBeat(0).count == 7);
    CHECK(merger.earlierBeat(0).strength == 0.4f);
    CHECK(m.onset);
    CHECK(m.onsetStrength == 0.3f); // the strongest of the period
    CHECK(m.hostBeat);

    // a new period starts clean
    merger.add(d);
    const FastFrame n = merger.take();
    CHECK_FALSE(n.beat);
    CHECK_FALSE(n.onset);
    CHECK_FALSE(n.hostBeat);
    CHECK(merger.earlierBeats() == 0);
}

TEST_CASE("a starved sender keeps the newest beats when more than fit arrive", "[osc]")
{
    OscFastMerger merger;
    const int n = OscFastMerger::kMaxEarlierBeats + 5;
    for (int i = 1; i <= n; ++i)
    {
        FastFrame f;
        f.beat = true;
        f.beatCount = static_cast<std::uint32_t>(i);
        merger.add(f);
    }
    const FastFrame m = merger.take();
    CHECK(m.beatCount == static_cast<std::uint32_t>(n));
    REQUIRE(merger.earlierBeats() == OscFastMerger::kMaxEarlierBeats);
    for (int i = 0; i < merger.earlierBeats(); ++i)
        CHECK(merger.earlierBeat(i).count == static_cast<std::uint32_t>(n - OscFastMerger::kMaxEarlierBeats + i));
}
