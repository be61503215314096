// SPDX-License-Identifier: GPL-3.0-or-later
// The mood layer through the whole Analyzer, on synthesized music.
#include "AnalyzerHarness.h"
#include "MoodSignals.h"
#include "format/JsonOutput.h"
#include "mood/MoodLabels.h"
#include "mood/MoodStateMachine.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
constexpr double kRate = 44100.0;

CollectingSink runMono(const std::vector<float>& x, EngineConfig config = {})
{
    return run(x, x, kRate, config);
}

// The snapshot published at `time` (s).
const SlowSnapshot& at(const CollectingSink& sink, double time)
{
    for (const auto& s : sink.slow)
        if (std::abs(s.time - time) < 1e-6)
            return s;
    FAIL("no snapshot at " << time);
    return sink.slow.front();
}

bool has(std::uint32_t events, MoodEvent e)
{
    return (events & eventBit(e)) != 0;
}

bool moodInRange(const SlowSnapshot& s)
{
    for (int i = 0; i < kNumMoods; ++i)
    {
        const auto m = static_cast<Mood>(i);
        if (!s.has(m))
            continue;
        const float v = s.get(m);
        if (!std::isfinite(v) || v < 0.0f || v > 1.0f)
        {
            UNSCOPED_INFO(moodName(m) << " = " << v);
            return false;
        }
    }
    return true;
}

std::string describe(const SlowSnapshot& s)
{
    std::string out = std::to_string(s.time) + "s " + std::string(moodStateName(s.state)) + " [" +
                      moodCategoryLabel(s.category) + "] " + std::string(quadrantName(s.quadrant));
    for (int i = 0; i < kNumMoods; ++i)
        out += " " + std::string(moodName(static_cast<Mood>(i))) + "=" +
               std::to_string(s.mood[static_cast<std::size_t>(i)]);
    for (int e = 0; e < kNumMoodEvents; ++e)
        if (has(s.events, static_cast<MoodEvent>(e)))
            out += " !" + std::string(moodEventName(static_cast<MoodEvent>(e)));
    return out;
}
} // namespace

TEST_CASE("a loud fast drum+bass loop has more energy and arousal than a quiet pad, in separate runs", "[mood][model]")
{
    const auto drums = runMono(drumAndBass(128.0, 20.0, kRate)).slow.back();
    const auto pad = runMono(quietPad(20.0, kRate)).slow.back();
    INFO(describe(drums));
    INFO(describe(pad));
    REQUIRE(drums.moodValid == (1u << kNumMoods) - 1);
    REQUIRE(pad.moodValid == (1u << kNumMoods) - 1);
    CHECK(drums.get(Mood::Energy) > pad.get(Mood::Energy) + 0.25f);
    CHECK(drums.get(Mood::Arousal) > pad.get(Mood::Arousal) + 0.25f);
    CHECK(drums.get(Mood::BeatStrength) > pad.get(Mood::BeatStrength) + 0.4f);
    CHECK(drums.get(Mood::Danceability) > pad.get(Mood::Danceability) + 0.4f);
    CHECK(pad.get(Mood::HarmonicRatio) > drums.get(Mood::HarmonicRatio) + 0.3f);
    CHECK(drums.state != MoodState::Silence);
    CHECK(pad.state != MoodState::Silence);
    CHECK(static_cast<int>(drums.category.energy) > static_cast<int>(pad.category.energy));
    CHECK((pad.state == MoodState::Ambient || pad.state == MoodState::Chill));
    CHECK((drums.state == MoodState::Groove || drums.state == MoodState::Intense));
}

TEST_CASE("a loud fast drum+bass loop has more energy and arousal than a quiet pad, in one run", "[mood][model]")
{
    const auto sink =
        runMono(concat({ quietPad(20.0, kRate), drumAndBass(128.0, 20.0, kRate), quietPad(20.0, kRate) }));
    const SlowSnapshot& pad1 = at(sink, 20.0);
    const SlowSnapshot& drums = at(sink, 40.0);
    const SlowSnapshot& pad2 = at(sink, 60.0);
    INFO(describe(pad1));
    INFO(describe(drums));
    INFO(describe(pad2));
    for (const SlowSnapshot* pad : { &pad1, &pad2 })
    {
        CHECK(drums.get(Mood::Energy) > pad->get(Mood::Energy) + 0.25f);
        CHECK(drums.get(Mood::Arousal) > pad->get(Mood::Arousal) + 0.25f);
    }
    // the section changes show as events at the first update after each change
    const SlowSnapshot& in = at(sink, 22.0);
    const SlowSnapshot& out = at(sink, 42.0);
    INFO(describe(in));
    INFO(describe(out));
    CHECK(has(in.events, MoodEvent::EnergyRise));
    CHECK(has(in.events, MoodEvent::Drop)); // 20 LU louder at once after 20 s of sound
    CHECK(has(out.events, MoodEvent::EnergyFall));
    CHECK(has(out.events, MoodEvent::BreakdownStart));
    CHECK(out.state == MoodState::Breakdown);
    CHECK(pad1.state != MoodState::Breakdown); // the same pad before any loud music is not one
}

