// SPDX-License-Identifier: GPL-3.0-or-later
// SPEC §3: frame sizes are defined in seconds, so the same music at 44.1, 48 and 96 kHz
// gives the same fingerprint within the tolerances below (also listed in docs/FINGERPRINT.md).
#include "AnalyzerHarness.h"
#include "Signals.h"

#include <catch2/catch.hpp>

#include <map>

using namespace moodscope;
using namespace moodscope::test;

namespace {
// Music whose content is the same at every rate: everything is built from sines below
// 16 kHz (white noise would put different content above 22 kHz at 96 kHz).
StereoPair rateIndependentMusic(double sr, double seconds)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sr));
    StereoPair out { std::vector<float>(n, 0.0f), std::vector<float>(n, 0.0f) };
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> snareHz(40), snarePhase(40);
    for (std::size_t k = 0; k < snareHz.size(); ++k)
    {
        snareHz[k] = 150.0 * std::pow(80.0, unit(rng)); // 150 Hz .. 12 kHz, log-uniform
        snarePhase[k] = kTwoPi * unit(rng);
    }
    const int chords[4][3] = { { 57, 60, 64 }, { 53, 57, 60 }, { 60, 64, 67 }, { 55, 59, 62 } };
    const double beat = 60.0 / 116.0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const double t = static_cast<double>(i) / sr;
        const int beatIndex = static_cast<int>(t / beat);
        const double pos = t - beatIndex * beat;
        const int bar = (beatIndex / 4) % 4;
        const double kickEnv = std::exp(-pos * 20.0);
        double v = 0.6 * kickEnv * std::sin(kTwoPi * (50.0 * pos + 70.0 * (1.0 - std::exp(-pos * 30.0)) / 30.0));
        if (beatIndex % 2 == 1)
        {
            double snare = 0.0;
            for (std::size_t k = 0; k < snareHz.size(); ++k)
                snare += std::sin(kTwoPi * snareHz[k] * pos + snarePhase[k]);
            v += 0.04 * std::exp(-pos * 25.0) * snare;
        }
        double pad = 0.0;
        for (int note : chords[bar])
            for (int h = 1; h <= 4; ++h)
                pad += 0.05 / h * std::sin(kTwoPi * midiToHz(note) * h * t);
        const double bass = 0.2 * std::sin(kTwoPi * midiToHz(chords[bar][0] - 12) * t);
        out.left[i] = static_cast<float>(v + bass + 1.2 * pad);
        out.right[i] = static_cast<float>(v + bass + 0.8 * pad);
    }
    return out;
}
} // namespace

TEST_CASE("the same music at 44.1, 48 and 96 kHz gives the same fingerprint", "[fingerprint][samplerate]")
{
    // absolute tolerance per dimension
    const std::map<Dim, float> tolerance {
        { Dim::SubBassPct, 0.01f },
        { Dim::BassPct, 0.01f },
        { Dim::LowMidPct, 0.01f },
        { Dim::MidPct, 0.01f },
        { Dim::UpperMidPct, 0.01f },
        { Dim::PresencePct, 0.01f },
        { Dim::AirPct, 0.01f },
        { Dim::Lufs, 0.1f },
        { Dim::CrestDb, 0.3f },
        { Dim::BassMidRatio, 0.3f },
        { Dim::TempoBpm, 1.0f },
        { Dim::RhythmStability, 0.02f },
        { Dim::TransientDensity, 0.05f },
        { Dim::SilenceRatio, 0.02f },
        { Dim::SpectralCentroid, 0.01f },
        { Dim::SpectralRolloff, 0.01f },
        { Dim::SpectralFlatness, 0.02f },
        { Dim::HarmonicRatio, 0.05f },
        { Dim::PitchStability, 0.05f },
        { Dim::ChromaEnergy, 0.03f },
        { Dim::DynamicRangeVariation, 0.02f },
        { Dim::LoudnessVariationStd, 0.2f },
        { Dim::PeakConsistency, 0.02f },
        { Dim::StereoWidth, 0.01f },
        { Dim::PhaseCorrelation, 0.01f },
    };
    REQUIRE(tolerance.size() == static_cast<std::size_t>(kNumDims));

    const auto reference = [&] {
        const auto m = rateIndependentMusic(44100.0, 10.0);
        return lastSnapshot(m.left, m.right, 44100.0);
    }();
    REQUIRE(reference.fingerprintValid == (1u << kNumDims) - 1u);
    CHECK(reference.get(Dim::TempoBpm) == Approx(116.0).margin(1.0));
    for (double sr : { 48000.0, 96000.0 })
    {
        const auto m = rateIndependentMusic(sr, 10.0);
        const SlowSnapshot s = lastSnapshot(m.left, m.right, sr);
        for (const auto& [dim, tol] : tolerance)
        {
            INFO("rate " << sr << " " << dimName(dim) << ": " << s.get(dim) << " vs " << reference.get(dim));
            CHECK(std::fabs(s.get(dim) - reference.get(dim)) <= tol);
        }
    }
}
