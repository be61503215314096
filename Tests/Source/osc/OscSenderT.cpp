// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscAddressSpace.h"
#include "osc/OscResolver.h"
#include "osc/OscSender.h"
#include "OscReceiver.h"
#include "SyscallTrap.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

using namespace moodscope;
using namespace moodscope::test;

namespace {
using Clock = std::chrono::steady_clock;

OscSettings oneTarget(int port)
{
    OscSettings s;
    s.targets = { OscTarget { "127.0.0.1", port } };
    return s;
}

// A snapshot with every field set to a distinct, non-round value.
SlowSnapshot fullSnapshot()
{
    SlowSnapshot s;
    s.time = 12.5;
    s.windowSeconds = 8.0;
    s.windowFill = 0.8125f;
    s.warmingUp = false;
    for (int i = 0; i < kNumDims; ++i)
        s.set(static_cast<Dim>(i), 0.37f * static_cast<float>(i) - 3.1f + 1e-3f * static_cast<float>(i * i));
    for (int i = 0; i < kNumMoods; ++i)
        s.set(static_cast<Mood>(i), 0.05f + 0.083f * static_cast<float>(i));
    s.featuresValid = true;
    s.features.key = 9; // A
    s.features.minor = true;
    s.features.keyStrength = 0.6789f;
    s.category = MoodCategory { 2, 0, 2 };
    s.quadrant = Quadrant::Tense;
    s.state = MoodState::Build;
    s.events = eventBit(MoodEvent::Drop) | eventBit(MoodEvent::EnergyRise);
    return s;
}

FastFrame fastFrame(int i)
{
    FastFrame f;
    f.time = 0.0116 * i;
    f.rmsDb = -12.25f - 0.01f * static_cast<float>(i);
    f.peakDb = -3.5f;
    f.rms01 = 0.79f;
    f.peak01 = 0.94f;
    f.bands = { 0.1f, 0.2f, 0.3f, 0.45f };
    f.momentaryLufs = -14.2f;
    f.shortTermLufs = -15.7f;
    f.beatPhase = 0.125f;
    f.barPhase = 2.5f;
    f.bpm = 123.5f;
    f.bpmConfidence = 0.875f;
    return f;
}

float argF(const ReceivedOsc& m, std::size_t i)
{
    REQUIRE(i < m.args.size());
    REQUIRE(m.args[i].type == 'f');
    return m.args[i].f;
}

bool anyAt(const std::vector<ReceivedOsc>& all, const std::string& path)
{
    return std::any_of(all.begin(), all.end(), [&](const ReceivedOsc& m) { return m.path == path; });
}

std::mutex logMutex;
std::vector<std::string> logLines;
void captureLog(const std::string& line)
{
    std::lock_guard<std::mutex> lock(logMutex);
    logLines.push_back(line);
}
std::vector<std::string> loggedLines()
{
    std::lock_guard<std::mutex> lock(logMutex);
    return logLines;
}
std::size_t loggedLinesContaining(const std::string& what)
{
    const auto lines = loggedLines();
    return static_cast<std::size_t>(std::count_if(
        lines.begin(), lines.end(), [&](const std::string& l) { return l.find(what) != std::string::npos; }));
}

// The in-process receiver and a sender aimed at it, not started yet.
struct SenderRig
{
    OscReceiver rx;
    Fanout<FastFrame> fast;
    Fanout<SlowSnapshot> slow { 8 };
    OscSender sender { fast, slow };
    OscSettings settings;

    explicit SenderRig(std::size_t fastCapacity = 64) : fast(fastCapacity)
    {
        REQUIRE(rx.ok());
        settings = oneTarget(rx.port());
    }
};

// Starts the rig at one fast bundle per second and sends a first frame, which starts a period:
// any other bundle within the next second left early. Returns when that period started.
Clock::time_point startAtOneHertz(SenderRig& rig)
{
    rig.settings.maxFastRateHz = 1.0;
    rig.sender.start(rig.settings);
    const auto periodStart = Clock::now();
    rig.fast.publish(fastFrame(1));
    REQUIRE(rig.rx.waitFor("/moodscope/level"));
    return periodStart;
}
} // namespace

TEST_CASE("OSC: a typed address prefix is checked by one rule", "[osc]")
{
    CHECK(OscAddressSpace::prefixProblem("/moodscope").empty());
    CHECK(OscAddressSpace::prefixProblem("/club/booth2").empty());
    CHECK(OscAddressSpace::prefixProblem("moodscope") == "must start with '/'");
    CHECK(OscAddressSpace::prefixProblem("") == "must start with '/'");
    CHECK(OscAddressSpace::prefixProblem("/a/") == "must not end with '/'");
    CHECK(OscAddressSpace::prefixProblem("/mood scope") == "must not contain spaces");
    CHECK(OscAddressSpace::prefixProblem("/mood\tscope") == "must not contain spaces");
    CHECK(OscAddressSpace::prefixProblem("/a//b") == "must not contain an empty part ('//')");
    for (const char c : std::string("#*,?[]{}"))
        CHECK(OscAddressSpace::prefixProblem(std::string("/a") + c + "b").find(std::string("'") + c + "'") !=
              std::string::npos);
    CHECK(OscAddressSpace::prefixProblem("/" + std::string(OscAddressSpace::kMaxPrefixLength - 1, 'a')).empty());
    CHECK_FALSE(OscAddressSpace::prefixProblem("/" + std::string(OscAddressSpace::kMaxPrefixLength, 'a')).empty());
}

