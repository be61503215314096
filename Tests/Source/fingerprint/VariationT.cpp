// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"
#include "fingerprint/Variation.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("steady tone: no dynamic range variation, full peak consistency", "[fingerprint][variation]")
{
    const double sr = 44100.0;
    const auto x = sine(440.0, 0.5, 8.0, sr);
    const auto s = lastSnapshot(x, x, sr);
    CHECK(s.get(Dim::DynamicRangeVariation) == Approx(0.0).margin(0.01));
    CHECK(s.get(Dim::PeakConsistency) == Approx(1.0).margin(0.01));
}

TEST_CASE("peaks alternating 0.5 and 0.1 every second", "[fingerprint][variation]")
{
    const double sr = 48000.0;
    std::vector<float> x(static_cast<std::size_t>(8 * sr));
    const auto tone = sine(440.0, 1.0, 8.0, sr);
    for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = tone[i] * ((i / static_cast<std::size_t>(sr)) % 2 == 0 ? 0.5f : 0.1f);
    const auto s = lastSnapshot(x, x, sr);
    // peaks 0.5/0.1: mean 0.3, std 0.2 -> CV 2/3 -> 0.6; crest is 3 dB in every chunk
    CHECK(s.get(Dim::PeakConsistency) == Approx(0.6).margin(0.01));
    CHECK(s.get(Dim::DynamicRangeVariation) == Approx(0.0).margin(0.01));
}

TEST_CASE("crest alternating between a sine and clicks varies", "[fingerprint][variation]")
{
    ChunkVariation v;
    v.addChunk(1.0f, 0.5);    // sine: crest 3.01 dB
    v.addChunk(1.0f, 0.0005); // sparse clicks: crest 33.01 dB
    // std 15 dB -> 15/21
    CHECK(v.dynamicRangeVariation() == Approx(15.0 / 21.0).margin(1e-4));
    v.addChunk(0.0f, 0.0); // silence has no crest and does not count
    CHECK(v.dynamicRangeVariation() == Approx(15.0 / 21.0).margin(1e-4));
    ChunkVariation none;
    CHECK(none.dynamicRangeVariation() == 0.0f);
    CHECK(none.peakConsistency() == 1.0f);
}
