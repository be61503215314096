// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "dsp/Pitch.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("YIN finds the f0 of sines and harmonic tones across the range", "[fingerprint][pitch]")
{
    for (double sr : { 44100.0, 96000.0 })
    {
        const int frame = Stft::frameSizeFor(sr, 0.0464);
        PitchTracker yin;
        yin.prepare(sr, frame);
        for (double f : { 65.0, 110.0, 261.63, 440.0, 1000.0, 1900.0 })
        {
            INFO("rate " << sr << " f " << f);
            const auto s = sine(f, 0.5, 0.1, sr);
            CHECK(yin.process(s.data()) == Approx(f).epsilon(0.003));
            const auto t = harmonicTone(f, 0.3, 0.1, sr, 8);
            CHECK(yin.process(t.data()) == Approx(f).epsilon(0.003));
        }
    }
}

TEST_CASE("YIN calls noise, silence and out-of-range tones unvoiced", "[fingerprint][pitch]")
{
    const double sr = 48000.0;
    PitchTracker yin;
    yin.prepare(sr, Stft::frameSizeFor(sr, 0.0464));
    const auto noise = whiteNoise(0.5, 0.1, sr, 3);
    CHECK(yin.process(noise.data()) == 0.0f);
    const std::vector<float> silence(4096, 0.0f);
    CHECK(yin.process(silence.data()) == 0.0f);
    const auto low = sine(30.0, 0.5, 0.1, sr);
    CHECK(yin.process(low.data()) == 0.0f);
}

TEST_CASE("pitch stability: steady sine near 1, vibrato lower, noise 0", "[fingerprint][pitch]")
{
    const double sr = 44100.0;
    const auto steady = sine(330.0, 0.5, 8.0, sr);
    const auto wobbly = vibrato(330.0, 50.0, 5.0, 0.5, 8.0, sr);
    const auto noise = whiteNoise(0.3, 8.0, sr, 5);
    const float s = lastSnapshot(steady, steady, sr).get(Dim::PitchStability);
    const float v = lastSnapshot(wobbly, wobbly, sr).get(Dim::PitchStability);
    CHECK(s > 0.95f);
    // +-50 cents sinusoidal: std(ln f0) = 50/sqrt(2) cents = 0.0204 -> 1/(1 + 0.204) = 0.83
    CHECK(v == Approx(0.83).margin(0.03));
    CHECK(lastSnapshot(noise, noise, sr).get(Dim::PitchStability) == 0.0f);
}

TEST_CASE("pitch stability of hand-made f0 tracks", "[fingerprint][pitch]")
{
    const std::vector<float> steady { 220.0f, 220.0f, 0.0f, 220.0f };
    CHECK(pitchStability(steady.data(), steady.size()) == Approx(1.0f));
    const std::vector<float> octave { 220.0f, 440.0f, 220.0f, 440.0f };
    // std(ln f0) = ln 2 / 2
    CHECK(pitchStability(octave.data(), octave.size()) == Approx(1.0 / (1.0 + 10.0 * 0.5 * std::log(2.0))));
    const std::vector<float> tooFew { 220.0f, 0.0f, 230.0f };
    CHECK(pitchStability(tooFew.data(), tooFew.size()) == 0.0f);
}
