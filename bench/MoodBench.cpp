// SPDX-License-Identifier: GPL-3.0-or-later
// Cost of the mood layer (SPEC §9): metrics + labels + state machine per slow update,
// and the per-hop drop/silence watch. The inputs are real snapshots and fast frames of the
// demo signal, collected once outside the timed loop.
#include "engine/Analyzer.h"
#include "demo/DemoSignal.h"
#include "mood/MoodModel.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

using namespace moodscope;

namespace {
struct Collect final : AnalysisSink
{
    std::vector<FastFrame> fast;
    std::vector<SlowSnapshot> slow;
    void onFast(const FastFrame& f) noexcept override { fast.push_back(f); }
    void onSlow(const SlowSnapshot& s) noexcept override
    {
        if (!s.warmingUp)
            slow.push_back(s);
    }
};

const Collect& demoResults()
{
    static const Collect results = [] {
        const double sampleRate = 44100.0;
        const StereoSignal signal = makeDemoSignal(60.0, sampleRate);
        Analyzer analyzer;
        analyzer.prepare(sampleRate, EngineConfig {});
        Collect c;
        for (std::size_t pos = 0; pos < signal.left.size(); pos += 512)
        {
            const std::size_t n = std::min<std::size_t>(512, signal.left.size() - pos);
            analyzer.process(signal.left.data() + pos, signal.right.data() + pos, n, c);
        }
        return c;
    }();
    return results;
}

// One slow update of the mood layer: metrics, labels, states and events (the features are
// already in the snapshot; their cost is part of the slow update's).
void BM_MoodSlowUpdate(benchmark::State& state)
{
    const Collect& in = demoResults();
    MoodModel model;
    model.prepare(0.0116, 2.0);
    std::size_t i = 0;
    for (auto _ : state)
    {
        SlowSnapshot s = in.slow[i];
        model.update(s);
        benchmark::DoNotOptimize(s);
        if (++i == in.slow.size())
            i = 0;
    }
}
BENCHMARK(BM_MoodSlowUpdate)->Unit(benchmark::kMicrosecond);

// The per-hop drop/silence watch.
void BM_MoodHop(benchmark::State& state)
{
    const Collect& in = demoResults();
    MoodModel model;
    model.prepare(0.0116, 2.0);
    std::size_t i = 0;
    for (auto _ : state)
    {
        FastFrame f = in.fast[i];
        model.onHop(f, f.momentaryLufs);
        benchmark::DoNotOptimize(f);
        if (++i == in.fast.size())
            i = 0;
    }
}
BENCHMARK(BM_MoodHop)->Unit(benchmark::kNanosecond);
} // namespace