TEST_CASE("OSC targets parse from HOST:PORT", "[osc]")
{
    auto t = parseOscTarget("192.168.1.20:7000");
    REQUIRE(t);
    CHECK(t->host == "192.168.1.20");
    CHECK(t->port == 7000);
    t = parseOscTarget("[::1]:9000");
    REQUIRE(t);
    CHECK(t->host == "::1");
    CHECK(t->port == 9000);
    CHECK(parseOscTarget("lights.local:65535")->port == 65535);
    for (const char* bad : { "", "host", "host:", ":9000", "host:0", "host:65536", "host:12a", "::1:9000", "[::1]9000",
                             "a b:9000", "host:-1" })
        CHECK_FALSE(parseOscTarget(bad));
}

TEST_CASE("OSC: every value of a slow update arrives exactly, in one timetagged bundle", "[osc]")
{
    SenderRig rig;
    auto& [rx, fast, slow, sender, settings] = rig;
    sender.start(settings);
    REQUIRE(sender.isRunning());

    const SlowSnapshot s = fullSnapshot();
    slow.publish(s);
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/fp/phase_correlation"));
    rx.drain();
    const auto all = rx.messages();

    const auto fp = rx.at("/moodscope/fingerprint");
    REQUIRE(fp.size() == 1);
    REQUIRE(fp[0].types == std::string(25, 'f'));
    for (int i = 0; i < kNumDims; ++i)
        CHECK(argF(fp[0], static_cast<std::size_t>(i)) == s.get(static_cast<Dim>(i)));
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto one = rx.at("/moodscope/fp/" + std::string(dimName(static_cast<Dim>(i))));
        REQUIRE(one.size() == 1);
        CHECK(one[0].types == "f");
        CHECK(argF(one[0], 0) == s.get(static_cast<Dim>(i)));
    }
    for (int i = 0; i < kNumMoods; ++i)
    {
        const auto one = rx.at("/moodscope/mood/" + std::string(moodName(static_cast<Mood>(i))));
        REQUIRE(one.size() == 1);
        CHECK(one[0].types == "f");
        CHECK(argF(one[0], 0) == s.get(static_cast<Mood>(i)));
    }
    const auto label = rx.at("/moodscope/mood/label");
    REQUIRE(label.size() == 1);
    CHECK(label[0].types == "s");
    CHECK(label[0].args[0].s == "energetic dark intense");
    REQUIRE(rx.at("/moodscope/mood/quadrant").size() == 1);
    CHECK(rx.at("/moodscope/mood/quadrant")[0].args[0].s == "tense");
    REQUIRE(rx.at("/moodscope/mood/state").size() == 1);
    CHECK(rx.at("/moodscope/mood/state")[0].args[0].s == "build");
    const auto key = rx.at("/moodscope/key");
    REQUIRE(key.size() == 1);
    REQUIRE(key[0].types == "ssf");
    CHECK(key[0].args[0].s == "A");
    CHECK(key[0].args[1].s == "minor");
    CHECK(argF(key[0], 2) == s.features.keyStrength);
    const auto window = rx.at("/moodscope/window");
    REQUIRE(window.size() == 1);
    CHECK(argF(window[0], 0) == s.windowFill);

    // events: one /event s per bit, in MoodEvent order
    const auto events = rx.at("/moodscope/event");
    REQUIRE(events.size() == 2);
    CHECK(events[0].args[0].s == "drop");
    CHECK(events[1].args[0].s == "energy_rise");

    // the whole slow update, its events included, is one bundle, with a real timetag close to now
    std::set<int> slowBundles;
    for (const auto& m : all)
        slowBundles.insert(m.bundle);
    REQUIRE(slowBundles.size() == 1);
    CHECK(*slowBundles.begin() >= 0);
    CHECK(rx.bundles() == 1);
    lo_timetag now;
    lo_timetag_now(&now);
    CHECK(std::abs(lo_timetag_diff(now, fp[0].time)) < 5.0);
    // window, fingerprint, 25 dims, moods, label/quadrant/state, key, 2 events
    CHECK(all.size() == 1 + 1 + 25 + kNumMoods + 3 + 1 + 2);

    const auto st = sender.stats();
    REQUIRE(st.targets.size() == 1);
    CHECK(st.targets[0].sent == 1);
    CHECK(st.targets[0].errors == 0);
    CHECK(st.targets[0].reachable);
    CHECK(st.messagesSent == all.size());
}

