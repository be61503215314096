// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "Signals.h"
#include "dsp/Harmonic.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

TEST_CASE("HPSS kernels are about 0.2 s and 400 Hz at every rate", "[fingerprint][harmonic]")
{
    for (double sr : { 22050.0, 44100.0, 48000.0, 96000.0, 192000.0 })
    {
        HpssAnalyzer hpss;
        const int frame = Stft::frameSizeFor(sr, 0.0464);
        hpss.prepare(sr, frame, 0.0116);
        INFO("rate " << sr);
        const double binHz = sr / frame;
        CHECK(hpss.timeKernel() * hpss.hopStride() * 0.0116 == Approx(0.2).margin(hpss.hopStride() * 0.0116));
        CHECK(hpss.freqKernel() * binHz == Approx(400.0).margin(binHz));
    }
}

TEST_CASE("a sustained chord is harmonic, a drum loop percussive", "[fingerprint][harmonic]")
{
    for (double sr : { 44100.0, 96000.0 })
    {
        INFO("rate " << sr);
        const auto pad = chord({ 57, 60, 64 }, 0.15, 8.0, sr);
        const auto drums = drumLoop({ 120.0, 8.0, sr });
        const float padRatio = lastSnapshot(pad, pad, sr).get(Dim::HarmonicRatio);
        const float drumRatio = lastSnapshot(drums, drums, sr).get(Dim::HarmonicRatio);
        CHECK(padRatio > 0.8f);
        CHECK(drumRatio < 0.3f);
        // a mix sits in between
        const auto mix = mixed(pad, drums);
        const float mixRatio = lastSnapshot(mix, mix, sr).get(Dim::HarmonicRatio);
        CHECK(mixRatio > drumRatio);
        CHECK(mixRatio < padRatio);
    }
}

TEST_CASE("harmonic ratio does not depend on level, and silence reads 0", "[fingerprint][harmonic]")
{
    const double sr = 48000.0;
    auto loud = drumLoop({ 100.0, 8.0, sr });
    auto quiet = loud;
    for (auto& v : quiet)
        v *= static_cast<float>(dbToGain(-30.0));
    CHECK(lastSnapshot(quiet, quiet, sr).get(Dim::HarmonicRatio) ==
          Approx(lastSnapshot(loud, loud, sr).get(Dim::HarmonicRatio)).margin(0.01));
    const std::vector<float> silence(static_cast<std::size_t>(8 * sr), 0.0f);
    CHECK(lastSnapshot(silence, silence, sr).get(Dim::HarmonicRatio) == 0.0f);
}
