// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodMetrics.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace moodscope;
using Approx = Catch::Detail::Approx;

namespace {
float get(const MoodValues& v, Mood m)
{
    return v[static_cast<std::size_t>(m)];
}

// What the fingerprint and features of a loud 128 BPM drum+bass loop roughly read.
MoodInputs drumLoopInputs()
{
    MoodInputs in;
    in.lufs = -11.0f;
    in.onsetRate = 7.0f;
    in.tempoBpm = 128.0f;
    in.pulse = true;
    in.rhythmRegularity = 0.95f;
    in.tempoStability = 0.9f;
    in.harmonicRatio = 0.25f;
    in.centroidHz = 2500.0f;
    in.rolloffHz = 6000.0f;
    in.flatness = 0.2f;
    in.lowShare = 0.5f;
    in.highShare = 0.25f;
    in.chromaEnergy = 0.2f;
    return in;
}

// ... and of a quiet sustained pad.
MoodInputs padInputs()
{
    MoodInputs in;
    in.lufs = -33.0f;
    in.onsetRate = 0.2f;
    in.tempoBpm = 120.0f; // a tempo estimator on a pad reads noise: it must not count
    in.pulse = false;
    in.harmonicRatio = 0.95f;
    in.centroidHz = 700.0f;
    in.rolloffHz = 1500.0f;
    in.flatness = 0.01f;
    in.lowShare = 0.6f;
    in.highShare = 0.01f;
    in.chromaEnergy = 0.3f;
    return in;
}

bool allInRange(const MoodValues& v)
{
    for (float x : v)
        if (!std::isfinite(x) || x < 0.0f || x > 1.0f)
            return false;
    return true;
}
} // namespace

TEST_CASE("energy and arousal: a loud fast drum loop beats a quiet pad, with or without loudness", "[mood][metrics]")
{
    const MoodValues drums = rawMoodMetrics(drumLoopInputs(), 1.0f);
    const MoodValues pad = rawMoodMetrics(padInputs(), 1.0f);
    INFO("energy drums " << get(drums, Mood::Energy) << " pad " << get(pad, Mood::Energy));
    CHECK(get(drums, Mood::Energy) > get(pad, Mood::Energy) + 0.3f);
    CHECK(get(drums, Mood::Arousal) > get(pad, Mood::Arousal) + 0.3f);
    CHECK(get(drums, Mood::BeatStrength) > 0.7f);
    CHECK(get(pad, Mood::BeatStrength) == 0.0f);
    CHECK(get(drums, Mood::Danceability) > 0.7f);
    CHECK(get(pad, Mood::Danceability) == 0.0f);
    CHECK(get(pad, Mood::HarmonicRatio) == Approx(0.95f));

    // Not volume alone: the drum loop at the pad's loudness still has more energy and
    // arousal, because onsets and tempo count.
    MoodInputs quietDrums = drumLoopInputs();
    quietDrums.lufs = padInputs().lufs;
    const MoodValues qd = rawMoodMetrics(quietDrums, 1.0f);
    CHECK(get(qd, Mood::Energy) > get(pad, Mood::Energy) + 0.25f);
    CHECK(get(qd, Mood::Arousal) > get(pad, Mood::Arousal) + 0.25f);
    // ... and faster is more energetic at equal loudness and activity (tempo weighs 0.1 of
    // energy: 80 -> 128 BPM is 0.4 of its ramp)
    MoodInputs slow = drumLoopInputs();
    slow.tempoBpm = 80.0f;
    CHECK(get(rawMoodMetrics(slow, 1.0f), Mood::Energy) < get(drums, Mood::Energy) - 0.03f);
}

TEST_CASE("valence: major and bright beats minor and dark", "[mood][metrics]")
{
    MoodInputs major = padInputs();
    major.key = 0;
    major.minor = false;
    major.keyStrength = 0.8f;
    major.centroidHz = 2000.0f;
    major.rolloffHz = 5000.0f;
    MoodInputs minor = major;
    minor.minor = true;
    minor.centroidHz = 500.0f;
    minor.rolloffHz = 1000.0f;
    const float vMajor = get(rawMoodMetrics(major, 1.0f), Mood::Valence);
    const float vMinor = get(rawMoodMetrics(minor, 1.0f), Mood::Valence);
    CHECK(vMajor > 0.6f);
    CHECK(vMinor < 0.3f);
    CHECK(get(rawMoodMetrics(major, 1.0f), Mood::Brightness) > get(rawMoodMetrics(minor, 1.0f), Mood::Brightness));
    CHECK(get(rawMoodMetrics(minor, 1.0f), Mood::SpectralWarmth) >
          get(rawMoodMetrics(major, 1.0f), Mood::SpectralWarmth));
    // no key: the mode term is neutral
    MoodInputs atonal = major;
    atonal.key = -1;
    const float vAtonal = get(rawMoodMetrics(atonal, 1.0f), Mood::Valence);
    CHECK(vAtonal < vMajor);
    CHECK(vAtonal > get(rawMoodMetrics(minor, 1.0f), Mood::Valence));
    // a chroma halfway between a major key and a minor one: the mode says nothing
    MoodInputs ambiguous = major;
    ambiguous.modeMargin = 0.03f;
    CHECK(get(rawMoodMetrics(ambiguous, 1.0f), Mood::Valence) == Approx(vAtonal));
}

