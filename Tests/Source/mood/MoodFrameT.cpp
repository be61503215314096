// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "mood/MoodFrame.h"
#include "dsp/SpectralFrame.h"
#include "dsp/Stft.h"

#include <catch2/catch.hpp>

#include <numeric>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("zero-crossing rate of a sine of f Hz is 2f/sr", "[mood][zcr]")
{
    for (double sr : { 44100.0, 48000.0, 96000.0 })
        for (double f : { 100.0, 440.0, 2000.0, 8000.0 })
        {
            INFO("rate " << sr << " f " << f);
            const auto x = sine(f, 0.5, 0.2, sr, 0.3);
            const int n = Stft::frameSizeFor(sr, 0.0464);
            // a frame holds a whole number of crossings: within one or two of 2f/sr * n
            CHECK(zeroCrossingRate(x.data(), static_cast<std::size_t>(n)) * static_cast<float>(n) ==
                  Approx(2.0 * f / sr * n).margin(1.5));
        }
    std::vector<float> quiet(2048, 1e-12f);
    for (std::size_t i = 0; i < quiet.size(); i += 2)
        quiet[i] = -1e-12f; // rounding noise alternating sign is still silence
    CHECK(zeroCrossingRate(quiet.data(), quiet.size()) == 0.0f);
    CHECK(zeroCrossingRate(nullptr, 10) == 0.0f);
}

TEST_CASE("spectral bandwidth: a sine is narrow, white noise spans the band", "[mood][bandwidth]")
{
    for (double sr : { 44100.0, 96000.0 })
    {
        INFO("rate " << sr);
        const int frame = Stft::frameSizeFor(sr, 0.0464);
        Stft stft;
        stft.prepare(frame);
        SpectralFrameAnalyzer analyzer;
        analyzer.prepare(sr, frame);
        auto bandwidthOf = [&](const std::vector<float>& x) {
            return analyzer.analyze(stft.process(x.data()), 0.0f).bandwidthHz;
        };
        CHECK(bandwidthOf(sine(1000.0, 0.5, 0.1, sr)) < 40.0f);
        CHECK(bandwidthOf(sine(8000.0, 0.5, 0.1, sr)) < 40.0f);
        // uniform power over 0..Nyquist: std = Nyquist / sqrt(12)
        CHECK(bandwidthOf(whiteNoise(0.5, 0.1, sr, 17)) == Approx(sr / 2.0 / std::sqrt(12.0)).epsilon(0.08));
        // two equal sines 2 kHz apart: 1 kHz either side of the centroid
        CHECK(bandwidthOf(mixed(sine(1000.0, 0.3, 0.1, sr), sine(3000.0, 0.3, 0.1, sr))) ==
              Approx(1000.0).epsilon(0.03));
        CHECK(bandwidthOf(std::vector<float>(static_cast<std::size_t>(frame), 0.0f)) == 0.0f);
    }
}

TEST_CASE("ZCR and bandwidth through the analyzer", "[mood][zcr][bandwidth][analyzer]")
{
    const double sr = 48000.0;
    const auto tone = sine(440.0, 0.4, 8.0, sr);
    const auto noise = whiteNoise(0.3, 8.0, sr, 19);
    const MoodFeatures t = lastSnapshot(tone, tone, sr).features;
    const MoodFeatures n = lastSnapshot(noise, noise, sr).features;
    CHECK(t.zeroCrossingRate == Approx(2.0 * 440.0 / sr).epsilon(0.03));
    CHECK(n.zeroCrossingRate == Approx(0.5).epsilon(0.05)); // independent samples change sign half the time
    CHECK(t.bandwidthHz < 40.0f);
    CHECK(n.bandwidthHz > 6000.0f);
    CHECK(t.centroidHz == Approx(440.0).epsilon(0.02));
    CHECK(t.rolloffHz == Approx(440.0).margin(30.0));
}
