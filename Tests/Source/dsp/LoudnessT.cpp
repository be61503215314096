// SPDX-License-Identifier: GPL-3.0-or-later
#include "Signals.h"
#include "dsp/Loudness.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {

struct Segment
{
    double dbfs;
    double seconds;
};

// Odd block size so sub-block boundaries fall inside process() calls.
void feed(LoudnessMeter& meter, const std::vector<float>& left, const std::vector<float>& right)
{
    constexpr std::size_t kBlock = 997;
    for (std::size_t i = 0; i < left.size(); i += kBlock)
    {
        const std::size_t n = std::min(kBlock, left.size() - i);
        meter.process(left.data() + i, right.data() + i, n);
    }
}

void feed(LoudnessMeter& meter, const std::vector<float>& mono)
{
    feed(meter, mono, mono);
}

// EBU Tech 3341 style: a stereo sine whose peak amplitude in each channel is the given dBFS,
// phase-continuous across segments.
void feedTone(LoudnessMeter& meter, double sampleRate, double freq, const std::vector<Segment>& segments)
{
    double phase = 0.0;
    for (const auto& s : segments)
    {
        const auto x = sine(freq, dbToGain(s.dbfs), s.seconds, sampleRate, phase);
        feed(meter, x);
        phase = std::fmod(phase + kTwoPi * freq * static_cast<double>(x.size()) / sampleRate, kTwoPi);
    }
}

// The analog K-weighting curve (shelf times RLB high-pass) in dB: the reference the digital
// filters approximate at every sample rate.
double analogKWeightingDb(double hz)
{
    const double vh = std::pow(10.0, 3.999843853973347 / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    const double qs = 0.7071752369554196;
    const double qh = 0.5003270373238773;
    const double us = hz / 1681.974450955533;
    const double uh = hz / 38.13547087602444;
    const std::complex<double> shelf =
        std::complex<double>(1.0 - vh * us * us, vb * us / qs) / std::complex<double>(1.0 - us * us, us / qs);
    const std::complex<double> highPass =
        std::complex<double>(-uh * uh, 0.0) / std::complex<double>(1.0 - uh * uh, uh / qh);
    return 20.0 * std::log10(std::abs(shelf * highPass));
}

float steadyToneShortTerm(double sampleRate, double freq, double dbfs)
{
    LoudnessMeter meter;
    meter.prepare(sampleRate, 10.0);
    feedTone(meter, sampleRate, freq, { { dbfs, 4.0 } });
    return meter.shortTermLufs();
}

} // namespace

TEST_CASE("K-weighting at 48 kHz reproduces the BS.1770 coefficient tables", "[loudness]")
{
    const auto shelf = kWeightingShelf(48000.0);
    CHECK(shelf.b0 == Approx(1.53512485958697).margin(1e-9));
    CHECK(shelf.b1 == Approx(-2.69169618940638).margin(1e-9));
    CHECK(shelf.b2 == Approx(1.19839281085285).margin(1e-9));
    CHECK(shelf.a1 == Approx(-1.69065929318241).margin(1e-9));
    CHECK(shelf.a2 == Approx(0.73248077421585).margin(1e-9));

    const auto highPass = kWeightingHighPass(48000.0);
    CHECK(highPass.b0 == Approx(1.0).margin(1e-12));
    CHECK(highPass.b1 == Approx(-2.0).margin(1e-12));
    CHECK(highPass.b2 == Approx(1.0).margin(1e-12));
    CHECK(highPass.a1 == Approx(-1.99004745483398).margin(1e-9));
    CHECK(highPass.a2 == Approx(0.99007225036621).margin(1e-9));
}

TEST_CASE("EBU Tech 3341 cases 1 to 5 read within 0.1 LU at 44.1, 48 and 96 kHz", "[loudness]")
{
    struct Case
    {
        const char* name;
        std::vector<Segment> segments;
        double expected;
    };
    const std::vector<Case> cases {
        { "case 1", { { -23.0, 20.0 } }, -23.0 },
        { "case 2", { { -33.0, 20.0 } }, -33.0 },
        { "case 3", { { -36.0, 10.0 }, { -23.0, 60.0 }, { -36.0, 10.0 } }, -23.0 },
        { "case 4", { { -72.0, 10.0 }, { -36.0, 10.0 }, { -23.0, 60.0 }, { -36.0, 10.0 }, { -72.0, 10.0 } }, -23.0 },
        { "case 5", { { -26.0, 20.0 }, { -20.0, 20.1 }, { -26.0, 20.0 } }, -23.0 },
    };
    for (const double sr : { 44100.0, 48000.0, 96000.0 })
    {
        for (const auto& c : cases)
        {
            INFO(c.name << " at " << sr << " Hz");
            LoudnessMeter meter;
            meter.prepare(sr, 120.0);
            feedTone(meter, sr, 1000.0, c.segments);
            CHECK(meter.integratedLufs(120.0) == Approx(c.expected).margin(0.1));
            CHECK(meter.integratedLufsTotal() == Approx(c.expected).margin(0.1));
        }
    }
}