TEST_CASE("the same progression in major and brighter has higher valence than in minor and darker", "[mood][model]")
{
    const auto major = runMono(progression(false, 10, 16.0, kRate)).slow.back();
    const auto minor = runMono(progression(true, 1, 16.0, kRate)).slow.back();
    INFO(describe(major));
    INFO(describe(minor));
    CHECK(major.get(Mood::Valence) > minor.get(Mood::Valence) + 0.15f);
    CHECK(major.get(Mood::Brightness) > minor.get(Mood::Brightness));
    // only the timbre differs in brightness: same mode, dark timbre sits in between
    const auto darkMajor = runMono(progression(false, 1, 16.0, kRate)).slow.back();
    CHECK(darkMajor.get(Mood::Valence) < major.get(Mood::Valence));
}

TEST_CASE("a crescendo riser starts a build, full drums entering loud are a drop", "[mood][model]")
{
    const double interval = GENERATE(1.0, 2.0);
    INFO("interval " << interval);
    EngineConfig config;
    config.intervalSeconds = interval;
    const auto x = concat(
        { quietPad(10.0, kRate), riser(128.0, 12.0, kRate, -46.0, -30.0), drumAndBass(128.0, 12.0, kRate, 0.6) });
    const auto sink = runMono(x, config);
    double buildAt = -1.0, dropAt = -1.0, fastDropAt = -1.0;
    for (const auto& s : sink.slow)
    {
        UNSCOPED_INFO(describe(s));
        if (has(s.events, MoodEvent::BuildStart) && buildAt < 0.0)
            buildAt = s.time;
        if (has(s.events, MoodEvent::Drop) && dropAt < 0.0)
            dropAt = s.time;
    }
    int fastDrops = 0;
    for (const auto& f : sink.fast)
        if (has(f.events, MoodEvent::Drop))
        {
            ++fastDrops;
            if (fastDropAt < 0.0)
                fastDropAt = f.time;
        }
    INFO("build_start at " << buildAt << " s, drop at " << dropAt << " s (fast " << fastDropAt << " s)");
    CHECK(buildAt > 10.0);
    CHECK(buildAt <= 22.0);
    CHECK(fastDrops == 1);
    CHECK(fastDropAt > 22.0);
    CHECK(fastDropAt < 22.6);                                // within a few hops of the entry
    CHECK(dropAt == Catch::Detail::Approx(22.0 + interval)); // the next slow update carries it too
    CHECK(at(sink, 22.0 + interval).state == MoodState::Peak);
    CHECK(has(at(sink, 22.0 + interval).events, MoodEvent::Climax));
}

TEST_CASE("five seconds of silence after music read as silence within one interval", "[mood][model]")
{
    const double silenceFrom = 16.0;
    const auto x = concat(
        { drumAndBass(128.0, silenceFrom, kRate), std::vector<float>(static_cast<std::size_t>(5 * kRate), 0.0f) });
    const auto sink = runMono(x);
    const EngineConfig config;
    int silenceEvents = 0;
    for (const auto& s : sink.slow)
    {
        if (s.moodValid == 0)
            continue;
        INFO(describe(s));
        if (s.time < silenceFrom)
            CHECK(s.state != MoodState::Silence);
        else if (s.time >= silenceFrom + config.intervalSeconds)
            CHECK(s.state == MoodState::Silence);
        silenceEvents += has(s.events, MoodEvent::Silence);
    }
    CHECK(has(at(sink, silenceFrom + config.intervalSeconds).events, MoodEvent::Silence));
    CHECK(silenceEvents == 1);
    double fastAt = -1.0;
    for (const auto& f : sink.fast)
        if (has(f.events, MoodEvent::Silence) && fastAt < 0.0)
            fastAt = f.time;
    INFO("fast silence event " << fastAt - silenceFrom << " s after the music stopped");
    CHECK(fastAt > silenceFrom + 1.0);
    CHECK(fastAt < silenceFrom + 1.6);
}

