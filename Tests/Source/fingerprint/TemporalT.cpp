// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "fingerprint/Temporal.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("silence ratio: half silent reads 0.5, thresholds absolute and relative", "[fingerprint][temporal]")
{
    const double sr = 44100.0;
    auto x = sine(440.0, 0.5, 4.0, sr);
    x.resize(static_cast<std::size_t>(8 * sr), 0.0f);
    CHECK(lastSnapshot(x, x, sr).get(Dim::SilenceRatio) == Approx(0.5).margin(0.05));

    const auto steady = sine(440.0, dbToGain(-30.0), 8.0, sr);
    CHECK(lastSnapshot(steady, steady, sr).get(Dim::SilenceRatio) == 0.0f);

    // everything below -60 dBFS is silence, however steady
    const auto faint = sine(440.0, dbToGain(-70.0), 8.0, sr);
    CHECK(lastSnapshot(faint, faint, sr).get(Dim::SilenceRatio) == 1.0f);

    // 45 dB below the loudest part counts as silence even above -60 dBFS
    auto loudQuiet = sine(440.0, dbToGain(-5.0), 4.0, sr);
    const auto quiet = sine(440.0, dbToGain(-50.0), 4.0, sr);
    loudQuiet.insert(loudQuiet.end(), quiet.begin(), quiet.end());
    CHECK(lastSnapshot(loudQuiet, loudQuiet, sr).get(Dim::SilenceRatio) == Approx(0.5).margin(0.05));
}

TEST_CASE("silenceRatio on frame powers", "[fingerprint][temporal]")
{
    const std::vector<float> frames { 0.1f, 0.1f, 1e-7f, 1e-6f * 0.5f };
    CHECK(silenceRatio(frames.data(), frames.size()) == 0.5f);
    CHECK(silenceRatio(nullptr, 0) == 0.0f);
}