TEST_CASE("K-weighting stays calibrated at the 8 kHz and 384 kHz extremes", "[loudness]")
{
    for (const double sr : { 8000.0, 22050.0, 384000.0 })
    {
        INFO(sr << " Hz");
        LoudnessMeter meter;
        meter.prepare(sr, 30.0);
        feedTone(meter, sr, 1000.0, { { -23.0, 20.0 } });
        CHECK(meter.integratedLufs(30.0) == Approx(-23.0).margin(0.1));
        CHECK(meter.integratedLufsTotal() == Approx(-23.0).margin(0.1));
    }
}

TEST_CASE("momentary and short-term loudness of a steady -23 dBFS tone read -23 LUFS", "[loudness]")
{
    for (const double sr : { 44100.0, 48000.0 })
    {
        INFO(sr << " Hz");
        LoudnessMeter meter;
        meter.prepare(sr, 10.0);
        feedTone(meter, sr, 1000.0, { { -23.0, 3.5 } });
        CHECK(meter.momentaryLufs() == Approx(-23.0).margin(0.1));
        CHECK(meter.shortTermLufs() == Approx(-23.0).margin(0.1));
    }
}

TEST_CASE("momentary loudness follows a level step within 400 ms, short-term within 3 s", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter meter;
    meter.prepare(sr, 10.0);
    feedTone(meter, sr, 1000.0, { { -40.0, 5.0 }, { -20.0, 0.5 } });
    CHECK(meter.momentaryLufs() == Approx(-20.0).margin(0.1));
    CHECK(meter.shortTermLufs() < -25.0f);
    feedTone(meter, sr, 1000.0, { { -20.0, 3.0 } });
    CHECK(meter.shortTermLufs() == Approx(-20.0).margin(0.1));
}

TEST_CASE("silence and an empty meter read exactly the -70 floor", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter unprepared;
    CHECK(unprepared.momentaryLufs() == LoudnessMeter::kFloorLufs);
    CHECK(unprepared.integratedLufs(10.0) == LoudnessMeter::kFloorLufs);
    CHECK(unprepared.integratedLufsTotal() == LoudnessMeter::kFloorLufs);
    CHECK(unprepared.completeSubBlocks() == 0);
    CHECK(loudnessVariationStd(unprepared, 10.0) == 0.0f);

    LoudnessMeter meter;
    meter.prepare(sr, 10.0);
    CHECK(meter.momentaryLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.shortTermLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufs(10.0) == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufsTotal() == LoudnessMeter::kFloorLufs);
    CHECK(meter.chunkLufs(10, 0) == LoudnessMeter::kFloorLufs);

    const std::vector<float> silence(static_cast<std::size_t>(5.0 * sr), 0.0f);
    feed(meter, silence);
    CHECK(meter.completeSubBlocks() == 50);
    CHECK(meter.momentaryLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.shortTermLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufs(10.0) == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufsTotal() == LoudnessMeter::kFloorLufs);
    CHECK(meter.chunkLufs(10, 0) == LoudnessMeter::kFloorLufs);

    // Below -70 LUFS is silence too: -80 dBFS.
    feedTone(meter, sr, 1000.0, { { -80.0, 4.0 } });
    CHECK(meter.momentaryLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.shortTermLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufs(10.0) == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufsTotal() == LoudnessMeter::kFloorLufs);
}

