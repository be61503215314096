// SPDX-License-Identifier: GPL-3.0-or-later
// Performance figures for the README (SPEC §9). Run: scripts/bench.sh
#include "Analyzer.h"
#include "DemoSignal.h"
#include "RingBuffer.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <vector>

using namespace moodscope;

namespace {
// Audio-thread cost: one 512-frame stereo block into the capture ring, the whole of what
// processBlock does. The ring is drained outside the timed region when it gets full, so
// every timed write is the real copy path, not the overrun shortcut.
void BM_CaptureBlock512Stereo(benchmark::State& state)
{
    constexpr std::size_t kBlock = 512;
    StereoRing ring(1u << 20);
    std::vector<float> left(kBlock, 0.25f), right(kBlock, -0.25f), sinkL(1u << 20), sinkR(1u << 20);
    const float* channels[] = { left.data(), right.data() };
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(ring.write(channels, 2, kBlock));
        if (ring.capacity() - ring.available() < kBlock)
        {
            state.PauseTiming();
            ring.read(sinkL.data(), sinkR.data(), sinkL.size());
            state.ResumeTiming();
        }
    }
    state.counters["dropped"] = static_cast<double>(ring.droppedFrames());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CaptureBlock512Stereo);

struct NullSink final : AnalysisSink
{
    const Analyzer* analyzer = nullptr;
    GroupTimings sum; // over slow updates with a full window
    std::size_t full = 0;
    double slowMicros = 0.0; // every slow update, for the per-hop figure
    std::size_t fast = 0, slow = 0;
    void onFast(const FastFrame& f) noexcept override
    {
        benchmark::DoNotOptimize(f);
        ++fast;
    }
    void onSlow(const SlowSnapshot& s) noexcept override
    {
        benchmark::DoNotOptimize(s);
        ++slow;
        const GroupTimings& t = analyzer->lastSlowTimings();
        slowMicros += t.total;
        if (s.windowFill < 1.0f)
            return;
        ++full;
        double* dst[] = { &sum.window,   &sum.gather,   &sum.frequency, &sum.dynamics, &sum.temporal,
                          &sum.spectral, &sum.harmonic, &sum.variation, &sum.stereo,   &sum.total };
        const double src[] = { t.window,   t.gather,   t.frequency, t.dynamics, t.temporal,
                               t.spectral, t.harmonic, t.variation, t.stereo,   t.total };
        for (std::size_t i = 0; i < std::size(src); ++i)
            *dst[i] += src[i];
    }
};

// Analysis-thread cost: 60 s of music through the Analyzer in 512-frame chunks, as the
// analysis thread would drain them. cpu_share = analysis time / audio time; fast_us_per_hop
// is everything except the slow updates, per hop; slow_ms is one slow update over a full
// 8 s window, followed by its per-group breakdown in µs.
void BM_AnalysisOneMinute(benchmark::State& state)
{
    const double sampleRate = static_cast<double>(state.range(0));
    const double seconds = 60.0;
    const StereoSignal signal = makeDemoSignal(seconds, sampleRate);
    Analyzer analyzer;
    analyzer.prepare(sampleRate, EngineConfig {});
    NullSink sink;
    sink.analyzer = &analyzer;
    double busySeconds = 0.0;
    for (auto _ : state)
    {
        const auto t0 = std::chrono::steady_clock::now();
        analyzer.reset();
        for (std::size_t pos = 0; pos < signal.left.size(); pos += 512)
        {
            const std::size_t n = std::min<std::size_t>(512, signal.left.size() - pos);
            analyzer.process(signal.left.data() + pos, signal.right.data() + pos, n, sink);
        }
        busySeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    const double iterations = static_cast<double>(state.iterations());
    state.counters["cpu_share_pct"] = 100.0 * busySeconds / (iterations * seconds);
    state.counters["fast_us_per_hop"] = (1e6 * busySeconds - sink.slowMicros) / static_cast<double>(sink.fast);
    const double full = static_cast<double>(std::max<std::size_t>(1, sink.full));
    state.counters["slow_ms"] = sink.sum.total / full / 1000.0;
    state.counters["g_freq"] = sink.sum.frequency / full;
    state.counters["g_dyn"] = sink.sum.dynamics / full;
    state.counters["g_temporal"] = sink.sum.temporal / full;
    state.counters["g_spectral"] = sink.sum.spectral / full;
    state.counters["g_harmonic"] = sink.sum.harmonic / full;
    state.counters["g_variation"] = sink.sum.variation / full;
    state.counters["g_stereo"] = sink.sum.stereo / full;
    state.counters["g_copy"] = (sink.sum.window + sink.sum.gather) / full;
    state.counters["hops_per_s"] = static_cast<double>(sink.fast) / (iterations * seconds);
}
BENCHMARK(BM_AnalysisOneMinute)->Arg(44100)->Arg(48000)->Arg(96000)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
