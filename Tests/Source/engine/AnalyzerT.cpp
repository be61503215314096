// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/Analyzer.h"
#include "AnalyzerHarness.h"
#include "Signals.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;
using Approx = Catch::Detail::Approx;

TEST_CASE("fast and slow clocks tick at exact sample positions, whatever the block size", "[analyzer]")
{
    const double sr = 48000.0;
    const auto x = sine(440.0, 0.5, 10.0, sr);
    for (std::size_t block : { std::size_t(1), std::size_t(333), std::size_t(8192) })
    {
        const auto sink = run(x, x, sr, {}, block);
        const double hop = std::round(0.0116 * sr) / sr;
        CHECK(sink.fast.size() == static_cast<std::size_t>(10.0 / hop));
        REQUIRE(sink.slow.size() == 5);
        for (std::size_t i = 0; i < sink.slow.size(); ++i)
            CHECK(sink.slow[i].time == Approx(2.0 * static_cast<double>(i + 1)));
        CHECK(sink.fast.front().time == Approx(hop));
    }
}

TEST_CASE("slow results wait until the window is 30 % full", "[analyzer]")
{
    const double sr = 44100.0;
    const auto x = sine(440.0, 0.5, 8.0, sr);
    const auto sink = run(x, x, sr); // window 8 s, interval 2 s
    REQUIRE(sink.slow.size() == 4);
    CHECK(sink.slow[0].windowFill == Approx(0.25).margin(1e-3));
    CHECK(sink.slow[0].warmingUp);
    CHECK(sink.slow[0].fingerprintValid == 0);
    CHECK_FALSE(sink.slow[1].warmingUp);
    CHECK(sink.slow[1].has(Dim::StereoWidth));
    CHECK(sink.slow[3].windowFill == Approx(1.0f));
}

TEST_CASE("levels read dBFS sine-referenced", "[analyzer][levels]")
{
    const double sr = 48000.0;
    for (double db : { 0.0, -20.0, -45.0 })
    {
        const auto x = sine(1000.0, dbToGain(db), 1.0, sr);
        const auto sink = run(x, x, sr);
        const auto& last = sink.fast.back();
        CHECK(last.rmsDb == Approx(db).margin(0.1));
        CHECK(last.peakDb == Approx(db).margin(0.1));
        CHECK(last.rms01 == Approx(std::clamp((db + 60.0) / 60.0, 0.0, 1.0)).margin(0.01));
    }
    std::vector<float> silence(48000, 0.0f);
    const auto quiet = run(silence, silence, sr);
    CHECK(quiet.fast.back().rmsDb == Approx(-120.0));
    CHECK(quiet.fast.back().rms01 == 0.0f);
}

TEST_CASE("each light band lights up for a sine in its range only", "[analyzer][bands]")
{
    const double sr = 44100.0;
    struct Case
    {
        double freq;
        int band;
    };
    for (const Case c : { Case { 50.0, 0 }, Case { 160.0, 1 }, Case { 1000.0, 2 }, Case { 6000.0, 3 } })
    {
        const auto x = sine(c.freq, 0.5, 1.0, sr);
        const auto sink = run(x, x, sr);
        const auto& bands = sink.fast.back().bands;
        INFO("freq " << c.freq);
        for (int b = 0; b < 4; ++b)
        {
            if (b == c.band)
                CHECK(bands[static_cast<std::size_t>(b)] > 0.8f); // -6 dB sine -> 0.9
            else
                CHECK(bands[static_cast<std::size_t>(b)] < 0.35f); // Hann leakage is > 30 dB down
        }
    }
}

TEST_CASE("bands rise fast and fall slowly", "[analyzer][bands]")
{
    const double sr = 48000.0;
    auto x = sine(1000.0, 0.5, 1.0, sr);
    x.resize(static_cast<std::size_t>(1.5 * sr), 0.0f); // tone then 0.5 s silence
    const auto sink = run(x, x, sr);
    const double hop = std::round(0.0116 * sr) / sr;
    const auto at = [&](double t) { return sink.fast[static_cast<std::size_t>(t / hop) - 1].bands[2]; };
    CHECK(at(0.1) > 0.85f); // risen within 100 ms
    CHECK(at(1.1) > 0.3f);  // still glowing 100 ms after the stop
    CHECK(at(1.1) < at(0.95));
    CHECK(at(1.49) < 0.2f); // 250 ms decay: nearly dark after half a second
    CHECK(at(1.49) < 0.5f * at(1.1));
}

