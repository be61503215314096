// SPDX-License-Identifier: GPL-3.0-or-later
// The lighting profile: what a console reads from each address (one float, 0..1), pulses that
// fall back to 0, band gain that spreads loud and quiet material alike, zeros in silence and
// when the input stops, through the real sender to a real liblo receiver.
#include "osc/OscLighting.h"
#include "osc/OscSender.h"
#include "OscReceiver.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

using namespace moodscope;
using namespace moodscope::test;

namespace {
constexpr double kHop = 512.0 / 44100.0;
constexpr lo_timetag kImmediate { 0, 1 }; // what a bundle's timetag says does not matter here

// What one bundle holds: address → its one float (every message must be exactly one float).
std::map<std::string, float> contents(const OscBundle& b)
{
    std::map<std::string, float> out;
    for (int i = 0; i < b.messages(); ++i)
    {
        const char* path = nullptr;
        lo_message m = lo_bundle_get_message(b.get(), i, &path);
        REQUIRE(m != nullptr);
        INFO(path);
        REQUIRE(std::string(lo_message_get_types(m)) == "f");
        REQUIRE(out.count(path) == 0);
        out[path] = lo_message_get_argv(m)[0]->f;
    }
    return out;
}

FastFrame music(int hop)
{
    FastFrame f;
    f.time = kHop * hop;
    f.rmsDb = -12.0f;
    f.peakDb = -3.0f;
    f.momentaryLufs = -11.0f;
    f.shortTermLufs = -12.5f;
    f.bands = { 0.6f, 0.5f, 0.4f, 0.3f };
    f.bpm = 120.0f;
    f.bpmConfidence = 0.8f;
    f.beatPhase = 0.25f;
    f.barPhase = 1.25f;
    return f;
}

// Sends one frame through the profile and returns the fast bundle a sender would send after it.
std::map<std::string, float> step(OscLighting& l, const FastFrame& f, LightChannels ch = {})
{
    l.observe(f);
    OscBundle b(kImmediate);
    l.addFast(b, ch);
    return contents(b);
}

SlowSnapshot snapshot(double time)
{
    SlowSnapshot s;
    s.time = time;
    s.windowFill = 1.0f;
    s.warmingUp = false;
    for (int i = 0; i < kNumMoods; ++i)
        s.set(static_cast<Mood>(i), 0.1f * static_cast<float>(i));
    for (int i = 0; i < kNumDims; ++i)
        s.set(static_cast<Dim>(i), dimInfo(static_cast<Dim>(i)).displayMax * 2.0f + 5.0f); // beyond every range
    s.state = MoodState::Groove;
    s.quadrant = Quadrant::Happy;
    return s;
}
} // namespace

TEST_CASE("OSC lighting: the address table covers every family once, each a valid address", "[osc][lighting]")
{
    const auto all = lightingAddresses("/moodscope");
    std::set<std::string> paths;
    for (const auto& a : all)
    {
        INFO(a.path);
        CHECK(paths.insert(a.path).second);
        CHECK(OscAddressSpace::prefixProblem(a.path).empty()); // a path is a valid prefix: no reserved characters
        CHECK(a.path.find('<') == std::string::npos);
        CHECK(a.lo < a.hi);
    }
    int expected = 0;
    for (const auto& row : lightingTable())
        expected += lightFamilySize(row.signal);
    CHECK(static_cast<int>(all.size()) == expected);
    CHECK(paths.count("/moodscope/fp/tempo_bpm") == 1);
    CHECK(paths.count("/moodscope/state/groove") == 1);
    CHECK(paths.count("/moodscope/event/drop") == 1);
    CHECK(paths.count("/moodscope/quadrant/sad") == 1);
    CHECK(lightingAddresses("")[0].path == "/level");
}

