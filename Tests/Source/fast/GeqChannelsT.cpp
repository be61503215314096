// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Stft.h"
#include "fast/GeqChannels.h"
#include "Signals.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace moodscope;

namespace {
GeqChannels::Reading measure(const std::vector<float>& signal, double rate)
{
    const int size = Stft::frameSizeFor(rate, 0.0464);
    Stft stft;
    stft.prepare(size);
    GeqChannels geq;
    geq.prepare(rate, size);
    const auto& power = stft.process(signal.data() + (signal.size() - static_cast<std::size_t>(size)));
    return geq.process(power);
}

// The geometric middle of WLED's channel i, from WLED's bin table.
double middleHz(int i)
{
    return std::sqrt(GeqChannels::lowHz(i) * GeqChannels::highHz(i));
}
} // namespace

TEST_CASE("GEQ: a sine lands in its WLED channel, the major peak is its frequency and amplitude", "[fast]")
{
    for (double rate : { 44100.0, 48000.0 })
        for (int i = 0; i < GeqChannels::kNumChannels; ++i)
        {
            CAPTURE(rate, i, middleHz(i));
            const auto r = measure(test::sine(middleHz(i), 0.5, 0.2, rate), rate);
            const auto loudest = std::max_element(r.channels.begin(), r.channels.end()) - r.channels.begin();
            CHECK(loudest == i);
            CHECK(r.majorPeakHz == Approx(middleHz(i)).epsilon(0.02));
            CHECK(r.majorPeakAmplitude == Approx(0.5).epsilon(0.1));
            // the channel carries the sine's amplitude, shared among WLED's bins of that channel
            const auto& ch = GeqChannels::kChannels[static_cast<std::size_t>(i)];
            const double perBin = 0.5 * ch.gain / (ch.last - ch.first + 1);
            CHECK(r.channels[static_cast<std::size_t>(i)] <= perBin * 1.01);
            CHECK(r.channels[static_cast<std::size_t>(i)] >= perBin * 0.6);
        }
}

TEST_CASE("GEQ: the channels tile WLED's range without gaps", "[fast]")
{
    CHECK(GeqChannels::lowHz(0) == Approx(43.07).epsilon(0.001));
    for (int i = 0; i + 1 < GeqChannels::kNumChannels; ++i)
        CHECK(GeqChannels::highHz(i) == GeqChannels::lowHz(i + 1));
    CHECK(GeqChannels::highHz(15) == Approx(9259.3).epsilon(0.001));
}

TEST_CASE("GEQ: silence reads zero everywhere, a tone above WLED's 11025 Hz is no major peak", "[fast]")
{
    const auto quiet = measure(std::vector<float>(4096, 0.0f), 44100.0);
    for (float c : quiet.channels)
        CHECK(c == 0.0f);
    CHECK(quiet.majorPeakHz == 0.0f);
    CHECK(quiet.majorPeakAmplitude == 0.0f);

    const auto high =
        measure(test::mixed(test::sine(15000.0, 0.5, 0.2, 48000.0), test::sine(440.0, 0.05, 0.2, 48000.0)), 48000.0);
    CHECK(high.majorPeakHz == Approx(440.0).epsilon(0.02));
}
