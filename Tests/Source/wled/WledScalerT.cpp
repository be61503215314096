// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledScaler.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace moodscope;

namespace {
constexpr double kStep = 0.021; // WLED's send interval

// What the analysis reports for a steady sine of peak level db in WLED channel 7 (8 bins).
FastFrame tone(float db)
{
    FastFrame f;
    f.peakDb = db;
    const float amplitude = std::pow(10.0f, db / 20.0f);
    f.geq[7] = amplitude / 8.0f;
    f.majorPeakHz = 1000.0f;
    f.majorPeakAmplitude = amplitude;
    return f;
}

bool allZero(const WledAudioSync& v)
{
    return v.sampleRaw == 0.0f && v.sampleSmth == 0.0f && !v.samplePeak && v.fftMagnitude == 0.0f &&
           v.fftMajorPeak == 0.0f && std::all_of(v.fftResult.begin(), v.fftResult.end(), [](auto x) { return x == 0; });
}

WledAudioSync run(WledScaler& s, const FastFrame& f, double seconds)
{
    WledAudioSync v;
    for (double t = 0.0; t < seconds; t += kStep)
        v = s.next(f, false, kStep);
    return v;
}
} // namespace

TEST_CASE("WLED scaling: silence gives zeros, from the start and soon after sound", "[wled]")
{
    WledScaler s;
    FastFrame silent;
    for (int i = 0; i < 50; ++i)
        CHECK(allZero(s.next(silent, true, kStep)));
    run(s, tone(-6.0f), 3.0);
    const auto after = run(s, silent, 1.0);
    CHECK(allZero(after));
}

TEST_CASE("WLED scaling: the AGC brings a loud and a quiet tone to WLED's set points", "[wled]")
{
    WledScaler loud;
    const auto l = run(loud, tone(-3.0f), 5.0);
    CHECK(loud.gain() < 1.0f);
    CHECK(l.sampleSmth > 90.0f);
    CHECK(l.sampleSmth < 256.0f);
    CHECK(l.sampleRaw > 90.0f);
    CHECK(l.fftMajorPeak == 1000.0f);
    CHECK(l.fftMagnitude > 0.0f);
    const auto top = std::max_element(l.fftResult.begin(), l.fftResult.end()) - l.fftResult.begin();
    CHECK(top == 7);
    CHECK(l.fftResult[7] > 100);
    CHECK(l.fftResult[0] == 0);
    CHECK(l.fftResult[15] == 0);

    WledScaler quiet;
    const auto q = run(quiet, tone(-45.0f), 40.0);
    CHECK(quiet.gain() > 2.0f);
    CHECK(q.sampleSmth > 50.0f);
    CHECK(q.fftResult[7] > 0);
}

TEST_CASE("WLED scaling: a peak is sent while there is sound, never in silence", "[wled]")
{
    WledScaler s;
    CHECK_FALSE(s.next(FastFrame {}, true, kStep).samplePeak);
    run(s, tone(-12.0f), 1.0);
    CHECK(s.next(tone(-12.0f), true, kStep).samplePeak);
    CHECK_FALSE(s.next(tone(-12.0f), false, kStep).samplePeak);
}
