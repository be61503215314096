// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/HopEvents.h"
#include "mood/MoodLabels.h"
#include "mood/MoodStateMachine.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace moodscope;

namespace {
StateInputs groove(float lufs = -12.0f)
{
    StateInputs in;
    in.silent = false;
    in.loudnessLufs = lufs;
    in.onsetRate = 5.0f;
    in.energy = 0.6f;
    in.beatStrength = 0.7f;
    return in;
}

bool has(std::uint32_t events, MoodEvent e)
{
    return (events & eventBit(e)) != 0;
}

// Feeds the momentary loudness `lufs` for `seconds` hop by hop; returns the times (from the
// start of this call) at which `e` fired.
std::vector<double> feed(HopEventDetector& d, float lufs, double seconds, MoodEvent e, double hop = 0.0116)
{
    std::vector<double> at;
    for (double t = 0.0; t < seconds; t += hop)
        if (has(d.process(lufs), e))
            at.push_back(t);
    return at;
}
} // namespace

TEST_CASE("steady groove settles in one state and fires no section events", "[mood][state]")
{
    MoodStateMachine m;
    m.prepare(2.0);
    std::uint32_t events = 0;
    for (int i = 0; i < 30; ++i)
    {
        StateInputs in = groove(-12.0f + 0.5f * static_cast<float>(i % 3)); // ±0.5 LU wobble
        events |= m.update(in);
    }
    CHECK(m.state() == MoodState::Groove);
    CHECK(events == 0);
    CHECK(std::abs(m.loudnessZ()) < 0.5f);
}

TEST_CASE("states from absolute energy and beat when nothing changes", "[mood][state]")
{
    StateInputs in = groove();
    CHECK(MoodStateMachine::classifyStatic(in) == MoodState::Groove);
    in.energy = 0.85f;
    in.onsetRate = 8.0f;
    CHECK(MoodStateMachine::classifyStatic(in) == MoodState::Intense);
    in.energy = 0.35f;
    in.beatStrength = 0.1f;
    CHECK(MoodStateMachine::classifyStatic(in) == MoodState::Chill);
    in.energy = 0.15f;
    CHECK(MoodStateMachine::classifyStatic(in) == MoodState::Ambient);
    in.silent = true;
    CHECK(MoodStateMachine::classifyStatic(in) == MoodState::Silence);
}

TEST_CASE("a rising section starts a build, a drop jumps to peak with a climax", "[mood][state]")
{
    MoodStateMachine m;
    m.prepare(2.0);
    for (int i = 0; i < 10; ++i) // 20 s of quiet intro
    {
        StateInputs in = groove(-30.0f);
        in.energy = 0.3f;
        in.beatStrength = 0.2f;
        in.onsetRate = 1.0f;
        m.update(in);
    }
    CHECK(m.state() == MoodState::Chill);
    std::uint32_t events = 0;
    int buildAt = -1;
    for (int i = 0; i < 6; ++i) // 12 s riser, +1.5 LU/s, onsets accelerating
    {
        StateInputs in = groove(-30.0f + 3.0f * static_cast<float>(i + 1));
        in.energy = 0.3f + 0.03f * static_cast<float>(i);
        in.beatStrength = 0.2f;
        in.onsetRate = 1.0f + static_cast<float>(i);
        const std::uint32_t e = m.update(in);
        if (has(e, MoodEvent::BuildStart) && buildAt < 0)
            buildAt = i;
        events |= e;
    }
    INFO("slope " << m.loudnessSlope());
    CHECK(buildAt >= 0);
    CHECK(buildAt <= 1); // within 4 s of the riser's start
    CHECK(m.state() == MoodState::Build);
    CHECK_FALSE(has(events, MoodEvent::Climax));

    StateInputs drop = groove(-8.0f);
    drop.energy = 0.85f;
    drop.onsetRate = 8.0f;
    drop.drop = true;
    const std::uint32_t e = m.update(drop);
    CHECK(m.state() == MoodState::Peak);
    CHECK(has(e, MoodEvent::Climax));
    // a step leaves the trend high but it no longer climbs: no build after the drop
    drop.drop = false;
    std::uint32_t after = 0;
    for (int i = 0; i < 10; ++i)
        after |= m.update(drop);
    CHECK_FALSE(has(after, MoodEvent::BuildStart));
    CHECK(m.state() != MoodState::Build);
}

TEST_CASE("a quiet dip after loud music is a breakdown, silence switches at once", "[mood][state]")
{
    MoodStateMachine m;
    m.prepare(2.0);
    for (int i = 0; i < 15; ++i)
        m.update(groove(-10.0f));
    StateInputs dip = groove(-24.0f);
    dip.onsetRate = 1.0f;
    dip.energy = 0.3f;
    dip.beatStrength = 0.2f;
    const std::uint32_t e = m.update(dip);
    CHECK(m.state() == MoodState::Breakdown);
    CHECK(has(e, MoodEvent::BreakdownStart));
    CHECK(m.loudnessZ() < -2.0f);

    // a quiet stretch far below the loudest recent music is a breakdown even with small z
    MoodStateMachine fresh;
    fresh.prepare(2.0);
    StateInputs quiet = dip;
    fresh.update(quiet);
    CHECK(fresh.state() == MoodState::Chill);
    quiet.belowReference = 12.0f;
    for (int i = 0; i < 4; ++i)
        fresh.update(quiet);
    CHECK(fresh.state() == MoodState::Breakdown);

    StateInputs silent;
    silent.silent = true;
    const std::uint32_t s = m.update(silent); // no hold time into silence
    CHECK(m.state() == MoodState::Silence);
    CHECK(has(s, MoodEvent::Silence));
    CHECK(m.update(groove(-10.0f)) == 0); // and none out of it
    CHECK(m.state() != MoodState::Silence);
}