TEST_CASE("full-scale and huge input stay finite", "[loudness]")
{
    const double sr = 48000.0;
    std::vector<float> square(static_cast<std::size_t>(4.0 * sr));
    for (std::size_t i = 0; i < square.size(); ++i)
        square[i] = (i / 24) % 2 == 0 ? 1.0f : -1.0f; // 1 kHz
    LoudnessMeter meter;
    meter.prepare(sr, 10.0);
    feed(meter, square);
    // A full-scale square has 3 dB more power than the full-scale sine that reads 0 LUFS,
    // and its harmonics sit on the +4 dB shelf.
    CHECK(meter.momentaryLufs() > 3.0f);
    CHECK(meter.momentaryLufs() < 7.0f);
    CHECK(meter.integratedLufs(10.0) == Approx(meter.momentaryLufs()).margin(0.01));
    CHECK(meter.integratedLufsTotal() == Approx(meter.momentaryLufs()).margin(0.01));

    for (auto& v : square)
        v *= 1e15f;
    feed(meter, square);
    for (const float v : { meter.momentaryLufs(), meter.shortTermLufs(), meter.integratedLufs(10.0),
                           meter.integratedLufsTotal(), meter.chunkLufs(10, 0), loudnessVariationStd(meter, 10.0) })
    {
        CHECK(std::isfinite(v));
    }
    CHECK(meter.momentaryLufs() > 300.0f);
}

TEST_CASE("K-weighting response at 100 Hz and 10 kHz follows the analog K-curve", "[loudness]")
{
    const double low = analogKWeightingDb(100.0) - analogKWeightingDb(1000.0);
    const double high = analogKWeightingDb(10000.0) - analogKWeightingDb(1000.0);
    // The reference itself against the BS.1770 48 kHz tables (their response computed here
    // from the published numbers): -1.83 dB at 100 Hz and +3.34 dB at 10 kHz relative to 1 kHz.
    const auto tableDb = [](double hz) {
        const std::complex<double> z = std::polar(1.0, -kTwoPi * hz / 48000.0);
        const auto shelf = (1.53512485958697 - 2.69169618940638 * z + 1.19839281085285 * z * z) /
                           (1.0 - 1.69065929318241 * z + 0.73248077421585 * z * z);
        const auto highPass = (1.0 - 2.0 * z + z * z) / (1.0 - 1.99004745483398 * z + 0.99007225036621 * z * z);
        return 20.0 * std::log10(std::abs(shelf * highPass));
    };
    CHECK(low == Approx(tableDb(100.0) - tableDb(1000.0)).margin(0.02));
    CHECK(high == Approx(tableDb(10000.0) - tableDb(1000.0)).margin(0.02));
    CHECK(low == Approx(-1.83).margin(0.05));
    CHECK(high == Approx(3.34).margin(0.05));

    for (const double sr : { 44100.0, 48000.0, 96000.0 })
    {
        INFO(sr << " Hz");
        const float reference = steadyToneShortTerm(sr, 1000.0, -20.0);
        CHECK(steadyToneShortTerm(sr, 100.0, -20.0) - reference == Approx(low).margin(0.1));
        CHECK(steadyToneShortTerm(sr, 10000.0, -20.0) - reference == Approx(high).margin(0.1));
    }
}

TEST_CASE("windowed integrated loudness only sees its window", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter meter;
    meter.prepare(sr, 60.0);
    feedTone(meter, sr, 1000.0, { { -33.0, 20.0 }, { -23.0, 10.0 } });
    CHECK(meter.integratedLufs(8.0) == Approx(-23.0).margin(0.1));
    // The whole run: 20 s at -33 passes the relative gate (-33 > about -36.4).
    const double whole = 10.0 * std::log10((20.0 * std::pow(10.0, -3.3) + 10.0 * std::pow(10.0, -2.3)) / 30.0);
    CHECK(meter.integratedLufs(60.0) == Approx(whole).margin(0.1));
    CHECK(meter.integratedLufsTotal() == Approx(whole).margin(0.1));
    // A window longer than the history uses all of the history.
    CHECK(meter.integratedLufs(1000.0) == Approx(meter.integratedLufs(60.0)).margin(1e-6));
    CHECK(meter.integratedLufs(0.3) == LoudnessMeter::kFloorLufs);
}

TEST_CASE("the history keeps maxWindowSeconds plus 3 s of sub-blocks", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter meter;
    meter.prepare(sr, 10.0);
    feedTone(meter, sr, 1000.0, { { -30.0, 20.0 }, { -20.0, 12.0 } });
    CHECK(meter.completeSubBlocks() >= 130);
    CHECK(meter.completeSubBlocks() <= 140);
    CHECK(meter.integratedLufs(12.0) == Approx(-20.0).margin(0.1));
    CHECK(meter.integratedLufsTotal() < -22.0f);
}

