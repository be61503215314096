// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "MiddleFrame.h"
#include "Signals.h"
#include "dsp/SpectralContrast.h"
#include "dsp/Stft.h"

#include <catch2/catch.hpp>

#include <numeric>

using namespace moodscope;
using namespace moodscope::test;

namespace {
std::array<float, SpectralContrastAnalyzer::kNumBands> contrastOf(const std::vector<float>& x, double sr)
{
    const FramePower f = middleFramePower(x, sr);
    SpectralContrastAnalyzer contrast;
    contrast.prepare(sr, f.frameSize);
    const auto& power = f.power;
    const float total = std::accumulate(power.begin() + 1, power.end(), 0.0f);
    return contrast.process(power, total);
}
} // namespace

TEST_CASE("spectral contrast: a sparse harmonic tone beats noise in every octave band", "[mood][contrast]")
{
    for (double sr : { 44100.0, 96000.0 })
    {
        INFO("rate " << sr);
        // 110 Hz with partials up to ~15 kHz: every band holds partials and gaps between them
        const auto tone = contrastOf(harmonicTone(110.0, 0.3, 0.5, sr, 140), sr);
        const auto noise = contrastOf(whiteNoise(0.3, 0.5, sr, 11), sr);
        for (std::size_t b = 0; b < tone.size(); ++b)
        {
            INFO("band " << b << ": tone " << tone[b] << " dB, noise " << noise[b] << " dB");
            CHECK(tone[b] > noise[b] + 10.0f);
            CHECK(noise[b] > 3.0f); // Rayleigh-distributed bins: peak and valley differ even in noise
            CHECK(noise[b] < 40.0f);
            CHECK(tone[b] <= -SpectralContrastAnalyzer::kFloorDb + 0.01f);
        }
    }
}

TEST_CASE("spectral contrast: silence and empty bands read 0", "[mood][contrast]")
{
    const double sr = 44100.0;
    for (float c : contrastOf(std::vector<float>(22050, 0.0f), sr))
        CHECK(c == 0.0f);
    // a 300 Hz sine: the bands from 1.6 kHz up hold nothing above the floor
    const auto c = contrastOf(sine(300.0, 0.5, 0.5, sr), sr);
    CHECK(c[1] > 40.0f);
    for (std::size_t b = 5; b < c.size(); ++b)
        CHECK(c[b] < 3.0f);
}

TEST_CASE("spectral contrast through the analyzer: tonal window above noise window", "[mood][contrast][analyzer]")
{
    const double sr = 44100.0;
    const auto tone = harmonicTone(110.0, 0.3, 8.0, sr, 140);
    const auto noise = whiteNoise(0.3, 8.0, sr, 13);
    const MoodFeatures t = lastSnapshot(tone, tone, sr).features;
    const MoodFeatures n = lastSnapshot(noise, noise, sr).features;
    float tMean = 0.0f, nMean = 0.0f;
    for (std::size_t b = 0; b < t.contrast.size(); ++b)
    {
        tMean += t.contrast[b] / 7.0f;
        nMean += n.contrast[b] / 7.0f;
    }
    WARN("mean contrast: harmonic tone " << tMean << " dB, white noise " << nMean << " dB");
    CHECK(tMean > nMean + 20.0f);
    CHECK(std::isfinite(t.brightnessContrast));
    CHECK(std::isfinite(n.brightnessContrast));
}

TEST_CASE("contrast peaks and valleys are the means of the strongest and weakest 2 % of each band", "[mood][contrast]")
{
    // against a plain sort of every band, on random spectra with ties and zeros
    const double sr = 44100.0;
    const int frame = Stft::frameSizeFor(sr, 0.0464);
    SpectralContrastAnalyzer contrast;
    contrast.prepare(sr, frame);
    std::vector<float> power(static_cast<std::size_t>(frame / 2 + 1));
    std::uint32_t seed = 12345;
    for (int trial = 0; trial < 20; ++trial)
    {
        for (auto& p : power)
        {
            seed = seed * 1664525u + 1013904223u;
            p = (seed >> 28) == 0 ? 0.0f : static_cast<float>(seed >> 20) * (trial % 2 == 0 ? 1.0f : 1e-6f);
        }
        const float total = std::accumulate(power.begin(), power.end(), 0.0f);
        const auto got = contrast.process(power, total);
        const double floor = total * 1e-10 + 1e-30;
        for (int b = 0; b < SpectralContrastAnalyzer::kNumBands; ++b)
        {
            const double lo = sr / frame, hz0 = b == 0 ? lo : 200.0 * std::pow(2.0, b - 1);
            const double hz1 = b == SpectralContrastAnalyzer::kNumBands - 1 ? 16000.0 : 200.0 * std::pow(2.0, b);
            const auto first = static_cast<std::size_t>(b == 0 ? 1 : Stft::edgeBin(hz0, sr, frame));
            const auto last = static_cast<std::size_t>(Stft::edgeBin(hz1, sr, frame));
            std::vector<float> band(power.begin() + static_cast<std::ptrdiff_t>(first),
                                    power.begin() + static_cast<std::ptrdiff_t>(last));
            std::sort(band.begin(), band.end());
            const long q = std::max(1L, std::lround(0.02 * static_cast<double>(band.size())));
            const double valley = std::accumulate(band.begin(), band.begin() + q, 0.0) / static_cast<double>(q);
            const double peak = std::accumulate(band.end() - q, band.end(), 0.0) / static_cast<double>(q);
            INFO("trial " << trial << " band " << b << " bins " << band.size() << " q " << q);
            CHECK(got[static_cast<std::size_t>(b)] ==
                  Approx(10.0 * std::log10((peak + floor) / (valley + floor))).margin(1e-3));
        }
    }
}