TEST_CASE("states and labels hold their minimum time on input flipping across thresholds", "[mood][state]")
{
    for (double interval : { 0.5, 2.0 })
    {
        MoodStateMachine m;
        m.prepare(interval);
        MoodLabeler labels;
        labels.prepare(interval);
        int stateChanges = 0, categoryChanges = 0, quadrantChanges = 0;
        MoodState last = MoodState::Count;
        std::string lastLabel;
        Quadrant lastQuadrant = Quadrant::Count;
        const int updates = static_cast<int>(120.0 / interval);
        for (int i = 0; i < updates; ++i)
        {
            // every update flips between groove and chill, and across every label threshold
            const bool odd = i % 2 == 1;
            StateInputs in = groove(-12.0f);
            in.energy = odd ? 0.6f : 0.2f;
            in.beatStrength = odd ? 0.7f : 0.1f;
            m.update(in);
            MoodValues v {};
            v.fill(odd ? 0.8f : 0.2f);
            labels.update(v);
            stateChanges += (last != MoodState::Count && m.state() != last);
            last = m.state();
            const std::string label = moodCategoryLabel(labels.category());
            categoryChanges += (!lastLabel.empty() && label != lastLabel);
            lastLabel = label;
            quadrantChanges += (lastQuadrant != Quadrant::Count && labels.quadrant() != lastQuadrant);
            lastQuadrant = labels.quadrant();
        }
        INFO("interval " << interval << ": " << stateChanges << " state, " << categoryChanges << " category, "
                         << quadrantChanges << " quadrant changes in 120 s");
        CHECK(stateChanges >= 5); // it does follow the input ...
        CHECK(stateChanges <= static_cast<int>(120.0 / MoodStateMachine::kMinHoldSeconds));
        CHECK(categoryChanges >= 5);
        CHECK(categoryChanges <= static_cast<int>(120.0 / MoodLabeler::kMinHoldSeconds));
        CHECK(quadrantChanges <= static_cast<int>(120.0 / MoodLabeler::kMinHoldSeconds));
    }
}

TEST_CASE("label hysteresis: values wobbling around a threshold keep the label", "[mood][labels]")
{
    MoodLabeler labels;
    labels.prepare(2.0);
    MoodValues v {};
    v.fill(0.5f);
    labels.update(v);
    const std::string first = moodCategoryLabel(labels.category());
    CHECK(first == "moderate neutral");
    for (int i = 0; i < 50; ++i)
    {
        v.fill(i % 2 ? 0.68f : 0.62f); // ±0.03 around the 0.65 threshold
        labels.update(v);
        CHECK(moodCategoryLabel(labels.category()) == first);
    }
    v.fill(0.9f);
    for (int i = 0; i < 5; ++i)
        labels.update(v);
    CHECK(moodCategoryLabel(labels.category()) == "energetic bright intense");
    CHECK(labels.quadrant() == Quadrant::Happy);
    v[static_cast<std::size_t>(Mood::Valence)] = 0.1f;
    for (int i = 0; i < 5; ++i)
        labels.update(v);
    CHECK(labels.quadrant() == Quadrant::Tense);
}

TEST_CASE("per hop: a loud entry after a quiet riser is a drop, music starting is not", "[mood][hop]")
{
    HopEventDetector d;
    d.prepare(0.0116);
    CHECK(feed(d, -70.0f, 2.0, MoodEvent::Drop).empty());
    CHECK(feed(d, -12.0f, 10.0, MoodEvent::Drop).empty()); // from silence straight to loud
    CHECK(feed(d, -35.0f, 8.0, MoodEvent::Drop).empty());  // quiet section
    const auto drops = feed(d, -10.0f, 2.0, MoodEvent::Drop);
    REQUIRE(drops.size() == 1);
    CHECK(drops[0] <= HopEventDetector::kDropConfirmSeconds + 0.02);
    // the refractory time keeps a second jump soon after from firing again ...
    CHECK(feed(d, -35.0f, 3.0, MoodEvent::Drop).empty());
    CHECK(feed(d, -10.0f, 2.0, MoodEvent::Drop).empty());
    // ... but not once it has passed
    CHECK(feed(d, -35.0f, 3.0, MoodEvent::Drop).empty());
    CHECK(feed(d, -10.0f, 2.0, MoodEvent::Drop).size() == 1);
}

TEST_CASE("per hop: silence fires once, one second after the music stops", "[mood][hop]")
{
    HopEventDetector d;
    d.prepare(0.0116);
    CHECK(feed(d, -70.0f, 3.0, MoodEvent::Silence).empty()); // silence before any sound: no event
    CHECK(d.silent());
    CHECK(feed(d, -20.0f, 5.0, MoodEvent::Silence).empty());
    CHECK_FALSE(d.silent());
    const auto at = feed(d, -70.0f, 5.0, MoodEvent::Silence);
    REQUIRE(at.size() == 1);
    CHECK(at[0] == Catch::Detail::Approx(HopEventDetector::kSilenceSeconds).margin(0.02));
    CHECK(d.silent());
    // a wobble just under the sound threshold does not leave silence (hysteresis)
    feed(d, -57.0f, 2.0, MoodEvent::Silence);
    CHECK(d.silent());
}