TEST_CASE("a steady loop does not flicker labels or state", "[mood][model]")
{
    const double interval = GENERATE(0.5, 2.0);
    INFO("interval " << interval);
    EngineConfig config;
    config.intervalSeconds = interval;
    const auto sink = runMono(drumAndBass(124.0, 60.0, kRate, 0.5, 3), config);
    int stateChanges = 0, labelChanges = 0, quadrantChanges = 0, lateChanges = 0;
    const SlowSnapshot* prev = nullptr;
    for (const auto& s : sink.slow)
    {
        if (s.moodValid == 0)
            continue;
        UNSCOPED_INFO(describe(s));
        if (prev)
        {
            const bool state = s.state != prev->state;
            const bool label = moodCategoryLabel(s.category) != moodCategoryLabel(prev->category);
            const bool quadrant = s.quadrant != prev->quadrant;
            stateChanges += state;
            labelChanges += label;
            quadrantChanges += quadrant;
            if (s.time > 30.0)
                lateChanges += state + label + quadrant;
        }
        prev = &s;
    }
    CHECK(stateChanges <= static_cast<int>(60.0 / MoodStateMachine::kMinHoldSeconds));
    CHECK(labelChanges <= static_cast<int>(60.0 / MoodLabeler::kMinHoldSeconds));
    CHECK(quadrantChanges <= static_cast<int>(60.0 / MoodLabeler::kMinHoldSeconds));
    CHECK(lateChanges == 0); // settled: the second half changes nothing at all
}

TEST_CASE("the same input twice gives bit-identical mood output", "[mood][model]")
{
    const auto x =
        concat({ quietPad(6.0, kRate), riser(128.0, 6.0, kRate, -46.0, -30.0), drumAndBass(128.0, 8.0, kRate) });
    const auto a = runMono(x);
    const auto b = runMono(x);
    REQUIRE(a.slow.size() == b.slow.size());
    REQUIRE(a.fast.size() == b.fast.size());
    // field by field (the struct's padding bytes are not part of the output)
    for (std::size_t i = 0; i < a.slow.size(); ++i)
    {
        const SlowSnapshot &p = a.slow[i], &q = b.slow[i];
        CHECK(std::memcmp(p.mood.data(), q.mood.data(), sizeof(p.mood)) == 0);
        CHECK(std::memcmp(p.fingerprint.data(), q.fingerprint.data(), sizeof(p.fingerprint)) == 0);
        CHECK(p.moodValid == q.moodValid);
        CHECK(moodCategoryLabel(p.category) == moodCategoryLabel(q.category));
        CHECK(p.quadrant == q.quadrant);
        CHECK(p.state == q.state);
        CHECK(p.events == q.events);
    }
    for (std::size_t i = 0; i < a.fast.size(); ++i)
        CHECK(a.fast[i].events == b.fast[i].events);
}

TEST_CASE("mood stays finite and in range for silence, noise, an impulse and NaN bursts", "[mood][model]")
{
    std::vector<std::vector<float>> signals = pulselessSignals(kRate);
    signals.push_back(whiteNoise(0.5, 8.0, kRate, 3));
    auto bursts = drumAndBass(128.0, 8.0, kRate);
    for (std::size_t i = 0; i < bursts.size(); i += 20000)
        for (std::size_t k = i; k < i + 500 && k < bursts.size(); ++k)
            bursts[k] = k % 2 ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
    signals.push_back(bursts);
    for (std::size_t n = 0; n < signals.size(); ++n)
    {
        INFO("signal " << n);
        const auto sink = runMono(signals[n]);
        for (const auto& s : sink.slow)
        {
            CHECK(moodInRange(s));
            CHECK(static_cast<int>(s.state) < static_cast<int>(MoodState::Count));
            CHECK(s.category.energy <= 2);
            CHECK(s.category.brightness <= 2);
            CHECK(s.category.intensity <= 2);
            CHECK(s.events < (1u << kNumMoodEvents));
        }
        CHECK(sink.slow.back().moodValid == (1u << kNumMoods) - 1);
    }
    // silence is silence, and has no energy
    const auto silent = runMono(pulselessSignals(kRate)[0]).slow.back();
    CHECK(silent.state == MoodState::Silence);
    CHECK(silent.get(Mood::Energy) == 0.0f);
    CHECK(silent.events == 0); // nothing was playing, so nothing stopped
}

