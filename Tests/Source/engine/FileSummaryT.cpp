// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "Signals.h"
#include "demo/DemoSignal.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

namespace {
SlowSnapshot summarize(const std::vector<float>& left, const std::vector<float>& right, double sr,
                       const EngineConfig& config = {})
{
    Analyzer analyzer;
    analyzer.prepare(sr, config);
    analyzer.enableSummary(static_cast<double>(left.size()) / sr);
    CollectingSink sink;
    for (std::size_t i = 0; i < left.size(); i += 4096)
        analyzer.process(left.data() + i, right.data() + i, std::min<std::size_t>(4096, left.size() - i), sink);
    return analyzer.summary();
}

std::vector<float> concat(std::initializer_list<std::vector<float>> parts)
{
    std::vector<float> out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}
} // namespace

TEST_CASE("the summary has all 25 dimensions in range and agrees with the window on steady music",
          "[fingerprint][summary]")
{
    const double sr = 44100.0;
    const auto demo = makeDemoSignal(24.0, sr);
    const SlowSnapshot summary = summarize(demo.left, demo.right, sr);
    CHECK(summary.fingerprintValid == (1u << kNumDims) - 1u);
    CHECK_FALSE(summary.warmingUp);
    CHECK(summary.time == Approx(24.0));
    CHECK(inSpecRange(summary));

    // the demo loops every 8 s, so the last 8 s window looks like the whole file
    const SlowSnapshot window = lastSnapshot(demo.left, demo.right, sr);
    for (Dim d : { Dim::SubBassPct, Dim::BassPct, Dim::MidPct, Dim::SpectralFlatness, Dim::HarmonicRatio,
                   Dim::ChromaEnergy, Dim::PhaseCorrelation, Dim::StereoWidth, Dim::TransientDensity })
    {
        INFO(dimName(d));
        CHECK(summary.get(d) == Approx(window.get(d)).margin(0.03));
    }
    CHECK(summary.get(Dim::Lufs) == Approx(window.get(Dim::Lufs)).margin(0.3));
    CHECK(summary.get(Dim::TempoBpm) == Approx(120.0).margin(1.0));
    // the loudest sample is a snare or hat noise peak: 24 s hold more of them than 8 s
    CHECK(summary.get(Dim::CrestDb) == Approx(window.get(Dim::CrestDb)).margin(0.75));
}

TEST_CASE("summary loudness is the whole file's integrated loudness (EBU 3341 case 5)", "[fingerprint][summary]")
{
    const double sr = 48000.0;
    const auto x = concat({ sine(1000.0, dbToGain(-26.0), 20.0, sr), sine(1000.0, dbToGain(-20.0), 20.1, sr),
                            sine(1000.0, dbToGain(-26.0), 20.0, sr) });
    CHECK(summarize(x, x, sr).get(Dim::Lufs) == Approx(-23.0).margin(0.1));
    // the rolling window only sees the last -26 dBFS part
    CHECK(lastSnapshot(x, x, sr).get(Dim::Lufs) == Approx(-26.0).margin(0.1));
}

TEST_CASE("summary tempo and variation over a minute", "[fingerprint][summary]")
{
    const double sr = 44100.0;
    const auto loop = drumLoop({ 128.0, 60.0, sr });
    const SlowSnapshot s = summarize(loop, loop, sr);
    CHECK(s.get(Dim::TempoBpm) == Approx(128.0).margin(1.0));
    CHECK(s.get(Dim::RhythmStability) > 0.9f);

    std::vector<float> alternating(static_cast<std::size_t>(30 * sr));
    const auto tone = sine(1000.0, 1.0, 30.0, sr);
    for (std::size_t i = 0; i < alternating.size(); ++i)
        alternating[i] = tone[i] * static_cast<float>(dbToGain((i / static_cast<std::size_t>(sr)) % 2 ? -30.0 : -6.0));
    const SlowSnapshot a = summarize(alternating, alternating, sr);
    CHECK(a.get(Dim::LoudnessVariationStd) == Approx(12.0).margin(1.0));
    CHECK(a.get(Dim::PeakConsistency) < 0.7f);
}

