// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "MiddleFrame.h"
#include "Signals.h"
#include "dsp/Mfcc.h"
#include "dsp/Stft.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace moodscope;
using namespace moodscope::test;

namespace {
std::array<float, MfccAnalyzer::kNumCoefficients> mfccOf(const std::vector<float>& x, double sr)
{
    const FramePower f = middleFramePower(x, sr);
    MfccAnalyzer mfcc;
    mfcc.prepare(sr, f.frameSize);
    return mfcc.process(f.power);
}
} // namespace

TEST_CASE("MFCC: a low sine has a strongly positive first coefficient, white noise a flat one", "[mood][mfcc]")
{
    for (double sr : { 44100.0, 48000.0, 96000.0 })
    {
        INFO("rate " << sr);
        const auto noise = mfccOf(whiteNoise(0.3, 0.5, sr, 3), sr);
        const auto low = mfccOf(sine(150.0, 0.3, 0.5, sr), sr);
        // energy in the lowest mel bands and nothing above tilts the spectrum: c1 = the slope
        CHECK(low[1] > noise[1] + 50.0f);
        // area-normalized filters: a flat spectrum gives a flat mel spectrum and c1 near 0
        CHECK(std::fabs(noise[1]) < 10.0f);
        for (float c : noise)
            CHECK(std::isfinite(c));
    }
}

TEST_CASE("MFCC0 rises with level by sqrt(bands) per dB, the shape does not change", "[mood][mfcc]")
{
    const double sr = 44100.0;
    const auto loud = whiteNoise(0.3, 0.5, sr, 5);
    auto quiet = loud;
    for (auto& v : quiet)
        v *= 0.1f; // -20 dB
    const auto a = mfccOf(loud, sr), b = mfccOf(quiet, sr);
    CHECK(a[0] - b[0] == Approx(20.0 * std::sqrt(static_cast<double>(MfccAnalyzer::kNumMel))).margin(0.5));
    for (std::size_t i = 1; i < a.size(); ++i)
        CHECK(a[i] == Approx(b[i]).margin(0.05));
}

TEST_CASE("MFCC: silence reads the floor, finite", "[mood][mfcc]")
{
    const double sr = 44100.0;
    const auto c = mfccOf(std::vector<float>(44100, 0.0f), sr);
    CHECK(c[0] == Approx(MfccAnalyzer::kFloorDb * std::sqrt(static_cast<double>(MfccAnalyzer::kNumMel))));
    for (std::size_t i = 1; i < c.size(); ++i)
        CHECK(c[i] == Approx(0.0f).margin(1e-3));
}

TEST_CASE("MFCC through the analyzer: window mean and std", "[mood][mfcc][analyzer]")
{
    const double sr = 48000.0;
    const auto noise = whiteNoise(0.2, 8.0, sr, 7);
    const auto tone = sine(150.0, 0.2, 8.0, sr);
    // one second of noise, one of the tone, alternating: the coefficients swing
    std::vector<float> alternating(noise.size());
    for (std::size_t i = 0; i < alternating.size(); ++i)
        alternating[i] = (i / static_cast<std::size_t>(sr)) % 2 == 0 ? noise[i] : tone[i];
    const MoodFeatures n = lastSnapshot(noise, noise, sr).features;
    const MoodFeatures t = lastSnapshot(tone, tone, sr).features;
    const MoodFeatures alt = lastSnapshot(alternating, alternating, sr).features;
    WARN("mfcc1 mean: noise " << n.mfccMean[1] << ", 150 Hz sine " << t.mfccMean[1] << "; mfcc1 std: noise "
                              << n.mfccStd[1] << ", alternating " << alt.mfccStd[1]);
    CHECK(t.mfccMean[1] > n.mfccMean[1] + 50.0f);
    CHECK(n.mfccStd[1] < 3.0f);
    CHECK(alt.mfccStd[1] > 10.0f * n.mfccStd[1]);
    CHECK(alt.mfccMean[1] > n.mfccMean[1]);
    CHECK(alt.mfccMean[1] < t.mfccMean[1]);
}