TEST_CASE("OSC: a fast frame's values arrive exactly, pulses only when they fire", "[osc]")
{
    SenderRig rig;
    auto& [rx, fast, slow, sender, settings] = rig;
    settings.prefix = "/club/booth2/";
    sender.start(settings);

    FastFrame f = fastFrame(3);
    f.onset = true;
    f.onsetStrength = 0.66f;
    f.beat = true;
    f.beatCount = 17;
    f.beatStrength = 0.93f;
    f.hostSynced = true;
    f.hostBeat = true;
    f.hostBpm = 128.0f;
    f.hostBeatPhase = 0.03f;
    f.hostBarPhase = 3.03f;
    fast.publish(f);
    sender.flush();
    REQUIRE(rx.waitFor("/club/booth2/bpm"));
    rx.drain();

    const auto level = rx.at("/club/booth2/level");
    REQUIRE(level.size() == 1);
    REQUIRE(level[0].types == "ffff");
    CHECK(argF(level[0], 0) == f.rmsDb);
    CHECK(argF(level[0], 1) == f.peakDb);
    CHECK(argF(level[0], 2) == f.rms01);
    CHECK(argF(level[0], 3) == f.peak01);
    const auto loud = rx.at("/club/booth2/loudness");
    REQUIRE(loud.size() == 1);
    CHECK(argF(loud[0], 0) == f.momentaryLufs);
    CHECK(argF(loud[0], 1) == f.shortTermLufs);
    const auto bands = rx.at("/club/booth2/bands");
    REQUIRE(bands.size() == 1);
    REQUIRE(bands[0].types == "ffff");
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(argF(bands[0], i) == f.bands[i]);
    const auto onset = rx.at("/club/booth2/onset");
    REQUIRE(onset.size() == 1);
    CHECK(argF(onset[0], 0) == f.onsetStrength);
    const auto beat = rx.at("/club/booth2/beat");
    REQUIRE(beat.size() == 1);
    REQUIRE(beat[0].types == "if");
    CHECK(beat[0].args[0].i == 17);
    CHECK(argF(beat[0], 1) == f.beatStrength);
    CHECK(argF(rx.at("/club/booth2/beat/phase")[0], 0) == f.beatPhase);
    CHECK(argF(rx.at("/club/booth2/bar/phase")[0], 0) == f.barPhase);
    const auto bpm = rx.at("/club/booth2/bpm");
    REQUIRE(bpm[0].types == "ff");
    CHECK(argF(bpm[0], 0) == f.bpm);
    CHECK(argF(bpm[0], 1) == f.bpmConfidence);
    CHECK(argF(rx.at("/club/booth2/host/bpm")[0], 0) == f.hostBpm);
    CHECK(argF(rx.at("/club/booth2/host/beat/phase")[0], 0) == f.hostBeatPhase);
    CHECK(argF(rx.at("/club/booth2/host/bar/phase")[0], 0) == f.hostBarPhase);
    REQUIRE(rx.at("/club/booth2/host/beat").size() == 1);
    CHECK(rx.at("/club/booth2/host/beat")[0].types == "i");
    const auto all = rx.messages();
    CHECK(all.size() == 8 + 4);
    for (const auto& m : all)
        CHECK(m.bundle == 0);

    // no pulse, no host: only the continuous values
    rx.clear();
    fast.publish(fastFrame(4));
    sender.flush();
    REQUIRE(rx.waitFor("/club/booth2/bpm"));
    rx.drain();
    const auto quiet = rx.messages();
    CHECK(quiet.size() == 6);
    CHECK_FALSE(anyAt(quiet, "/club/booth2/beat"));
    CHECK_FALSE(anyAt(quiet, "/club/booth2/onset"));
    CHECK_FALSE(anyAt(quiet, "/club/booth2/host/bpm"));
}

TEST_CASE("OSC: only what a snapshot marks valid is sent, warming up sends the fill only", "[osc]")
{
    SenderRig rig;
    auto& [rx, fast, slow, sender, settings] = rig;
    sender.start(settings);

    SlowSnapshot warm;
    warm.windowFill = 0.125f;
    warm.warmingUp = true;
    warm.set(Dim::Lufs, -9.0f); // even if set, nothing but the fill while warming up
    slow.publish(warm);
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/window"));
    rx.drain();
    auto all = rx.messages();
    REQUIRE(all.size() == 1);
    CHECK(all[0].args[0].f == 0.125f);

    rx.clear();
    SlowSnapshot part;
    part.warmingUp = false;
    part.windowFill = 1.0f;
    part.set(Dim::Lufs, -9.0f);
    part.set(Dim::TempoBpm, 124.0f);
    part.set(Mood::Energy, 0.7f);
    part.featuresValid = true;
    part.features.key = -1; // no tonal content
    slow.publish(part);
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/fp/tempo_bpm"));
    rx.drain();
    all = rx.messages();
    CHECK_FALSE(anyAt(all, "/moodscope/fingerprint")); // needs all 25
    CHECK(anyAt(all, "/moodscope/fp/lufs"));
    CHECK_FALSE(anyAt(all, "/moodscope/fp/crest_db"));
    CHECK(anyAt(all, "/moodscope/mood/energy"));
    CHECK_FALSE(anyAt(all, "/moodscope/mood/valence"));
    CHECK_FALSE(anyAt(all, "/moodscope/mood/label"));    // needs energy, brightness, intensity
    CHECK_FALSE(anyAt(all, "/moodscope/mood/quadrant")); // needs arousal and valence
    CHECK(anyAt(all, "/moodscope/mood/state"));
    CHECK_FALSE(anyAt(all, "/moodscope/key"));
    CHECK(all.size() == 1 + 2 + 1 + 1);
}

