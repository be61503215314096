// SPDX-License-Identifier: GPL-3.0-or-later
// Saved state: exact round trips of every setting, and defaults (never a crash) for
// garbage, truncated, empty, foreign, out-of-range and old-version state. Settings changes
// re-prepare the engine from the message thread only.
#include "PluginProcessor.h"
#include "PluginStateFixture.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

using namespace moodscope;
using moodscope::test::makeNonDefault;
using moodscope::test::stateOf;

namespace {
void setParam(MoodscopeProcessor& p, const char* id, float value)
{
    auto* param = p.parameters().getParameter(id);
    REQUIRE(param != nullptr);
    param->setValueNotifyingHost(param->convertTo0to1(value));
}

bool sameSettings(const PluginSettings& a, const PluginSettings& b)
{
    return sameEngineConfig(a.engine, b.engine) && sameOscSettings(a.osc, b.osc) && a.oscEnabled == b.oscEnabled &&
           a.hostSync == b.hostSync && sameWledSettings(a.wled, b.wled) && a.wledEnabled == b.wledEnabled &&
           a.linkEnabled == b.linkEnabled;
}

void load(MoodscopeProcessor& p, const juce::MemoryBlock& m)
{
    p.setStateInformation(m.getData(), static_cast<int>(m.getSize()));
}

void loadText(MoodscopeProcessor& p, const juce::String& xml)
{
    juce::MemoryBlock m;
    juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), m);
    load(p, m);
}

PluginSettings defaults()
{
    MoodscopeProcessor fresh;
    return fresh.settings();
}
} // namespace

TEST_CASE("state: defaults are what the engine and the OSC sender default to", "[plugin][state]")
{
    const auto s = defaults();
    CHECK(sameEngineConfig(s.engine, EngineConfig {}));
    CHECK(sameOscSettings(s.osc, OscSettings {}));
    CHECK(s.oscEnabled);
    CHECK(s.hostSync);
    CHECK(sameWledSettings(s.wled, WledSettings {}));
    CHECK_FALSE(s.wledEnabled); // WLED devices react only when asked to
    CHECK_FALSE(s.linkEnabled); // nor does a Link session change tempo
}

TEST_CASE("state: every setting round-trips exactly through a fresh instance", "[plugin][state]")
{
    MoodscopeProcessor a;
    makeNonDefault(a);
    const auto saved = stateOf(a);
    const auto sa = a.settings();
    CHECK_FALSE(sameSettings(sa, defaults())); // the round trip below can fail

    CHECK(sa.engine.windowSeconds == 12.5);
    CHECK(sa.engine.intervalSeconds == Approx(0.7).margin(1e-6));
    CHECK(sa.engine.lazyTempo);
    REQUIRE(sa.osc.targets.size() == 3);
    CHECK(sa.osc.targets[1].host == "::1");
    CHECK(sa.osc.targets[1].port == 9001);
    CHECK(sa.osc.prefix == "/stage/left");
    CHECK(sa.wledEnabled);
    CHECK(sa.linkEnabled);
    REQUIRE(sa.wled.targets.size() == 2);
    CHECK(sa.wled.targets[0] == WledTarget {});
    CHECK(sa.wled.targets[1].host == "wled-desk.local");
    CHECK(sa.wled.targets[1].port == 21324);
    CHECK(sa.wled.multicastTtl == 4);
    CHECK(sa.wled.multicastInterface == "eth1");

    MoodscopeProcessor b;
    load(b, saved);
    CHECK(sameSettings(b.settings(), sa));
    const auto again = stateOf(b);
    CHECK(again == saved); // byte for byte

    MoodscopeProcessor c; // and once more, from the copy
    load(c, again);
    CHECK(sameSettings(c.settings(), sa));
    CHECK(stateOf(c) == saved);
}

TEST_CASE("state: a default instance saves and reloads its defaults", "[plugin][state]")
{
    MoodscopeProcessor a;
    const auto saved = stateOf(a);
    MoodscopeProcessor b;
    makeNonDefault(b);
    load(b, saved);
    CHECK(sameSettings(b.settings(), defaults()));
    CHECK(stateOf(b) == saved);
}