TEST_CASE("lazy tempo skips the whole-file tempo too, and only the tempo", "[fingerprint][summary][lazytempo]")
{
    const double sr = 44100.0;
    const auto loop = drumLoop({ 128.0, 20.0, sr });
    EngineConfig lazy;
    lazy.lazyTempo = true;
    const SlowSnapshot skipped = summarize(loop, loop, sr, lazy);
    const SlowSnapshot full = summarize(loop, loop, sr);
    CHECK(skipped.tempoSkipped);
    CHECK_FALSE(full.tempoSkipped);
    CHECK(skipped.get(Dim::TempoBpm) == 0.0f);
    CHECK(skipped.get(Dim::RhythmStability) == 0.0f);
    CHECK(full.get(Dim::TempoBpm) == Approx(128.0).margin(1.0));
    CHECK(skipped.fingerprintValid == full.fingerprintValid);
    CHECK(skipped.get(Dim::Lufs) == full.get(Dim::Lufs));
    CHECK(skipped.get(Dim::TransientDensity) == full.get(Dim::TransientDensity));
}

TEST_CASE("a file shorter than the warm-up still gets a finite summary", "[fingerprint][summary][robustness]")
{
    const double sr = 48000.0;
    const auto x = sine(1000.0, 0.5, 1.0, sr);
    const SlowSnapshot s = summarize(x, x, sr);
    CHECK(s.fingerprintValid == (1u << kNumDims) - 1u);
    CHECK(inSpecRange(s));
    // a stereo 1 kHz sine reads its peak level in LUFS (EBU 3341 case 1): 0.5 -> -6.02
    CHECK(s.get(Dim::Lufs) == Approx(-6.02).margin(0.1));
    const std::vector<float> empty;
    Analyzer analyzer;
    analyzer.prepare(sr, {});
    analyzer.enableSummary(0.0);
    const SlowSnapshot e = analyzer.summary();
    CHECK(inSpecRange(e));
    CHECK(e.get(Dim::Lufs) == -70.0f);
}

TEST_CASE("turning the fast signals off changes no slow result and no summary", "[fingerprint][summary]")
{
    const double sr = 44100.0;
    const auto music = mixed(chord({ 57, 60, 64 }, 0.1, 20.0, sr), drumLoop({ 124.0, 20.0, sr }));
    auto analyze = [&](bool fast) {
        Analyzer analyzer;
        analyzer.prepare(sr, EngineConfig {});
        analyzer.setFastSignals(fast);
        analyzer.enableSummary(20.0);
        CollectingSink sink;
        for (std::size_t i = 0; i < music.size(); i += 4096)
            analyzer.process(music.data() + i, music.data() + i, std::min<std::size_t>(4096, music.size() - i), sink);
        sink.slow.push_back(analyzer.summary());
        return sink;
    };
    const CollectingSink with = analyze(true), without = analyze(false);
    CHECK(with.fast.size() == music.size() / 512); // one per 512-sample hop
    CHECK(without.fast.empty());
    REQUIRE(with.slow.size() == without.slow.size());
    for (std::size_t i = 0; i < with.slow.size(); ++i)
    {
        INFO("snapshot " << i);
        CHECK(with.slow[i].fingerprint == without.slow[i].fingerprint);
        CHECK(with.slow[i].features.mfccMean == without.slow[i].features.mfccMean);
        CHECK(with.slow[i].features.key == without.slow[i].features.key);
    }
}

TEST_CASE("the demo's summary names the key its rolling updates name: A minor", "[mood][summary]")
{
    const StereoSignal demo = makeDemoSignal(40.0, 44100.0);
    Analyzer analyzer;
    analyzer.prepare(demo.sampleRate, EngineConfig {});
    analyzer.enableSummary(40.0);
    CollectingSink sink;
    for (std::size_t i = 0; i < demo.left.size(); i += 4096)
        analyzer.process(demo.left.data() + i, demo.right.data() + i, std::min<std::size_t>(4096, demo.left.size() - i),
                         sink);
    // The first window sees a bar and a half of the progression; from the first full cycle on,
    // the updates name A minor (the kick's pitch sweep can tip a window to A major).
    int aMinor = 0, updates = 0;
    for (const auto& s : sink.slow)
        if (s.featuresValid)
        {
            ++updates;
            aMinor += (s.features.key == 9 && s.features.minor) ? 1 : 0;
        }
    REQUIRE(updates >= 10);
    CHECK(aMinor >= updates * 4 / 5);
    const SlowSnapshot summary = analyzer.summary();
    REQUIRE(summary.featuresValid);
    CHECK(summary.features.key == 9);
    CHECK(summary.features.minor);
}