TEST_CASE("the whole-file summary carries mood, labels and a state", "[mood][model]")
{
    auto summaryOf = [](const std::vector<float>& x) {
        Analyzer analyzer;
        analyzer.prepare(kRate, {});
        analyzer.enableSummary(static_cast<double>(x.size()) / kRate);
        CollectingSink sink;
        analyzer.process(x.data(), x.data(), x.size(), sink);
        return analyzer.summary();
    };
    const SlowSnapshot drums = summaryOf(drumAndBass(128.0, 16.0, kRate));
    const SlowSnapshot pad = summaryOf(quietPad(16.0, kRate));
    const SlowSnapshot silence = summaryOf(std::vector<float>(static_cast<std::size_t>(8 * kRate), 0.0f));
    INFO(describe(drums));
    INFO(describe(pad));
    CHECK(drums.moodValid == (1u << kNumMoods) - 1);
    CHECK(moodInRange(drums));
    CHECK(moodInRange(pad));
    CHECK(drums.get(Mood::Energy) > pad.get(Mood::Energy) + 0.25f);
    CHECK((drums.state == MoodState::Groove || drums.state == MoodState::Intense));
    CHECK((pad.state == MoodState::Ambient || pad.state == MoodState::Chill));
    CHECK(silence.state == MoodState::Silence);
    CHECK(drums.events == 0);
}

TEST_CASE("frame and summary lines carry the SPEC 8.1 mood object", "[mood][model][json]")
{
    const auto sink = runMono(drumAndBass(128.0, 10.0, kRate));
    const std::string warm = frameToJsonLine(sink.slow.front(), "x.wav");
    CHECK(warm.find("\"mood\":{}") != std::string::npos);
    const std::string line = frameToJsonLine(sink.slow.back(), "x.wav");
    for (const char* key :
         { "\"energy\":", "\"danceability\":", "\"label\":\"", "\"quadrant\":\"", "\"state\":\"", "\"events\":[" })
    {
        INFO(key << " in " << line);
        CHECK(line.find(key) != std::string::npos);
    }
    SlowSnapshot s = sink.slow.back();
    s.featuresValid = true;
    s.features.key = 9;
    s.features.minor = true;
    s.features.keyStrength = 0.5f;
    s.events = eventBit(MoodEvent::Drop) | eventBit(MoodEvent::Climax);
    const std::string keyed = frameToJsonLine(s, "x.wav");
    CHECK(keyed.find("\"key\":\"A\",\"mode\":\"minor\",\"key_strength\":0.5") != std::string::npos);
    CHECK(keyed.find("\"events\":[\"drop\",\"climax\"]") != std::string::npos);
    s.features.key = -1;
    CHECK(frameToJsonLine(s, "x.wav").find("\"key\":null,\"mode\":null") != std::string::npos);
    const std::string summary = summaryToJsonLine(sink.slow.back(), "x.wav", 10.0, kRate);
    CHECK(summary.find("\"state\":\"") != std::string::npos);
    CHECK(summary.find("\"events\"") == std::string::npos);
}

TEST_CASE("mood does not depend on whether fast signals are published", "[mood][model]")
{
    const auto x =
        concat({ drumAndBass(128.0, 12.0, kRate), std::vector<float>(static_cast<std::size_t>(4 * kRate), 0.0f) });
    const auto with = runMono(x);
    Analyzer analyzer;
    analyzer.prepare(kRate, {});
    analyzer.setFastSignals(false);
    CollectingSink without;
    analyzer.process(x.data(), x.data(), x.size(), without);
    CHECK(without.fast.empty());
    REQUIRE(with.slow.size() == without.slow.size());
    for (std::size_t i = 0; i < with.slow.size(); ++i)
    {
        INFO(describe(without.slow[i]));
        CHECK(std::memcmp(with.slow[i].mood.data(), without.slow[i].mood.data(), sizeof(SlowSnapshot::mood)) == 0);
        CHECK(with.slow[i].state == without.slow[i].state);
        CHECK(with.slow[i].events == without.slow[i].events);
    }
    CHECK(at(without, 10.0).state != MoodState::Silence);
    CHECK(at(without, 16.0).state == MoodState::Silence);
}