TEST_CASE("state: empty, garbage and foreign data leave the defaults", "[plugin][state]")
{
    const auto d = defaults();
    MoodscopeProcessor p;

    makeNonDefault(p);
    p.setStateInformation(nullptr, 0);
    CHECK(sameSettings(p.settings(), d));

    makeNonDefault(p);
    const char one = 0;
    p.setStateInformation(&one, 0);
    CHECK(sameSettings(p.settings(), d));

    makeNonDefault(p);
    p.setStateInformation(&one, -5);
    CHECK(sameSettings(p.settings(), d));

    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial)
    {
        std::vector<char> junk(static_cast<std::size_t>(1 + rng() % 600));
        for (auto& c : junk)
            c = static_cast<char>(rng());
        if (trial % 3 == 0) // junk behind a valid XML header: parsed, then rejected
            std::memcpy(junk.data(), "\x56\x43\x32\x21\x40\x00\x00\x00", std::min<std::size_t>(8, junk.size()));
        if (trial % 3 == 1) // junk behind the version-1 type name
        {
            const char tag[] = "MoodscopeState";
            std::memcpy(junk.data(), tag, std::min(sizeof(tag), junk.size()));
        }
        makeNonDefault(p);
        p.setStateInformation(junk.data(), static_cast<int>(junk.size()));
        const auto s = p.settings();
        REQUIRE(std::isfinite(s.engine.windowSeconds));
        REQUIRE(s.engine.windowSeconds >= EngineConfig::kMinWindow);
        REQUIRE(s.engine.windowSeconds <= EngineConfig::kMaxWindow);
        REQUIRE(!s.osc.targets.empty());
    }

    makeNonDefault(p);
    loadText(p, "<OtherPlugin window=\"20\"><PARAM id=\"window\" value=\"20\"/></OtherPlugin>");
    CHECK(sameSettings(p.settings(), d));
}

TEST_CASE("state: text that JUCE's XML parser misreads leaves the defaults", "[plugin][state]")
{
    const auto d = defaults();
    MoodscopeProcessor a;
    makeNonDefault(a);
    const auto saved = stateOf(a);
    const auto text =
        juce::String::fromUTF8(static_cast<const char*>(saved.getData()) + 8, static_cast<int>(saved.getSize()) - 9);
    MoodscopeProcessor b;
    const auto loadBytes = [&b](const void* bytes, std::size_t size) {
        makeNonDefault(b);
        b.setStateInformation(bytes, static_cast<int>(size));
    };

    // not UTF-8: a lead byte followed by plain ASCII
    auto notUtf8 = saved;
    const int at = text.indexOf("/stage/left");
    REQUIRE(at > 0);
    static_cast<char*>(notUtf8.getData())[8 + at + 1] = '\xc3';
    loadBytes(notUtf8.getData(), notUtf8.getSize());
    CHECK(sameSettings(b.settings(), d));

    // the fuzzer's finds: a lead byte right before the terminator, inside a quoted value (the
    // parser read past the buffer); a processing instruction before text inside an element (it
    // looped forever)
    const char overread[] = "VC2!\x07\x00\x00\x00<a b=\"\xc3";
    loadBytes(overread, sizeof(overread));
    CHECK(sameSettings(b.settings(), d));
    const char endless[] = "VC2!\x0d\x00\x00\x00<a><?x?>b</a>";
    loadBytes(endless, sizeof(endless));
    CHECK(sameSettings(b.settings(), d));
    const char unfinished[] = "VC2!\x06\x00\x00\x00<a>&#x"; // an entity cut by the end: read past it
    loadBytes(unfinished, sizeof(unfinished));
    CHECK(sameSettings(b.settings(), d));

    // entities as JUCE writes them still load
    MoodscopeProcessor c;
    c.parameters().state.setProperty(stateProp::oscPrefix, "/a&b\"c", nullptr);
    const auto escaped = stateOf(c);
    REQUIRE(juce::String::fromUTF8(static_cast<const char*>(escaped.getData()) + 8).contains("&amp;b&quot;c"));
    loadBytes(escaped.getData(), escaped.getSize());
    CHECK(b.settings().osc.prefix == "/a&b\"c");

    // our own state with a DTD, a comment or a processing instruction added
    for (const auto& changed : { text.replace(" <MoodscopeState", " <!DOCTYPE MoodscopeState []> <MoodscopeState"),
                                 text.replace("<PARAM", "<!-- x --><PARAM"), text.replace("<PARAM", "<?x?><PARAM") })
    {
        juce::MemoryBlock m;
        juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(changed), m); // re-written without them
        loadBytes(m.getData(), m.getSize());
        CHECK_FALSE(sameSettings(b.settings(), d)); // so this loads
        juce::MemoryBlock raw(8 + changed.getNumBytesAsUTF8() + 1, true);
        const auto length = juce::ByteOrder::swapIfBigEndian(static_cast<juce::uint32>(changed.getNumBytesAsUTF8()));
        std::memcpy(raw.getData(), "VC2!", 4);
        std::memcpy(static_cast<char*>(raw.getData()) + 4, &length, 4);
        std::memcpy(static_cast<char*>(raw.getData()) + 8, changed.toRawUTF8(), changed.getNumBytesAsUTF8());
        loadBytes(raw.getData(), raw.getSize());
        CHECK(sameSettings(b.settings(), d)); // the text as it is does not
    }
}

