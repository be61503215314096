// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "Progression.h"
#include "Signals.h"
#include "mood/KeyDetector.h"

#include <catch2/catch.hpp>

#include <string>

using namespace moodscope;
using namespace moodscope::test;

namespace {
Chroma pitchClasses(std::initializer_list<int> classes)
{
    Chroma c {};
    for (int pc : classes)
        c[static_cast<std::size_t>(pc % 12)] += 1.0f;
    return c;
}

std::string keyLabel(int key, bool minor)
{
    return key < 0 ? std::string("none") : std::string(keyName(key)) + (minor ? " minor" : " major");
}
} // namespace

TEST_CASE("Krumhansl-Kessler: scales name their key and mode", "[mood][key]")
{
    for (int tonic = 0; tonic < 12; ++tonic)
    {
        INFO("tonic " << tonic);
        // the scale with its tonic triad doubled: the usual weighting of tonal music
        const Chroma major = pitchClasses(
            { tonic, tonic + 2, tonic + 4, tonic + 5, tonic + 7, tonic + 9, tonic + 11, tonic, tonic + 4, tonic + 7 });
        const KeyEstimate m = KeyDetector::detect(major);
        CHECK(m.key == tonic);
        CHECK_FALSE(m.minor);
        CHECK(m.strength > 0.8f);
        const Chroma minor = pitchClasses(
            { tonic, tonic + 2, tonic + 3, tonic + 5, tonic + 7, tonic + 8, tonic + 11, tonic, tonic + 3, tonic + 7 });
        const KeyEstimate n = KeyDetector::detect(minor);
        CHECK(n.key == tonic);
        CHECK(n.minor);
        CHECK(n.strength > 0.8f);
        CHECK(n.strength == Approx(KeyDetector::correlation(minor, tonic, true)));
    }
}

TEST_CASE("no key without pitch-class variation", "[mood][key]")
{
    CHECK(KeyDetector::detect(Chroma {}).key == -1);
    Chroma flat {};
    flat.fill(1.0f / 12.0f);
    const KeyEstimate k = KeyDetector::detect(flat);
    CHECK(k.key == -1);
    CHECK(k.strength == 0.0f);
    Chroma bad {};
    bad.fill(std::nanf(""));
    CHECK(KeyDetector::detect(bad).key == -1);
}

TEST_CASE("I-IV-V-I with bass in all 24 keys through the analyzer: at least 22 right", "[mood][key][analyzer]")
{
    const double sr = 44100.0;
    int correct = 0;
    std::string misses;
    float weakest = 1.0f;
    for (int mode = 0; mode < 2; ++mode)
        for (int tonic = 0; tonic < 12; ++tonic)
        {
            const bool minor = mode == 1;
            // two chords per interval, the cadence fills the 8 s window exactly at the last snapshot
            const auto x = cadence(tonic, minor, 2.0, sr);
            const SlowSnapshot s = lastSnapshot(x, x, sr);
            REQUIRE(s.featuresValid);
            const MoodFeatures& f = s.features;
            if (f.key == tonic && f.minor == minor)
            {
                ++correct;
                weakest = std::min(weakest, f.keyStrength);
            }
            else
                misses += keyLabel(tonic, minor) + " read as " + keyLabel(f.key, f.minor) + "; ";
        }
    WARN("key accuracy " << correct << "/24, weakest correct strength " << weakest << ", misses: " << misses);
    CHECK(correct >= 22);
    CHECK(weakest > 0.5f);
}

TEST_CASE("the 24 cadences under a drum loop at 48 kHz, chords of 1 s played twice: at least 22 right",
          "[mood][key][analyzer]")
{
    const double sr = 48000.0;
    DrumLoopOptions drums;
    drums.sampleRate = sr;
    drums.seconds = 8.0;
    drums.gain = 0.3;
    const auto loop = drumLoop(drums);
    int correct = 0;
    std::string misses;
    for (int mode = 0; mode < 2; ++mode)
        for (int tonic = 0; tonic < 12; ++tonic)
        {
            const bool minor = mode == 1;
            const auto x = mixed(cadence(tonic, minor, 1.0, sr, 2), loop);
            const MoodFeatures f = lastSnapshot(x, x, sr).features;
            if (f.key == tonic && f.minor == minor)
                ++correct;
            else
                misses += keyLabel(tonic, minor) + " read as " + keyLabel(f.key, f.minor) + "; ";
        }
    WARN("key accuracy with drums " << correct << "/24, misses: " << misses);
    CHECK(correct >= 22);
}