TEST_CASE("metrics stay finite and in 0..1 for hostile snapshots", "[mood][metrics]")
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    for (float bad : { nan, inf, -inf, 1e30f, -1e30f, 0.0f })
    {
        SlowSnapshot s;
        for (int d = 0; d < kNumDims; ++d)
            s.set(static_cast<Dim>(d), bad);
        s.featuresValid = true;
        s.features.onsetRate = s.features.tempoBpm = s.features.centroidHz = bad;
        s.features.keyStrength = s.features.brightnessContrast = s.features.rolloffHz = bad;
        s.features.rhythmRegularity = s.features.tempoStability = s.features.harmonicPercussiveRatio = bad;
        s.features.mfccStd.fill(bad);
        s.features.key = 99;
        s.features.beatCount = 5;
        const MoodInputs in = moodInputs(s);
        CHECK(in.key == -1);
        for (float rel : { 0.0f, 1.0f, bad })
            CHECK(allInRange(rawMoodMetrics(in, rel)));
        MoodMetrics m;
        m.prepare(2.0);
        for (int i = 0; i < 5; ++i)
            CHECK(allInRange(m.update(in)));
    }
    // silence: no energy, nothing bright, no beat
    const MoodValues silent = rawMoodMetrics(MoodInputs {}, 0.0f);
    CHECK(allInRange(silent));
    CHECK(get(silent, Mood::Energy) == 0.0f);
    CHECK(get(silent, Mood::Brightness) == 0.0f);
    CHECK(get(silent, Mood::BeatStrength) == 0.0f);
}

TEST_CASE("the fingerprint stands in for features that are not computed", "[mood][metrics]")
{
    SlowSnapshot s;
    s.set(Dim::Lufs, -12.0f);
    s.set(Dim::TransientDensity, 0.6f);
    s.set(Dim::TempoBpm, 128.0f);
    s.set(Dim::RhythmStability, 0.9f);
    s.set(Dim::HarmonicRatio, 0.2f);
    s.set(Dim::SpectralCentroid, 0.3f);
    const MoodInputs in = moodInputs(s);
    CHECK(in.onsetRate == Approx(6.0f));
    CHECK(in.tempoBpm == Approx(128.0f));
    CHECK(in.pulse);
    CHECK(in.centroidHz == Approx(2400.0f));
    s.featuresValid = true;
    s.features.onsetRate = 3.0f;
    s.features.beatCount = 2;
    const MoodInputs fromFeatures = moodInputs(s);
    CHECK(fromFeatures.onsetRate == Approx(3.0f));
    CHECK_FALSE(fromFeatures.pulse);
}

TEST_CASE("smoothing has a time constant in seconds, whatever the interval", "[mood][metrics]")
{
    MoodInputs quiet = padInputs();
    MoodInputs loud = drumLoopInputs();
    for (double interval : { 0.5, 1.0, 2.0 })
    {
        MoodMetrics m;
        m.prepare(interval);
        for (int i = 0; i < static_cast<int>(20.0 / interval); ++i)
            m.update(quiet);
        const float from = get(m.values(), Mood::BeatStrength);
        const float to = get(rawMoodMetrics(loud, m.relativeLoudness(loud.lufs)), Mood::BeatStrength);
        // one time constant of steps: 1 - 1/e of the way
        for (int i = 0; i < static_cast<int>(MoodMetrics::kSmoothingSeconds / interval); ++i)
            m.update(loud);
        const float progress = (get(m.values(), Mood::BeatStrength) - from) / (to - from);
        INFO("interval " << interval);
        CHECK(progress == Approx(1.0 - std::exp(-1.0)).margin(0.01));
    }
}

TEST_CASE("a quiet live input and a mastered track both reach the top of the loudness range", "[mood][metrics]")
{
    for (float offset : { 0.0f, -25.0f }) // mastered, and the same music 25 dB down
    {
        MoodMetrics m;
        m.prepare(2.0);
        MoodInputs in = drumLoopInputs();
        float quietPart = 0.0f, loudPart = 0.0f;
        for (int i = 0; i < 30; ++i)
        {
            in.lufs = offset + (i % 10 < 5 ? -22.0f : -10.0f); // verse / chorus
            const float rel = (m.update(in), m.relativeLoudness(in.lufs));
            (i % 10 < 5 ? quietPart : loudPart) = rel;
        }
        INFO("offset " << offset);
        CHECK(loudPart == Approx(1.0f));
        // 12 LU below a reference that has decayed 1 LU in the 10 s since the chorus, of a 20 LU range
        CHECK(quietPart == Approx(0.45f).margin(0.01));
    }
    // the absolute anchor still keeps the quiet run below the loud one
    MoodInputs loud = drumLoopInputs(), quiet = drumLoopInputs();
    quiet.lufs -= 25.0f;
    CHECK(get(rawMoodMetrics(quiet, 1.0f), Mood::Energy) < get(rawMoodMetrics(loud, 1.0f), Mood::Energy) - 0.1f);
}
