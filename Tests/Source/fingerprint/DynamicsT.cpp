// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "fingerprint/Dynamics.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("bass/mid ratio: equal powers read 0 dB, one-sided content clamps", "[fingerprint][dynamics]")
{
    const double sr = 48000.0;
    auto both = sine(120.0, 0.3, 8.0, sr);
    const auto mid = sine(1000.0, 0.3, 8.0, sr);
    for (std::size_t i = 0; i < both.size(); ++i)
        both[i] += mid[i];
    CHECK(lastSnapshot(both, both, sr).get(Dim::BassMidRatio) == Approx(0.0).margin(0.3));

    auto bassHeavy = sine(120.0, 0.3, 8.0, sr);
    const auto quietMid = sine(1000.0, 0.03, 8.0, sr);
    for (std::size_t i = 0; i < bassHeavy.size(); ++i)
        bassHeavy[i] += quietMid[i];
    CHECK(lastSnapshot(bassHeavy, bassHeavy, sr).get(Dim::BassMidRatio) == Approx(20.0).margin(0.3));

    const auto onlyBass = sine(120.0, 0.3, 8.0, sr);
    CHECK(lastSnapshot(onlyBass, onlyBass, sr).get(Dim::BassMidRatio) == 30.0f);
    CHECK(bassMidRatioDb(0.0, 0.0) == 0.0f);
    CHECK(bassMidRatioDb(0.0, 1.0) == -30.0f);
}