TEST_CASE("OSC lighting: every value is one float clamped to 0..1 on its documented range", "[osc][lighting]")
{
    OscLighting l("/moodscope");
    FastFrame f = music(0);
    auto out = step(l, f);
    CHECK(out.at("/moodscope/level") == Approx(1.0f - 12.0f / 60.0f));
    CHECK(out.at("/moodscope/loudness") == Approx(1.0f - 11.0f / 60.0f));
    CHECK(out.at("/moodscope/bpm") == Approx(120.0f / 255.0f));
    CHECK(out.at("/moodscope/bar/phase") == Approx(1.25f / 4.0f));

    // QLC+ wraps a value past 1 (1.004 reads 1) and one below 0: none may leave
    f = music(1);
    f.rmsDb = 6.0f; // input beyond full scale
    f.peakDb = std::numeric_limits<float>::quiet_NaN();
    f.momentaryLufs = -200.0f;
    f.shortTermLufs = std::numeric_limits<float>::infinity();
    f.bpm = 300.0f;
    f.bpmConfidence = 1.5f;
    f.barPhase = 4.5f;
    f.beatPhase = -0.5f;
    out = step(l, f);
    CHECK(out.at("/moodscope/level") == 1.0f);
    CHECK(out.at("/moodscope/peak") == 0.0f);
    CHECK(out.at("/moodscope/loudness") == 0.0f);
    CHECK(out.at("/moodscope/loudness/short") == 1.0f);
    CHECK(out.at("/moodscope/bpm") == 1.0f);
    CHECK(out.at("/moodscope/bpm/confidence") == 1.0f);
    CHECK(out.at("/moodscope/bar/phase") == 1.0f);
    CHECK(out.at("/moodscope/beat/phase") == 0.0f);
    for (const auto& [path, v] : out)
    {
        INFO(path);
        CHECK((v >= 0.0f && v <= 1.0f));
    }

    // slow values: dimensions beyond their display range read 1, mood metrics as they are
    l.observe(snapshot(1.0));
    OscBundle b(kImmediate);
    l.addSlow(b, {});
    const auto slow = contents(b);
    CHECK(slow.size() == static_cast<std::size_t>(1 + kNumMoods + kNumDims));
    CHECK(slow.at("/moodscope/fp/tempo_bpm") == 1.0f);
    CHECK(slow.at("/moodscope/fp/phase_correlation") == 1.0f);
    CHECK(slow.at("/moodscope/mood/valence") == Approx(0.1f));
    CHECK(slow.at("/moodscope/window") == 1.0f);
    for (const auto& [path, v] : slow)
    {
        INFO(path);
        CHECK((v >= 0.0f && v <= 1.0f));
    }
    CHECK(OscLighting::to01(-45.0f, -60.0f, 0.0f) == Approx(0.25f));
}

TEST_CASE("OSC lighting: a beat is 1 for the hold, then 0 twice, then nothing, and an envelope decays",
          "[osc][lighting]")
{
    OscLighting l("/moodscope");
    const int beatHop = 20;
    std::vector<float> pulse, env;
    for (int hop = 0; hop < 60; ++hop)
    {
        FastFrame f = music(hop);
        f.beat = hop == beatHop;
        f.barPhase = 2.0f; // not the bar's first beat
        const auto out = step(l, f);
        pulse.push_back(out.count("/moodscope/beat") != 0 ? out.at("/moodscope/beat") : -1.0f);
        env.push_back(out.at("/moodscope/beat/env"));
        CHECK(out.count("/moodscope/downbeat") == 0);
    }
    const int holdHops = static_cast<int>(std::ceil(kLightPulseHoldSeconds / kHop)); // first hop at or past the hold
    for (int hop = 0; hop < 60; ++hop)
    {
        INFO("hop " << hop);
        if (hop < beatHop)
            CHECK(pulse[static_cast<std::size_t>(hop)] == -1.0f);
        else if (hop < beatHop + holdHops)
            CHECK(pulse[static_cast<std::size_t>(hop)] == 1.0f);
        else if (hop < beatHop + holdHops + 2)
            CHECK(pulse[static_cast<std::size_t>(hop)] == 0.0f);
        else
            CHECK(pulse[static_cast<std::size_t>(hop)] == -1.0f);
    }
    CHECK(env[beatHop - 1] == 0.0f);
    CHECK(env[beatHop] == 1.0f);
    const auto halfLifeHops = static_cast<std::size_t>(std::lround(kLightEnvelopeHalfLifeSeconds / kHop));
    CHECK(env[beatHop + halfLifeHops] == Approx(0.5f).margin(0.05f));
    for (std::size_t i = beatHop + 1; i < env.size(); ++i)
        CHECK(env[i] <= env[i - 1]);

    // a downbeat pulses its own address too
    FastFrame f = music(100);
    f.beat = true;
    f.barPhase = 0.01f;
    const auto out = step(l, f);
    CHECK(out.at("/moodscope/beat") == 1.0f);
    CHECK(out.at("/moodscope/downbeat") == 1.0f);
    CHECK(out.at("/moodscope/downbeat/env") == 1.0f);
}