TEST_CASE("state: every truncation of a saved state gives defaults or the full state", "[plugin][state]")
{
    MoodscopeProcessor a;
    makeNonDefault(a);
    const auto saved = stateOf(a);
    const auto full = a.settings();
    const auto d = defaults();
    MoodscopeProcessor b;
    int asDefaults = 0, asFull = 0;
    for (std::size_t n = 0; n < saved.getSize(); ++n)
    {
        b.setStateInformation(saved.getData(), static_cast<int>(n));
        const auto s = b.settings();
        const bool isDefault = sameSettings(s, d), isFull = sameSettings(s, full);
        REQUIRE((isDefault || isFull));
        asDefaults += isDefault ? 1 : 0;
        asFull += isFull ? 1 : 0;
    }
    CHECK(asDefaults > static_cast<int>(saved.getSize()) - 3);
    CHECK(asFull <= 2); // at most the lost terminator
}

TEST_CASE("state: out-of-range and malformed values fall back one by one", "[plugin][state]")
{
    const auto d = defaults();
    MoodscopeProcessor p;
    setParam(p, paramId::oscImmediate, 1.0f); // a setting that a state saved before it existed lacks
    loadText(p, "<MoodscopeState version=\"2\" oscTargets=\"nonsense, also:bad:port\" oscPrefix=\"no slash\">"
                "<PARAM id=\"window\" value=\"999\"/><PARAM id=\"interval\" value=\"nan\"/>"
                "<PARAM id=\"lazyTempo\" value=\"-3\"/><PARAM id=\"oscFast\" value=\"0\"/></MoodscopeState>");
    const auto s = p.settings();
    CHECK(s.engine.windowSeconds == d.engine.windowSeconds);
    CHECK(s.engine.intervalSeconds == d.engine.intervalSeconds);
    CHECK(s.engine.lazyTempo == d.engine.lazyTempo);
    CHECK_FALSE(s.osc.fast); // the one good value is taken
    CHECK(s.osc.targets == d.osc.targets);
    CHECK(s.osc.prefix == d.osc.prefix);
    CHECK(s.osc.timetag == OscTimetag::Now); // missing from the state: the default

    // numbers are read whole, in the C locale; an exponent longer than an int (JUCE's own
    // parser overflowed on it, found by fuzz_plugin_state) is no number
    loadText(p, "<MoodscopeState version=\"2\"><PARAM id=\"window\" value=\"4.5e30988079071\"/>"
                "<PARAM id=\"interval\" value=\" 1.5 \"/><PARAM id=\"lazyTempo\" value=\"1x\"/></MoodscopeState>");
    CHECK(p.config().windowSeconds == d.engine.windowSeconds);
    CHECK(p.config().intervalSeconds == Approx(1.5));
    CHECK(p.config().lazyTempo == d.engine.lazyTempo);
}

TEST_CASE("state: the lighting profile switch chooses the OSC profile and is saved with the state", "[plugin][state]")
{
    MoodscopeProcessor a;
    CHECK(a.settings().osc.profile == OscProfile::Default);
    setParam(a, paramId::oscLighting, 1.0f);
    CHECK(a.settings().osc.profile == OscProfile::Lighting);
    MoodscopeProcessor b;
    load(b, stateOf(a));
    CHECK(b.settings().osc.profile == OscProfile::Lighting);
    // a state saved before the switch existed loads with the default profile (bridges read it)
    loadText(b, "<MoodscopeState version=\"2\"><PARAM id=\"window\" value=\"12\"/></MoodscopeState>");
    CHECK(b.settings().osc.profile == OscProfile::Default);
    CHECK(b.settings().engine.windowSeconds == 12.0);
}

TEST_CASE("state: a newer version's extra fields are ignored, known ones read", "[plugin][state]")
{
    MoodscopeProcessor p;
    loadText(p, "<MoodscopeState version=\"9\" oscTargets=\"192.168.1.20:7700\" futureThing=\"x\">"
                "<PARAM id=\"window\" value=\"20\"/><PARAM id=\"brandNew\" value=\"1\"/><Extra a=\"b\"/>"
                "</MoodscopeState>");
    const auto s = p.settings();
    CHECK(s.engine.windowSeconds == 20.0);
    REQUIRE(s.osc.targets.size() == 1);
    CHECK(s.osc.targets[0].port == 7700);
}