TEST_CASE("stereo dimensions: mono, inverted and independent channels", "[analyzer][stereo]")
{
    const double sr = 44100.0;
    const auto noise = whiteNoise(0.5, 6.0, sr, 7);
    const auto other = whiteNoise(0.5, 6.0, sr, 8);

    const auto mono = run(noise, noise, sr).slow.back();
    CHECK(mono.get(Dim::StereoWidth) == Approx(0.0).margin(1e-6));
    CHECK(mono.get(Dim::PhaseCorrelation) == Approx(1.0).margin(1e-6));

    const auto inverted = run(noise, negated(noise), sr).slow.back();
    CHECK(inverted.get(Dim::StereoWidth) == Approx(1.0).margin(1e-6));
    CHECK(inverted.get(Dim::PhaseCorrelation) == Approx(-1.0).margin(1e-6));

    const auto independent = run(noise, other, sr).slow.back();
    CHECK(std::fabs(independent.get(Dim::PhaseCorrelation)) < 0.05f);
    CHECK(independent.get(Dim::StereoWidth) == Approx(0.5).margin(0.05));
}

TEST_CASE("crest factor of a sine is 3 dB, of silence 0", "[analyzer][dynamics]")
{
    const double sr = 48000.0;
    const auto x = sine(997.0, 0.3, 6.0, sr);
    CHECK(run(x, x, sr).slow.back().get(Dim::CrestDb) == Approx(3.01).margin(0.05));
    std::vector<float> silence(static_cast<std::size_t>(6 * sr), 0.0f);
    const auto s = run(silence, silence, sr).slow.back();
    CHECK(s.get(Dim::CrestDb) == 0.0f);
    CHECK(s.get(Dim::PhaseCorrelation) == 1.0f);
}

TEST_CASE("NaN, Inf, denormal, DC and clipped input never produce non-finite output", "[analyzer][robustness]")
{
    const double sr = 96000.0;
    auto x = sine(220.0, 1.0, 6.0, sr);
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        if (i % 1000 == 0)
            x[i] = std::numeric_limits<float>::quiet_NaN();
        else if (i % 1000 == 1)
            x[i] = std::numeric_limits<float>::infinity();
        else if (i % 1000 == 2)
            x[i] = -std::numeric_limits<float>::infinity();
        else if (i % 1000 == 3)
            x[i] = std::numeric_limits<float>::denorm_min();
        else if (i % 1000 == 4)
            x[i] = 1e30f;
        else
            x[i] = std::clamp(x[i] * 4.0f, -1.0f, 1.0f) + 0.5f; // clipped + DC
    }
    const auto sink = run(x, x, sr, {}, 4096);
    REQUIRE(!sink.slow.empty());
    CHECK(allFinite(sink));
    for (const auto& s : sink.slow)
        CHECK(inSpecRange(s));
    std::vector<float> impulse(static_cast<std::size_t>(6 * sr), 0.0f);
    impulse[1000] = 1.0f;
    const auto impulseRun = run(impulse, impulse, sr);
    CHECK(allFinite(impulseRun));
    CHECK(inSpecRange(impulseRun.slow.back()));
    std::vector<float> dc(impulse.size(), 0.7f);
    const auto dcRun = run(dc, dc, sr);
    CHECK(allFinite(dcRun));
    CHECK(inSpecRange(dcRun.slow.back()));
    const auto silentRun = run(std::vector<float>(impulse.size(), 0.0f), std::vector<float>(impulse.size(), 0.0f), sr);
    CHECK(inSpecRange(silentRun.slow.back()));
    CHECK(silentRun.slow.back().get(Dim::SilenceRatio) == 1.0f);
}

TEST_CASE("config values out of range are clamped, never rejected", "[analyzer][config]")
{
    EngineConfig c;
    c.windowSeconds = 1000.0;
    c.intervalSeconds = std::numeric_limits<double>::quiet_NaN();
    const auto k = c.clamped();
    CHECK(k.windowSeconds == EngineConfig::kMaxWindow);
    CHECK(k.intervalSeconds == 2.0);
    Analyzer a;
    a.prepare(std::numeric_limits<double>::infinity(), c);
    CHECK(a.sampleRate() == 48000.0);
    CHECK(a.windowSize() == static_cast<std::size_t>(30 * 48000));
}

TEST_CASE("frame sizes follow seconds, not samples", "[analyzer][stft]")
{
    for (double sr : { 22050.0, 44100.0, 48000.0, 96000.0, 192000.0 })
    {
        const int n = Stft::frameSizeFor(sr, 0.0464);
        CHECK(std::fabs(n / sr - 0.0464) < 0.002);
    }
    CHECK(Stft::frameSizeFor(44100.0, 0.0464) == 2048);
}
