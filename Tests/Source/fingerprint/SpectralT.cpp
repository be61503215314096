// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "util/Median.h"

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

namespace {
// White noise low-passed at cutoffHz by a 255-tap windowed-sinc FIR (Blackman; transition about
// 5.5 * rate / 255 wide around the cutoff): content that ends just above 20 kHz at every rate.
std::vector<float> bandLimitedNoise(double cutoffHz, double seconds, double sr, std::uint32_t seed)
{
    constexpr int kTaps = 255, kHalf = kTaps / 2;
    constexpr double kPi = 3.141592653589793;
    std::vector<double> h(kTaps);
    const double fc = cutoffHz / sr;
    for (int i = 0; i < kTaps; ++i)
    {
        const int m = i - kHalf;
        const double sinc = m == 0 ? 2.0 * fc : std::sin(2.0 * kPi * fc * m) / (kPi * m);
        const double w =
            0.42 - 0.5 * std::cos(2.0 * kPi * i / (kTaps - 1)) + 0.08 * std::cos(4.0 * kPi * i / (kTaps - 1));
        h[static_cast<std::size_t>(i)] = sinc * w;
    }
    const auto x = whiteNoise(0.5, seconds, sr, seed);
    std::vector<float> y(x.size(), 0.0f);
    for (std::size_t n = kTaps; n < x.size(); ++n)
    {
        double acc = 0.0;
        for (int i = 0; i < kTaps; ++i)
            acc += h[static_cast<std::size_t>(i)] * x[n - static_cast<std::size_t>(i)];
        y[n] = static_cast<float>(acc);
    }
    return y;
}
} // namespace

TEST_CASE("flatness of the same band-limited noise agrees at 44.1, 48 and 96 kHz", "[fingerprint][spectral]")
{
    // Above ~21 kHz a 96 kHz stream of this noise is empty; flatness stops at the top band edge
    // (20 kHz), so those bins do not pull it to 0 (it read 0.04 at 44.1 kHz and 5e-8 at 96 kHz).
    std::vector<float> flatness;
    for (double sr : { 44100.0, 48000.0, 96000.0 })
    {
        const auto x = bandLimitedNoise(21000.0, 6.0, sr, 21);
        flatness.push_back(lastSnapshot(x, x, sr).get(Dim::SpectralFlatness));
    }
    INFO("flatness at 44.1 / 48 / 96 kHz: " << flatness[0] << " / " << flatness[1] << " / " << flatness[2]);
    CHECK(flatness[0] > 0.4f);
    CHECK(flatness[1] == Approx(flatness[0]).margin(0.05));
    CHECK(flatness[2] == Approx(flatness[0]).margin(0.05));
}
