// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "Signals.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("a sine in each fingerprint band puts over 90 % of the power there", "[fingerprint][frequency]")
{
    const double sr = 44100.0;
    struct Case
    {
        double freq;
        Dim dim;
    };
    // Each band's geometric centre: with 46 ms Hann frames (21.5 Hz bins at 44.1 kHz) the
    // main lobe is +-43 Hz wide, so only the centre of the 20-60 Hz band keeps 90 % inside.
    const Case cases[] = { { 34.6, Dim::SubBassPct }, { 122.5, Dim::BassPct },      { 353.6, Dim::LowMidPct },
                           { 1000.0, Dim::MidPct },   { 2828.4, Dim::UpperMidPct }, { 5656.9, Dim::PresencePct },
                           { 12649.0, Dim::AirPct } };
    for (const auto& c : cases)
    {
        const auto x = sine(c.freq, 0.5, 8.0, sr);
        const auto s = lastSnapshot(x, x, sr);
        INFO("sine at " << c.freq << " Hz");
        CHECK(s.get(c.dim) > 0.9f);
        double sum = 0.0;
        for (int b = 0; b < 7; ++b)
            sum += s.get(static_cast<Dim>(static_cast<int>(Dim::SubBassPct) + b));
        CHECK(sum == Approx(1.0).margin(1e-6));
    }
}

TEST_CASE("white noise spreads power by bandwidth, silence shares nothing", "[fingerprint][frequency]")
{
    const double sr = 48000.0;
    const auto noise = whiteNoise(0.5, 8.0, sr, 3);
    const auto s = lastSnapshot(noise, noise, sr);
    // white noise: share = bandwidth / (20 kHz - 20 Hz), air band clipped to 20 kHz
    CHECK(s.get(Dim::AirPct) == Approx(12000.0 / 19980.0).margin(0.02));
    CHECK(s.get(Dim::MidPct) == Approx(1500.0 / 19980.0).margin(0.01));
    const std::vector<float> silence(static_cast<std::size_t>(8 * sr), 0.0f);
    const auto q = lastSnapshot(silence, silence, sr);
    for (int b = 0; b < 7; ++b)
        CHECK(q.get(static_cast<Dim>(static_cast<int>(Dim::SubBassPct) + b)) == 0.0f);
}

TEST_CASE("the air band is clipped to Nyquist at low sample rates", "[fingerprint][frequency]")
{
    const double sr = 22050.0;
    const auto x = sine(10000.0, 0.5, 8.0, sr);
    CHECK(lastSnapshot(x, x, sr).get(Dim::AirPct) > 0.9f);
}
