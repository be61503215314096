// SPDX-License-Identifier: GPL-3.0-or-later
#include "../AnalyzerHarness.h"
#include "../Signals.h"
#include "Spectral.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("median of odd, even and empty sets", "[fingerprint][spectral]")
{
    std::vector<float> odd { 5, 1, 3 }, even { 4, 1, 3, 2 };
    CHECK(medianInPlace(odd.data(), odd.size()) == 3.0f);
    CHECK(medianInPlace(even.data(), even.size()) == 2.5f);
    CHECK(medianInPlace(nullptr, 0) == 0.0f);
}

TEST_CASE("a 1 kHz sine: centroid 1000/8000, rolloff near 1 kHz, flatness near 0", "[fingerprint][spectral]")
{
    for (double sr : { 44100.0, 48000.0, 96000.0 })
    {
        const auto x = sine(1000.0, 0.5, 8.0, sr);
        const auto s = lastSnapshot(x, x, sr);
        INFO("rate " << sr);
        CHECK(s.get(Dim::SpectralCentroid) == Approx(1000.0 / 8000.0).margin(0.005));
        CHECK(s.get(Dim::SpectralRolloff) == Approx(0.1).margin(0.005));
        CHECK(s.get(Dim::SpectralFlatness) < 0.05f);
    }
}

TEST_CASE("white noise is flat and bright", "[fingerprint][spectral]")
{
    const double sr = 44100.0;
    const auto noise = whiteNoise(0.3, 8.0, sr, 11);
    const auto s = lastSnapshot(noise, noise, sr);
    CHECK(s.get(Dim::SpectralFlatness) > 0.5f);
    CHECK(s.get(Dim::SpectralCentroid) == 1.0f); // 11 kHz / 8 kHz, clipped
    CHECK(s.get(Dim::SpectralRolloff) == 1.0f);  // 85 % point ~18.7 kHz, clipped
}

TEST_CASE("a darker signal has a lower centroid and rolloff", "[fingerprint][spectral]")
{
    const double sr = 48000.0;
    auto dark = sine(200.0, 0.5, 8.0, sr);
    auto bright = sine(200.0, 0.5, 8.0, sr);
    const auto overtone = sine(3000.0, 0.3, 8.0, sr);
    for (std::size_t i = 0; i < bright.size(); ++i)
        bright[i] += overtone[i];
    const auto d = lastSnapshot(dark, dark, sr), b = lastSnapshot(bright, bright, sr);
    CHECK(d.get(Dim::SpectralCentroid) < b.get(Dim::SpectralCentroid));
    CHECK(d.get(Dim::SpectralRolloff) < b.get(Dim::SpectralRolloff));
}