TEST_CASE("OSC lighting: onsets closer than the hold never latch a pulse at 1", "[osc][lighting]")
{
    OscLighting l("/moodscope");
    int rises = 0, onsets = 0;
    float previous = 0.0f;
    for (int hop = 0; hop < 400; ++hop)
    {
        FastFrame f = music(hop);
        f.onset = hop % 4 == 0; // every 46 ms, twice per hold
        onsets += f.onset ? 1 : 0;
        const auto out = step(l, f);
        if (out.count("/moodscope/onset") != 0)
        {
            const float v = out.at("/moodscope/onset");
            rises += v == 1.0f && previous == 0.0f ? 1 : 0;
            previous = v;
        }
    }
    CHECK(rises > 10);        // it keeps flashing
    CHECK(rises < onsets);    // merged within the hold
    CHECK(previous != -1.0f); // it was sent
}

TEST_CASE("OSC lighting: band gain spreads loud and quiet material over 0..1 alike", "[osc][lighting]")
{
    OscLighting l("/moodscope");
    const auto addresses = lightingAddresses("/moodscope");
    const double twoPi = 6.283185307179586;
    const auto run = [&](double from, double seconds, float loudLo, float loudHi, float quietLo, float quietHi) {
        std::array<float, 4> lo { 1, 1, 1, 1 }, hi { 0, 0, 0, 0 };
        const int first = static_cast<int>(from / kHop), hops = static_cast<int>(seconds / kHop);
        for (int hop = first; hop < first + hops; ++hop)
        {
            FastFrame f = music(hop);
            const auto wave = static_cast<float>(0.5 + 0.5 * std::sin(twoPi * 2.0 * f.time)); // 2 Hz, a beat
            f.bands[0] = loudLo + (loudHi - loudLo) * wave;
            f.bands[1] = quietLo + (quietHi - quietLo) * wave;
            f.bands[2] = 0.5f + 0.004f * static_cast<float>(hop % 3); // steady: noise must not fill 0..1
            const auto out = step(l, f);
            if (hop - first > hops / 2) // settled
                for (std::size_t b = 0; b < 3; ++b)
                {
                    const float v = out.at(addresses[4 + b].path);
                    lo[b] = std::min(lo[b], v);
                    hi[b] = std::max(hi[b], v);
                }
        }
        CHECK(lo[0] <= 0.05f);
        CHECK(hi[0] >= 0.95f);
        CHECK(lo[1] <= 0.05f);
        CHECK(hi[1] >= 0.95f);
        CHECK(hi[2] - lo[2] <= 0.1f);
    };
    run(0.0, 20.0, 0.35f, 0.9f, 0.05f, 0.2f); // the loud track of the issue: DMX 190..222 before
    run(20.0, 30.0, 0.1f, 0.3f, 0.5f, 0.6f);  // the gain follows a change of material
}

TEST_CASE("OSC lighting: silence sends zeros everywhere, once as a bundle and then in every update", "[osc][lighting]")
{
    OscLighting l("/moodscope");
    int hop = 0;
    for (; hop < 400; ++hop)
        step(l, music(hop));
    l.observe(snapshot(hop * kHop));
    CHECK_FALSE(l.takeSilenceStart());

    const int quietHops = static_cast<int>(std::ceil(kLightSilenceSeconds / kHop));
    bool started = false;
    std::map<std::string, float> out;
    for (int i = 0; i <= quietHops + 5; ++i, ++hop)
    {
        FastFrame f = music(hop);
        f.rmsDb = -120.0f; // bpm, phases and bands as a coasting tracker would leave them
        f.beat = true;
        out = step(l, f);
        const bool now = l.takeSilenceStart();
        CHECK((!now || !started));
        started = started || now;
        if (i < quietHops - 1)
            CHECK_FALSE(started);
    }
    CHECK(started);
    for (const auto& [path, v] : out)
        if (path != "/moodscope/beat") // the pulse that started before the gate closed falls back on its own
        {
            INFO(path);
            CHECK(v == 0.0f);
        }
    OscBundle slow(kImmediate);
    l.addSlow(slow, {});
    for (const auto& [path, v] : contents(slow))
    {
        INFO(path);
        CHECK(v == 0.0f);
    }
    OscBundle zeros(kImmediate);
    l.addZeros(zeros, {});
    const auto z = contents(zeros);
    CHECK(z.size() == lightingAddresses("/moodscope").size());
    for (const auto& [path, v] : z)
        CHECK(v == 0.0f);

    // sound again: values come back, and no pulse of the silence was kept
    out = step(l, music(hop++));
    CHECK(out.at("/moodscope/level") > 0.5f);
    CHECK(out.count("/moodscope/beat") == 0);
}

