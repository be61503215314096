// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "mood/Tonnetz.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace moodscope;
using namespace moodscope::test;

namespace {
Chroma triad(int a, int b, int c)
{
    Chroma x {};
    for (int pc : { a, b, c })
        x[static_cast<std::size_t>(pc)] = 1.0f;
    return x;
}
} // namespace

TEST_CASE("tonnetz of C major and A minor triads as Harte's circles say", "[mood][tonnetz]")
{
    const Tonnetz c = tonnetz(triad(0, 4, 7));
    const Tonnetz a = tonnetz(triad(9, 0, 4));
    // C, E, G at 0, 2π/3, π/6 on the circle of fifths; A, C, E at π/2, 0, 2π/3
    CHECK(c[0] == Approx((std::sin(2.0 * kTwoPi / 6.0) + 0.5) / 3.0).margin(1e-5));
    CHECK(c[1] == Approx((1.0 - 0.5 + std::cos(kTwoPi / 12.0)) / 3.0).margin(1e-5));
    CHECK(a[1] == Approx(0.5 / 3.0).margin(1e-5));
    // minor thirds: C and E at 0, G at π/2 (+sin); A at 3π/2 (-sin)
    CHECK(c[2] == Approx(1.0 / 3.0).margin(1e-5));
    CHECK(a[2] == Approx(-1.0 / 3.0).margin(1e-5));
    CHECK(c[3] == Approx(2.0 / 3.0).margin(1e-5));
    // major thirds (radius 1/2): C and A at 0, E and G at 2π/3
    CHECK(c[5] == Approx(0.0).margin(1e-5));
    CHECK(a[5] == Approx(0.25).margin(1e-5));
    CHECK(tonnetz(Chroma {}) == Tonnetz {});
    Chroma bad {};
    bad.fill(std::nanf(""));
    bad[0] = 1.0f;
    for (float v : tonnetz(bad))
        CHECK(std::isfinite(v));
}

TEST_CASE("tonnetz through the analyzer separates C major from A minor", "[mood][tonnetz][analyzer]")
{
    const double sr = 44100.0;
    auto triadOf = [&](int a, int b, int c) {
        return mixed(mixed(sine(midiToHz(a), 0.2, 8.0, sr), sine(midiToHz(b), 0.2, 8.0, sr)),
                     sine(midiToHz(c), 0.2, 8.0, sr));
    };
    // pure tones an octave up (notes >= 2 bins apart): the chroma is the triad itself and
    // theory applies directly
    const auto cMajor = triadOf(72, 76, 79), aMinor = triadOf(69, 72, 76);
    const MoodFeatures c = lastSnapshot(cMajor, cMajor, sr).features;
    const MoodFeatures a = lastSnapshot(aMinor, aMinor, sr).features;
    const Tonnetz cTheory = tonnetz(triad(0, 4, 7)), aTheory = tonnetz(triad(9, 0, 4));
    for (std::size_t i = 0; i < 6; ++i)
    {
        INFO("component " << i);
        CHECK(c.tonnetz[i] == Approx(cTheory[i]).margin(0.05));
        CHECK(a.tonnetz[i] == Approx(aTheory[i]).margin(0.05));
    }
    // harmonic tones add fifths and thirds above each note; the orderings survive
    const auto cRich = chord({ 60, 64, 67 }, 0.15, 8.0, sr), aRich = chord({ 57, 60, 64 }, 0.15, 8.0, sr);
    const MoodFeatures cr = lastSnapshot(cRich, cRich, sr).features;
    const MoodFeatures ar = lastSnapshot(aRich, aRich, sr).features;
    CHECK(cr.tonnetz[2] > ar.tonnetz[2] + 0.2f);  // minor-third circle: G (+sin) against A (-sin)
    CHECK(cr.tonnetz[1] > ar.tonnetz[1] + 0.2f);  // fifths: C and G against A
    CHECK(ar.tonnetz[5] > cr.tonnetz[5] + 0.05f); // major thirds: A and C against E and G
}
