// SPDX-License-Identifier: GPL-3.0-or-later
// Performance figures for the README (SPEC §9). Run: scripts/bench.sh
#include "Analyzer.h"
#include "DemoSignal.h"
#include "RingBuffer.h"

#include <benchmark/benchmark.h>

#include <chrono>
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
    }
};

// Analysis-thread cost: 60 s of music through the Analyzer in 512-frame chunks, as the
// analysis thread would drain them. cpu_share = analysis time / audio time.
void BM_AnalysisOneMinute(benchmark::State& state)
{
    const double sampleRate = static_cast<double>(state.range(0));
    const double seconds = 60.0;
    const StereoSignal signal = makeDemoSignal(seconds, sampleRate);
    Analyzer analyzer;
    analyzer.prepare(sampleRate, EngineConfig {});
    NullSink sink;
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
    state.counters["us_per_hop"] = 1e6 * busySeconds / static_cast<double>(sink.fast);
    state.counters["hops_per_s"] = static_cast<double>(sink.fast) / (iterations * seconds);
}
BENCHMARK(BM_AnalysisOneMinute)->Arg(44100)->Arg(48000)->Arg(96000)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