TEST_CASE("OSC lighting: events and state changes pulse one address each", "[osc][lighting]")
{
    OscLighting l("/moodscope");
    FastFrame f = music(0);
    f.events = eventBit(MoodEvent::Drop);
    auto out = step(l, f);
    CHECK(out.at("/moodscope/event/drop") == 1.0f);
    CHECK(out.count("/moodscope/event/climax") == 0);

    SlowSnapshot s = snapshot(0.5);
    s.events = eventBit(MoodEvent::Climax);
    l.observe(s);
    CHECK(l.pulseWaiting());
    out = step(l, music(1));
    CHECK(out.at("/moodscope/event/climax") == 1.0f);
    CHECK(out.at("/moodscope/state/groove") == 1.0f);
    CHECK(out.at("/moodscope/quadrant/happy") == 1.0f);
    CHECK_FALSE(l.pulseWaiting());

    l.observe(snapshot(2.5)); // same state: no new pulse
    for (int hop = 2; hop < 300; ++hop)
        out = step(l, music(hop));
    CHECK(out.count("/moodscope/state/groove") == 0);
    s = snapshot(4.0);
    s.state = MoodState::Peak;
    l.observe(s);
    out = step(l, music(300));
    CHECK(out.at("/moodscope/state/peak") == 1.0f);
    CHECK(out.count("/moodscope/state/groove") == 0);

    // the events switch leaves them out, the fast switch the rest
    OscLighting quiet("/moodscope");
    f.events = eventBit(MoodEvent::Drop);
    out = step(quiet, f, { true, true, true, false });
    CHECK(out.count("/moodscope/event/drop") == 0);
    f.time += 1.0;
    out = step(quiet, f, { false, true, true, true });
    CHECK(out.size() == 1);
    CHECK(out.count("/moodscope/event/drop") == 1);
}

TEST_CASE("OSC lighting: through the sender, a beat pulses and every address reads 0 when the input stops",
          "[osc][lighting]")
{
    OscReceiver rx;
    REQUIRE(rx.ok());
    Fanout<FastFrame> fast(256);
    Fanout<SlowSnapshot> slow(8);
    OscSender sender(fast, slow);
    OscSettings settings;
    settings.targets = { OscTarget { "127.0.0.1", rx.port() } };
    settings.profile = OscProfile::Lighting;
    sender.start(settings);
    for (int hop = 0; hop <= 5; ++hop)
    {
        FastFrame f = music(hop);
        f.beat = hop == 5;
        fast.publish(f);
    }
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/beat"));
    for (int hop = 6; hop < 40; ++hop) // past the hold
        fast.publish(music(hop));
    slow.publish(snapshot(40 * kHop));
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/mood/energy"));
    rx.drain();
    for (const auto& m : rx.messages())
    {
        INFO(m.path);
        REQUIRE(m.types == "f");
        CHECK((m.args[0].f >= 0.0f && m.args[0].f <= 1.0f));
    }
    const auto beats = rx.at("/moodscope/beat");
    REQUIRE(beats.size() >= 2);
    CHECK(beats.front().args[0].f == 1.0f);
    CHECK(beats.back().args[0].f == 0.0f);
    CHECK(rx.at("/moodscope/level").back().args[0].f > 0.5f);
    CHECK(rx.at("/moodscope/event").empty()); // no strings in this profile

    // the frames stop: after a pause every address is sent as 0
    rx.clear();
    REQUIRE(rx.waitFor("/moodscope/fp/phase_correlation"));
    rx.drain();
    CHECK(rx.at("/moodscope/level").back().args[0].f == 0.0f);
    CHECK(rx.at("/moodscope/mood/energy").back().args[0].f == 0.0f);

    // and once more when the sender stops
    fast.publish(music(41));
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/level"));
    rx.drain();
    rx.clear();
    sender.stop();
    rx.drain();
    REQUIRE_FALSE(rx.at("/moodscope/level").empty());
    CHECK(rx.at("/moodscope/level").back().args[0].f == 0.0f);
    CHECK(rx.at("/moodscope/state/groove").back().args[0].f == 0.0f);
}