TEST_CASE("state: version 1 (binary ValueTree of window and interval) is migrated", "[plugin][state]")
{
    const auto v1 = [](const juce::var& window, const juce::var& interval) {
        juce::ValueTree state("MoodscopeState");
        state.setProperty("version", 1, nullptr);
        state.setProperty("window", window, nullptr);
        state.setProperty("interval", interval, nullptr);
        juce::MemoryBlock m;
        juce::MemoryOutputStream stream(m, false);
        state.writeToStream(stream);
        stream.flush();
        return m;
    };
    MoodscopeProcessor p;
    load(p, v1(12.0, 3.0));
    CHECK(p.config().windowSeconds == 12.0);
    CHECK(p.config().intervalSeconds == Approx(3.0).margin(1e-6));
    CHECK(sameOscSettings(p.settings().osc, OscSettings {}));

    load(p, v1(1000.0, std::numeric_limits<double>::quiet_NaN()));
    CHECK(p.config().windowSeconds == EngineConfig {}.windowSeconds);
    CHECK(p.config().intervalSeconds == EngineConfig {}.intervalSeconds);

    const auto good = v1(12.0, 3.0);
    for (std::size_t n = 0; n < good.getSize(); ++n)
    {
        p.setStateInformation(good.getData(), static_cast<int>(n));
        REQUIRE(std::isfinite(p.config().windowSeconds));
    }
}

TEST_CASE("state: version-1 data with absurd counts or a foreign layout leaves the defaults", "[plugin][state]")
{
    const auto d = defaults();
    MoodscopeProcessor p;
    const auto loadBytes = [&p](const char* bytes, std::size_t size) {
        makeNonDefault(p);
        p.setStateInformation(bytes, static_cast<int>(size));
    };
    // 2^31 - 1 children (JUCE would ask for 16 GB first), 2^31 - 1 properties (it would loop
    // over them), a string property, a child
    const char children[] = "MoodscopeState\0\0\x04\xff\xff\xff\x7f";
    loadBytes(children, sizeof(children) - 1);
    CHECK(sameSettings(p.settings(), d));
    const char properties[] = "MoodscopeState\0\x04\xff\xff\xff\x7f";
    loadBytes(properties, sizeof(properties) - 1);
    CHECK(sameSettings(p.settings(), d));
    juce::ValueTree withString("MoodscopeState");
    withString.setProperty("window", "12", nullptr);
    juce::ValueTree withChild("MoodscopeState");
    withChild.setProperty("window", 12.0, nullptr);
    withChild.appendChild(juce::ValueTree("child"), nullptr);
    for (const auto& tree : { withString, withChild })
    {
        juce::MemoryOutputStream stream;
        tree.writeToStream(stream);
        loadBytes(static_cast<const char*>(stream.getData()), stream.getDataSize());
        CHECK(sameSettings(p.settings(), d));
    }
}

TEST_CASE("target lists: parsing, duplicates, rejects and formatting", "[plugin][state]")
{
    juce::StringArray rejected;
    const auto t = parseTargetList("127.0.0.1:9000; 127.0.0.1:9000 host:70000 [fe80::1]:5000,\nnoport", &rejected);
    REQUIRE(t.size() == 2);
    CHECK(t[1].host == "fe80::1");
    CHECK(rejected.size() == 2);
    CHECK(formatTargetList(t) == "127.0.0.1:9000, [fe80::1]:5000");
    CHECK(parseTargetList(formatTargetList(t)) == t);
    CHECK(isValidPrefix("/moodscope"));
    CHECK_FALSE(isValidPrefix("moodscope"));
    CHECK_FALSE(isValidPrefix("/mood scope"));
    CHECK_FALSE(isValidPrefix("/a/"));
}

TEST_CASE("settings: a window change re-prepares the engine on the message thread, after it settles", "[plugin][state]")
{
    MoodscopeProcessor p;
    p.setPlayConfigDetails(2, 2, 48000.0, 512);
    p.prepareToPlay(48000.0, 512);
    REQUIRE(p.engine().isRunning());
    CHECK(p.appliedConfig().windowSeconds == 8.0);

    setParam(p, paramId::window, 15.0f);
    p.applySettings(false); // the change has just been seen: it waits to settle
    CHECK(p.appliedConfig().windowSeconds == 8.0);
    p.applySettings(true);
    CHECK(p.appliedConfig().windowSeconds == 15.0);
    CHECK(p.engine().config().windowSeconds == 15.0);
    CHECK(p.engine().isRunning());

    // State loaded by the host takes the same path.
    MoodscopeProcessor other;
    setParam(other, paramId::interval, 4.0f);
    setParam(other, paramId::lazyTempo, 1.0f);
    load(p, stateOf(other));
    p.applySettings(true);
    CHECK(p.appliedConfig().intervalSeconds == Approx(4.0).margin(1e-6));
    CHECK(p.appliedConfig().lazyTempo);
    CHECK(p.appliedConfig().windowSeconds == 8.0);
    CHECK(p.engine().config().lazyTempo);

    // Not prepared: nothing to re-prepare; prepareToPlay picks the settings up.
    p.releaseResources();
    setParam(p, paramId::window, 20.0f);
    p.applySettings(true);
    CHECK_FALSE(p.engine().isRunning());
    p.prepareToPlay(44100.0, 256);
    CHECK(p.engine().config().windowSeconds == 20.0);
    p.releaseResources();
}