TEST_CASE("OSC: fast output is rate-limited but never loses a beat or an onset", "[osc]")
{
    SenderRig rig(1024);
    auto& [rx, fast, slow, sender, settings] = rig;
    settings.maxFastRateHz = 60.0;
    sender.start(settings);

    // 500 frames over about a second; a beat on every 10th, an onset on every 25th (never the
    // same frame as a beat, and each followed by frames without one inside the same period)
    std::set<std::int32_t> beatsSent;
    int onsetsSent = 0;
    const auto start = Clock::now();
    for (int i = 0; i < 500; ++i)
    {
        FastFrame f = fastFrame(i);
        if (i % 10 == 3)
        {
            f.beat = true;
            f.beatCount = static_cast<std::uint32_t>(beatsSent.size() + 1);
            f.beatStrength = 0.5f;
            beatsSent.insert(static_cast<std::int32_t>(f.beatCount));
        }
        if (i % 25 == 7)
        {
            f.onset = true;
            f.onsetStrength = 0.25f;
            ++onsetsSent;
        }
        fast.publish(f);
        std::this_thread::sleep_until(start + std::chrono::microseconds(2000 * (i + 1)));
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    sender.flush();
    rx.drain();

    const auto levels = rx.at("/moodscope/level");
    std::set<int> fastBundles;
    for (const auto& m : levels)
        fastBundles.insert(m.bundle);
    INFO("elapsed " << elapsed << " s, fast bundles " << fastBundles.size());
    CHECK(fastBundles.size() == levels.size()); // one /level per bundle
    // the limit: one bundle per 1/60 s, plus one sent at once for each beat, plus the flushed
    // remainder
    CHECK(static_cast<double>(levels.size()) <=
          std::ceil(elapsed * 60.0) + static_cast<double>(beatsSent.size()) + 2.0);
    CHECK(levels.size() >= 10);
    CHECK(levels.back().args[0].f == fastFrame(499).rmsDb); // the newest frame wins

    std::set<std::int32_t> beatsGot;
    for (const auto& m : rx.at("/moodscope/beat"))
        beatsGot.insert(m.args[0].i);
    CHECK(beatsGot == beatsSent);
    CHECK(rx.at("/moodscope/beat").size() == beatsSent.size());
    // onsets are 50 ms apart, so each lands in its own period
    CHECK(static_cast<int>(rx.at("/moodscope/onset").size()) == onsetsSent);
}

TEST_CASE("OSC: a beat pulse leaves at once, not at the end of the rate-limit period", "[osc]")
{
    SenderRig rig;
    auto& [rx, fast, slow, sender, settings] = rig;
    const auto periodStart = startAtOneHertz(rig);
    FastFrame quiet = fastFrame(2); // no pulse: waits for the period
    fast.publish(quiet);
    FastFrame pulse = fastFrame(3);
    pulse.beat = true;
    pulse.beatCount = 7;
    pulse.beatStrength = 0.75f;
    fast.publish(pulse);
    REQUIRE(rx.waitFor("/moodscope/beat"));
    const double elapsed = std::chrono::duration<double>(Clock::now() - periodStart).count();
    rx.drain();
    INFO("beat bundle after " << elapsed << " s");
    CHECK(elapsed < 1.0); // the rate limit alone would have held it for the rest of the second
    const auto beats = rx.at("/moodscope/beat");
    REQUIRE(beats.size() == 1);
    CHECK(beats[0].args[0].i == 7);
    const auto levels = rx.at("/moodscope/level");
    REQUIRE(levels.size() == 2);
    CHECK(argF(levels[1], 0) == pulse.rmsDb); // the newest frame, with the pulse, in one bundle
    CHECK(beats[0].bundle == levels[1].bundle);
}

TEST_CASE("OSC: a fast frame's event leaves at once, in the bundle that carries the frame", "[osc]")
{
    SenderRig rig;
    auto& [rx, fast, slow, sender, settings] = rig;
    const auto periodStart = startAtOneHertz(rig);
    FastFrame drop = fastFrame(2);
    drop.events = eventBit(MoodEvent::Drop) | eventBit(MoodEvent::Silence);
    fast.publish(drop);
    REQUIRE(rx.waitFor("/moodscope/event", 2));
    const double elapsed = std::chrono::duration<double>(Clock::now() - periodStart).count();
    rx.drain();

    // the rate limit alone would have held the second bundle until the period was over
    INFO("second bundle after " << elapsed << " s");
    CHECK(elapsed < 1.0);
    const auto events = rx.at("/moodscope/event");
    REQUIRE(events.size() == 2);
    CHECK(events[0].args[0].s == "drop"); // MoodEvent order
    CHECK(events[1].args[0].s == "silence");
    const auto levels = rx.at("/moodscope/level");
    REQUIRE(levels.size() == 2);
    CHECK(events[0].bundle == levels[1].bundle);
    CHECK(events[1].bundle == levels[1].bundle);
    CHECK(argF(levels[1], 0) == drop.rmsDb); // the frame that carried the events
    CHECK(rx.bundles() == 2);
    std::size_t inEventBundle = 0;
    for (const auto& m : rx.messages())
        inEventBundle += m.bundle == events[0].bundle ? 1u : 0u;
    CHECK(inEventBundle == 6 + 2); // the frame's continuous values and its two events

    // plain messages: the events are separate datagrams like everything else
    rx.clear();
    settings.bundles = false;
    settings.maxFastRateHz = 60.0;
    sender.setSettings(settings);
    sender.flush(); // returns once a pass of the sender has taken the new settings
    fast.publish(drop);
    sender.flush();
    REQUIRE(rx.waitFor("/moodscope/event", 2));
    rx.drain();
    CHECK(rx.messages().size() == 6 + 2);
    for (const auto& m : rx.messages())
        CHECK(m.bundle == -1);
}

TEST_CASE("OSC: timetags are the sender's clock by default, 'immediately' on request", "[osc]")
{
    SenderRig rig;
    auto& [rx, fast, slow, sender, settings] = rig;
    CHECK(settings.timetag == OscTimetag::Now);

    auto sendBoth = [&] {
        rx.clear();
        fast.publish(fastFrame(1));
        slow.publish(fullSnapshot());
        sender.flush();
        REQUIRE(rx.waitFor("/moodscope/fingerprint"));
        REQUIRE(rx.waitFor("/moodscope/level"));
        rx.drain();
        return rx.messages();
    };

    SECTION("now")
    {
        sender.start(settings);
        const auto all = sendBoth();
        lo_timetag now;
        lo_timetag_now(&now);
        for (const auto& m : all)
        {
            CHECK(m.bundle >= 0);
            CHECK(std::abs(lo_timetag_diff(now, m.time)) < 5.0);
        }
    }
    SECTION("immediate")
    {
        settings.timetag = OscTimetag::Immediate;
        sender.start(settings);
        const auto all = sendBoth();
        CHECK(all.size() > 40);
        for (const auto& m : all)
        {
            CHECK(m.bundle >= 0);
            CHECK(m.time.sec == 0u);
            CHECK(m.time.frac == 1u);
        }
        // and back to the clock at run time
        settings.timetag = OscTimetag::Now;
        sender.setSettings(settings);
        sender.flush(); // returns once a pass of the sender has taken the new settings
        const auto again = sendBoth();
        lo_timetag now;
        lo_timetag_now(&now);
        REQUIRE_FALSE(again.empty());
        for (const auto& m : again)
            CHECK(std::abs(lo_timetag_diff(now, m.time)) < 5.0);
    }
}

TEST_CASE("OSC: channels switch off individually at run time, two targets both receive", "[osc]")
{
    OscReceiver a, b;
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    Fanout<FastFrame> fast(64);
    Fanout<SlowSnapshot> slow(8);
    OscSender sender(fast, slow);
    OscSettings settings;
    settings.targets = { OscTarget { "127.0.0.1", a.port() }, OscTarget { "127.0.0.1", b.port() } };
    sender.start(settings);

    auto publishBoth = [&] {
        FastFrame f = fastFrame(1);
        f.events = eventBit(MoodEvent::Climax);
        fast.publish(f);
        SlowSnapshot s = fullSnapshot();
        s.events = 0;
        slow.publish(s);
        sender.flush();
        a.drain();
        b.drain();
    };
    // a change at run time: flush() returns once a pass of the sender has taken the settings
    auto applyThenPublish = [&] {
        sender.setSettings(settings);
        sender.flush();
        publishBoth();
    };

    SECTION("all on: both targets get identical messages")
    {
        publishBoth();
        const auto ma = a.messages(), mb = b.messages();
        // 6 fast, 1 event, then window, fingerprint, 25 dims, moods, label/quadrant/state/key
        REQUIRE(ma.size() == 6 + 1 + 1 + 1 + 25 + kNumMoods + 4);
        REQUIRE(mb.size() == ma.size());
        for (std::size_t i = 0; i < ma.size(); ++i)
        {
            CHECK(ma[i].path == mb[i].path);
            CHECK(ma[i].types == mb[i].types);
        }
        CHECK(sender.stats().targets.size() == 2);
        CHECK(sender.stats().messagesSent == 2 * ma.size());
        // the frame's event travels in the frame's bundle
        REQUIRE(a.at("/moodscope/event").size() == 1);
        CHECK(a.at("/moodscope/event")[0].bundle == a.at("/moodscope/level")[0].bundle);
        CHECK(a.at("/moodscope/event")[0].bundle != a.at("/moodscope/window")[0].bundle);
        CHECK(a.bundles() == 2);
    }
    SECTION("fast off")
    {
        settings.fast = false;
        applyThenPublish();
        const auto m = a.messages();
        CHECK_FALSE(anyAt(m, "/moodscope/level"));
        CHECK_FALSE(anyAt(m, "/moodscope/bands"));
        CHECK_FALSE(anyAt(m, "/moodscope/bpm"));
        CHECK(anyAt(m, "/moodscope/event"));
        CHECK(anyAt(m, "/moodscope/fingerprint"));
        // the event's update is then the event alone
        REQUIRE(a.at("/moodscope/event").size() == 1);
        const int eventBundle = a.at("/moodscope/event")[0].bundle;
        CHECK(eventBundle >= 0);
        CHECK(std::count_if(m.begin(), m.end(), [&](const ReceivedOsc& x) { return x.bundle == eventBundle; }) == 1);
    }
    SECTION("slow off, per-dimension on")
    {
        settings.slow = false;
        applyThenPublish();
        const auto m = a.messages();
        CHECK_FALSE(anyAt(m, "/moodscope/fingerprint"));
        CHECK_FALSE(anyAt(m, "/moodscope/window"));
        CHECK_FALSE(anyAt(m, "/moodscope/mood/energy"));
        CHECK_FALSE(anyAt(m, "/moodscope/key"));
        CHECK(anyAt(m, "/moodscope/fp/lufs"));
        CHECK(anyAt(m, "/moodscope/level"));
    }
    SECTION("per-dimension off")
    {
        settings.perDimension = false;
        applyThenPublish();
        const auto m = a.messages();
        CHECK(anyAt(m, "/moodscope/fingerprint"));
        for (const auto& msg : m)
            CHECK(msg.path.rfind("/moodscope/fp/", 0) != 0);
    }
    SECTION("events off")
    {
        settings.events = false;
        applyThenPublish();
        const auto m = a.messages();
        CHECK_FALSE(anyAt(m, "/moodscope/event"));
        CHECK(anyAt(m, "/moodscope/level"));
    }
    SECTION("bundles off: the same messages, each in its own datagram")
    {
        settings.bundles = false;
        applyThenPublish();
        const auto m = a.messages();
        CHECK(m.size() == 6 + 1 + 1 + 1 + 25 + kNumMoods + 4);
        for (const auto& msg : m)
            CHECK(msg.bundle == -1);
        const auto fp = a.at("/moodscope/fingerprint");
        REQUIRE(fp.size() == 1);
        CHECK(fp[0].args[7].f == fullSnapshot().get(Dim::Lufs));
        CHECK(sender.stats().targets[0].sent == m.size());
    }
    SECTION("one target removed at run time")
    {
        settings.targets = { OscTarget { "127.0.0.1", b.port() } };
        applyThenPublish();
        CHECK(a.messages().empty());
        CHECK(anyAt(b.messages(), "/moodscope/fingerprint"));
        CHECK(sender.stats().targets.size() == 1);
    }
}

namespace {
std::mutex lookupMutex;
std::condition_variable lookupCv;
bool lookupReleased = false;
std::atomic<int> lookupsStarted { 0 }, lookupsFinished { 0 };

// A DNS server that does not answer until the test lets it, then says the name is unknown.
OscResolveResult blockedLookup(const std::string&, int)
{
    lookupsStarted.fetch_add(1);
    {
        std::unique_lock<std::mutex> lock(lookupMutex);
        lookupCv.wait(lock, [] { return lookupReleased; });
    }
    OscResolveResult r;
    r.error = "no answer (test)";
    lookupsFinished.fetch_add(1);
    return r;
}

struct PublishProof // written by the publishing thread, read after it has been joined
{
    bool trapped = false; // the system-call trap was in place
    std::uint64_t syscalls = 0;
    long firstSyscall = -1;
};

// What the analysis thread does while the sender struggles: publish, every 0.5 ms, a slow
// snapshot every slowEvery frames. It runs on a thread of its own under a system-call trap:
// a publish that never enters the kernel cannot block on the sender's sockets, lookups or locks
// (Fanout::publish only enqueues into pre-sized lock-free queues; a full one drops and counts).
// The pace comes from an untrapped thread through an atomic, so the publisher's wait makes no
// system call either.
PublishProof publishUnderTrap(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow, int frames, int slowEvery,
                              int firstFrame = 0)
{
    PublishProof proof;
    const SlowSnapshot snapshot = fullSnapshot();
    std::atomic<int> ticks { 0 };
    std::atomic<bool> done { false };
    std::thread pacer([&] {
        while (!done.load())
        {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
            ticks.fetch_add(1);
        }
    });
    const auto publishAll = [&] {
        for (int i = firstFrame; i < firstFrame + frames; ++i)
        {
            const int tick = ticks.load();
            fast.publish(fastFrame(i));
            if (i % slowEvery == 0)
                slow.publish(snapshot);
            while (ticks.load() == tick)
            {}
        }
    };
    std::thread publisher([&] {
        if (!ScopedSyscallTrap::supported())
        {
            publishAll();
            return;
        }
        // This thread only publishes and ends: the trap stays on it for good.
        ScopedSyscallTrap trap;
        proof.trapped = trap.installed();
        publishAll();
        proof.syscalls = trap.count();
        proof.firstSyscall = trap.firstSyscall();
    });
    publisher.join();
    done = true;
    pacer.join();
    return proof;
}

// A sanitizer build has no trap; its run checks publishing against the sender for races.
void checkNoSystemCalls(const PublishProof& proof)
{
    if (!ScopedSyscallTrap::supported())
    {
        WARN("no system-call trap in this build: publishing is not proved free of system calls here");
        return;
    }
    REQUIRE(proof.trapped);
    INFO("first system call while publishing: " << proof.firstSyscall);
    CHECK(proof.syscalls == 0);
}

} // namespace

TEST_CASE("OSC: a name that never resolves holds up neither the other targets nor stop()", "[osc]")
{
    OscReceiver rx;
    REQUIRE(rx.ok());
    OscResolver::setLookupFunction(&blockedLookup);
    {
        Fanout<FastFrame> fast(64);
        Fanout<SlowSnapshot> slow(8);
        OscSender sender(fast, slow);
        sender.setLogFunction(&captureLog);
        OscSettings settings;
        settings.targets = { OscTarget { "dns-never-answers.example", 9000 }, OscTarget { "127.0.0.1", rx.port() } };
        sender.start(settings);
        slow.publish(fullSnapshot());
        sender.flush();
        REQUIRE(rx.waitFor("/moodscope/fingerprint"));
        // the lookup runs on the resolver's own thread, which may not have reached it yet
        const auto started = Clock::now() + std::chrono::seconds(5);
        while (lookupsStarted.load() < 1 && Clock::now() < started)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        CHECK(lookupsStarted.load() == 1); // still stuck in there
        const auto st = sender.stats();
        REQUIRE(st.targets.size() == 2);
        CHECK(st.targets[0].address.empty());
        CHECK(st.targets[0].unsent == 1); // one bundle: the update with its events
        CHECK(st.targets[1].sent == 1);
        sender.stop(); // must not wait for the lookup
        CHECK_FALSE(sender.isRunning());
    }
    OscResolver::setLookupFunction(nullptr);
    {
        std::lock_guard<std::mutex> lock(lookupMutex);
        lookupReleased = true;
    }
    lookupCv.notify_all();
    // the abandoned lookup still ends cleanly (and not after this test's globals are gone)
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (lookupsFinished.load() < 1 && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(lookupsFinished.load() == 1);
}

TEST_CASE("OSC: a closed port and an unresolvable name never delay publishing, are counted and logged, "
          "and the sender recovers",
          "[osc]")
{
    OscReceiver live;
    REQUIRE(live.ok());
    const int closedPort = closedUdpPort();
    Fanout<FastFrame> fast(1024);
    Fanout<SlowSnapshot> slow(64);
    OscSender sender(fast, slow);
    sender.setLogFunction(&captureLog);
    OscSettings settings;
    settings.targets = { OscTarget { "127.0.0.1", closedPort }, OscTarget { "nonexistent.invalid", 9000 },
                         OscTarget { "127.0.0.1", live.port() } };
    sender.start(settings);

    const SlowSnapshot snapshot = fullSnapshot();
    const PublishProof proof = publishUnderTrap(fast, slow, 2000, 100);
    sender.flush();
    checkNoSystemCalls(proof);

    // the live target got everything slow despite its neighbours
    live.drain();
    CHECK(live.at("/moodscope/fingerprint").size() == 20);

    // wait for the resolver's answer (NXDOMAIN is quick; retries back off)
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    OscStats st = sender.stats();
    while (Clock::now() < deadline && (st.targets.size() < 3 || st.targets[1].errors == 0))
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        sender.flush();
        st = sender.stats();
    }
    REQUIRE(st.targets.size() == 3);
    CHECK(st.targets[0].errors > 0);
    CHECK_FALSE(st.targets[0].reachable);
    CHECK(st.targets[0].lastError.find("ECONNREFUSED") != std::string::npos);
    CHECK(st.targets[1].errors > 0);
    CHECK(st.targets[1].lastError.find("resolve") != std::string::npos);
    CHECK(st.targets[1].address.empty());
    CHECK(st.targets[2].errors == 0);
    CHECK(st.errors == st.targets[0].errors + st.targets[1].errors);
    const auto mentions = loggedLinesContaining;
    CHECK(mentions("127.0.0.1:" + std::to_string(closedPort)) >= 1);
    // rate-limited: ~60 refused sends per second, at most a line per 5 s each
    CHECK(mentions("127.0.0.1:" + std::to_string(closedPort)) <= 3);
    CHECK(mentions("nonexistent.invalid:9000") >= 1);

    // the closed port comes to life: the sender notices by itself
    OscReceiver revived(closedPort);
    REQUIRE(revived.ok());
    const auto until = Clock::now() + std::chrono::seconds(10);
    bool back = false;
    for (int i = 0; Clock::now() < until && !back; ++i)
    {
        fast.publish(fastFrame(i));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        st = sender.stats();
        back = st.targets[0].reachable && !revived.at("/moodscope/level").empty();
    }
    CHECK(back);
    slow.publish(snapshot);
    sender.flush();
    CHECK(revived.waitFor("/moodscope/fingerprint"));
    // and says so once it has been quiet for a while
    const std::string again = "127.0.0.1:" + std::to_string(closedPort) + ": sending again";
    const auto quietUntil = Clock::now() + std::chrono::seconds(10);
    for (int i = 0; Clock::now() < quietUntil && loggedLinesContaining(again) == 0; ++i)
    {
        fast.publish(fastFrame(i));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(loggedLinesContaining(again) == 1);
    sender.stop();
}

// Hidden from the normal run: Tests/osc_full_buffer_test.sh runs it in a private network
// namespace whose loopback has a token-bucket qdisc (tc tbf, 8 kbit/s) that holds datagrams
// back, so they stay charged to the sender's socket until its send buffer is full and a
// non-blocking send() fails with EAGAIN: the real "socket buffer full" path.
TEST_CASE("OSC: a full socket buffer drops bundles without delaying publishing, is counted and logged, "
          "and the sender recovers when the link drains",
          "[.netns]")
{
    OscReceiver receiver;
    REQUIRE(receiver.ok());
    Fanout<FastFrame> fast(1024);
    Fanout<SlowSnapshot> slow(64);
    OscSender sender(fast, slow);
    sender.setLogFunction(&captureLog);
    sender.start(oneTarget(receiver.port()));

    // Slow bundles (~2 KB) at 80 per second fill the ~200 KB send buffer within seconds.
    PublishProof proof;
    proof.trapped = true;
    OscStats st;
    for (int round = 0; round < 20; ++round)
    {
        const PublishProof p = publishUnderTrap(fast, slow, 400, 25, round * 400);
        proof.trapped = proof.trapped && p.trapped;
        proof.syscalls += p.syscalls;
        if (proof.firstSyscall < 0)
            proof.firstSyscall = p.firstSyscall;
        sender.flush();
        st = sender.stats();
        if (st.targets.size() == 1 && st.targets[0].errors > 50)
            break;
    }
    INFO("first system call while publishing: " << proof.firstSyscall << "; last error: "
                                                << (st.targets.empty() ? "" : st.targets[0].lastError));
    REQUIRE(st.targets.size() == 1);
    CHECK(st.targets[0].errors > 50);
    CHECK(st.errors == st.targets[0].errors);
    checkNoSystemCalls(proof);
    // (the last error itself may already be cleared: the throttle lets a datagram through now
    // and then, and a send that succeeds clears it)
    const std::string target = "127.0.0.1:" + std::to_string(receiver.port()) + ": ";
    const std::string full = target + "socket buffer full, bundle dropped (EAGAIN)";
    CHECK(loggedLinesContaining(full) >= 1);
    CHECK(loggedLinesContaining(full) <= 3);                             // rate-limited: a line per 5 s at most
    CHECK(loggedLinesContaining(target) == loggedLinesContaining(full)); // no other kind of failure

    // The link drains (the qdisc goes, and the datagrams it held with it): the next sends go
    // out, and a snapshot marked as new arrives.
    REQUIRE(std::system("tc qdisc del dev lo root") == 0);
    SlowSnapshot marked = fullSnapshot();
    marked.set(Dim::SubBassPct, 0.4242f);
    bool arrived = false;
    const auto until = Clock::now() + std::chrono::seconds(10);
    while (!arrived && Clock::now() < until)
    {
        slow.publish(marked);
        sender.flush();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        for (const auto& m : receiver.at("/moodscope/fingerprint"))
            arrived = arrived || (!m.args.empty() && m.args[0].type == 'f' && m.args[0].f == 0.4242f);
    }
    CHECK(arrived);
    st = sender.stats();
    CHECK(st.targets[0].reachable);
    CHECK(st.targets[0].lastError.empty());
    sender.stop();
}