TEST_CASE("chunk loudness indexes 1 s chunks back from the newest sub-block", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter meter;
    meter.prepare(sr, 10.0);
    feedTone(meter, sr, 1000.0, { { -23.0, 2.0 }, { -33.0, 1.0 } });
    feed(meter, std::vector<float>(static_cast<std::size_t>(sr), 0.0f));
    CHECK(meter.completeSubBlocks() == 40);
    CHECK(meter.chunkLufs(10, 0) == LoudnessMeter::kFloorLufs);
    CHECK(meter.chunkLufs(10, 1) == Approx(-33.0).margin(0.1));
    CHECK(meter.chunkLufs(10, 2) == Approx(-23.0).margin(0.1));
    CHECK(meter.chunkLufs(10, 3) == Approx(-23.0).margin(0.1));
    CHECK(meter.chunkLufs(10, 4) == LoudnessMeter::kFloorLufs);
    CHECK(meter.chunkLufs(0, 0) == LoudnessMeter::kFloorLufs);
    // Half of a 2 s chunk is silent: 3 dB down.
    CHECK(meter.chunkLufs(20, 0) == Approx(-36.0).margin(0.1));
}

TEST_CASE("loudness variation std of 1 s chunks", "[loudness]")
{
    const double sr = 48000.0;
    SECTION("a tone alternating -6 and -30 dBFS every second reads 12 LU")
    {
        LoudnessMeter meter;
        meter.prepare(sr, 8.0);
        std::vector<Segment> segments;
        for (int i = 0; i < 8; ++i)
            segments.push_back({ i % 2 == 0 ? -6.0 : -30.0, 1.0 });
        feedTone(meter, sr, 1000.0, segments);
        CHECK(loudnessVariationStd(meter, 8.0) == Approx(12.0).margin(1.0));
    }
    SECTION("a steady tone reads almost 0")
    {
        LoudnessMeter meter;
        meter.prepare(sr, 8.0);
        feedTone(meter, sr, 1000.0, { { -20.0, 8.0 } });
        CHECK(loudnessVariationStd(meter, 8.0) < 0.05f);
    }
    SECTION("silent chunks are excluded and silence reads 0")
    {
        LoudnessMeter meter;
        meter.prepare(sr, 8.0);
        feed(meter, std::vector<float>(static_cast<std::size_t>(8.0 * sr), 0.0f));
        CHECK(loudnessVariationStd(meter, 8.0) == 0.0f);
        feedTone(meter, sr, 1000.0, { { -20.0, 4.0 } });
        CHECK(loudnessVariationStd(meter, 8.0) < 0.05f);
    }
}

TEST_CASE("whole-run histogram gating agrees with exact gating within 0.01 LU", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter meter;
    meter.prepare(sr, 100.0);
    // Noise swept from -75 to -5 dBFS: blocks lie densely around both gates.
    auto noise = whiteNoise(1.0, 90.0, sr, 7);
    for (std::size_t i = 0; i < noise.size(); ++i)
        noise[i] *=
            static_cast<float>(dbToGain(-75.0 + 70.0 * static_cast<double>(i) / static_cast<double>(noise.size())));
    const auto right = whiteNoise(1.0, 90.0, sr, 8);
    std::vector<float> rightScaled(right.size());
    for (std::size_t i = 0; i < right.size(); ++i)
        rightScaled[i] =
            right[i] *
            static_cast<float>(dbToGain(-75.0 + 70.0 * static_cast<double>(i) / static_cast<double>(right.size())));
    feed(meter, noise, rightScaled);
    const float exact = meter.integratedLufs(100.0);
    CHECK(exact > -30.0f);
    CHECK(meter.integratedLufsTotal() == Approx(exact).margin(0.01));
}

TEST_CASE("reset forgets everything", "[loudness]")
{
    const double sr = 48000.0;
    LoudnessMeter meter;
    meter.prepare(sr, 10.0);
    feedTone(meter, sr, 1000.0, { { -23.0, 5.0 } });
    meter.reset();
    CHECK(meter.completeSubBlocks() == 0);
    CHECK(meter.momentaryLufs() == LoudnessMeter::kFloorLufs);
    CHECK(meter.integratedLufsTotal() == LoudnessMeter::kFloorLufs);
    feedTone(meter, sr, 1000.0, { { -33.0, 5.0 } });
    CHECK(meter.integratedLufs(10.0) == Approx(-33.0).margin(0.1));
    CHECK(meter.integratedLufsTotal() == Approx(-33.0).margin(0.1));
}
