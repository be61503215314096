// SPDX-License-Identifier: GPL-3.0-or-later
// Performance figures for the README (SPEC §9). Run: scripts/bench.sh
#include "dsp/OnsetEnvelope.h"
#include "engine/Analyzer.h"
#include "demo/DemoSignal.h"
#include "mood/MoodFeatureAggregator.h"
#include "mood/MoodFrame.h"
#include "capture/HostTransport.h"
#include "rhythm/OnsetPicker.h"
#include "rhythm/RealtimeBeatTracker.h"
#include "capture/StereoRing.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
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
        double* dst[] = { &sum.window,   &sum.gather,    &sum.frequency, &sum.dynamics, &sum.temporal, &sum.spectral,
                          &sum.harmonic, &sum.variation, &sum.stereo,    &sum.mood,     &sum.total };
        const double src[] = { t.window,   t.gather,    t.frequency, t.dynamics, t.temporal, t.spectral,
                               t.harmonic, t.variation, t.stereo,    t.mood,     t.total };
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
    state.counters["g_mood"] = sink.sum.mood / full;
    state.counters["g_copy"] = (sink.sum.window + sink.sum.gather) / full;
    state.counters["hops_per_s"] = static_cast<double>(sink.fast) / (iterations * seconds);
}
BENCHMARK(BM_AnalysisOneMinute)->Arg(44100)->Arg(48000)->Arg(96000)->Unit(benchmark::kMillisecond);

// The power spectra and mono frames of the demo signal, one per hop, as computeFast sees them.
struct DemoFrames
{
    int frameSize = 0;
    std::vector<std::vector<float>> power, mono;
    std::vector<SpectralFrame> spectral;
};

DemoFrames demoFrames(double sampleRate, double seconds)
{
    const EngineConfig config;
    DemoFrames d;
    d.frameSize = Stft::frameSizeFor(sampleRate, config.frameSeconds);
    const auto hop = static_cast<std::size_t>(std::lround(config.hopSeconds * sampleRate));
    const StereoSignal signal = makeDemoSignal(seconds, sampleRate);
    Stft stft;
    stft.prepare(d.frameSize);
    SpectralFrameAnalyzer spectral;
    spectral.prepare(sampleRate, d.frameSize);
    ChromaAnalyzer chroma;
    chroma.prepare(sampleRate, d.frameSize);
    MoodFrameAnalyzer mood;
    mood.prepare(sampleRate, d.frameSize);
    const auto size = static_cast<std::size_t>(d.frameSize);
    std::vector<float> frame(size);
    for (std::size_t end = size; end <= signal.left.size(); end += hop)
    {
        for (std::size_t i = 0; i < size; ++i)
            frame[i] = 0.5f * (signal.left[end - size + i] + signal.right[end - size + i]);
        const auto& power = stft.process(frame.data());
        SpectralFrame sf = spectral.analyze(power, 0.0f);
        sf.chroma = chroma.process(power);
        sf.chromaConcentration = chromaConcentration(sf.chroma);
        mood.analyze(power, frame.data(), size, sf);
        d.power.push_back(power);
        d.mono.push_back(frame);
        d.spectral.push_back(sf);
    }
    return d;
}

// Per-hop cost of the SPEC §5.1 additions (MFCC, spectral contrast, bandwidth, ZCR) on top of
// the shared STFT: the budget is 6 µs per hop.
void BM_MoodFramePerHop(benchmark::State& state)
{
    const double sampleRate = static_cast<double>(state.range(0));
    const DemoFrames d = demoFrames(sampleRate, 10.0);
    MoodFrameAnalyzer mood;
    mood.prepare(sampleRate, d.frameSize);
    // a few frames in turn: in computeFast the spectrum was just written and is in cache
    constexpr std::size_t kHot = 8;
    const std::size_t first = d.power.size() / 2;
    std::size_t i = 0;
    for (auto _ : state)
    {
        SpectralFrame sf = d.spectral[first + i];
        mood.analyze(d.power[first + i], d.mono[first + i].data(), d.mono[first + i].size(), sf);
        benchmark::DoNotOptimize(sf);
        i = i + 1 == kHot ? 0 : i + 1;
    }
}
BENCHMARK(BM_MoodFramePerHop)->Arg(44100)->Arg(96000)->Unit(benchmark::kMicrosecond);

// Slow-update cost of the mood features over an 8 s window: the running sums over its hops
// plus key, tonnetz, onset rate, tempo stability (tempo and beats come from the fingerprint's
// shared tracking and are not timed here). The budget is 1 ms.
void BM_MoodAggregation8s(benchmark::State& state)
{
    const double sampleRate = 44100.0;
    const EngineConfig config;
    const DemoFrames d = demoFrames(sampleRate, config.windowSeconds);
    const std::size_t n = d.spectral.size();
    std::vector<float> onsets(n);
    // a 120 BPM click envelope over a little noise
    for (std::size_t i = 0; i < n; ++i)
        onsets[i] = i % 43 == 0 ? 0.5f : 0.01f * static_cast<float>(i % 7);
    MoodFeatureAggregator mood;
    mood.prepare(n, config.hopSeconds);
    MoodFeatures out;
    for (auto _ : state)
    {
        mood.begin();
        for (const auto& f : d.spectral)
            mood.add(f);
        const MoodRhythm rhythm { onsets.data(), n, 120.0f, n / 43, 0.9f };
        mood.compute(rhythm, 1.0, 1.0, 3000.0f, out);
        benchmark::DoNotOptimize(out);
    }
    state.counters["hops"] = static_cast<double>(n);
}
BENCHMARK(BM_MoodAggregation8s)->Unit(benchmark::kMicrosecond);
// CPU time of this thread: the machine running the benchmarks may be shared, and wall time
// then counts the waits for a core as well.
double threadCpuSeconds() noexcept
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The whole fast path per hop (levels, STFT, bands, loudness, spectral frame, HPSS, chroma, pitch
// every 4th hop, onsets, live beats, host clock), in thread CPU time: a minute of the demo track
// with the slow clock at its slowest (10 s) on a 3 s window, the slow updates' own time taken off.
struct SlowTimeSink final : AnalysisSink
{
    const Analyzer* analyzer = nullptr;
    double slowMicros = 0.0;
    std::size_t fast = 0;
    void onFast(const FastFrame& f) noexcept override
    {
        benchmark::DoNotOptimize(f);
        ++fast;
    }
    void onSlow(const SlowSnapshot& s) noexcept override
    {
        if (!s.warmingUp)
            slowMicros += analyzer->lastSlowTimings().total;
    }
};

void BM_FastPathPerHop(benchmark::State& state)
{
    const double sampleRate = static_cast<double>(state.range(0));
    const StereoSignal signal = makeDemoSignal(60.0, sampleRate);
    EngineConfig config;
    config.windowSeconds = EngineConfig::kMinWindow;
    config.intervalSeconds = EngineConfig::kMaxInterval;
    Analyzer analyzer;
    analyzer.prepare(sampleRate, config);
    SlowTimeSink sink;
    sink.analyzer = &analyzer;
    double cpu = 0.0;
    for (auto _ : state)
    {
        const double t0 = threadCpuSeconds();
        analyzer.reset();
        for (std::size_t pos = 0; pos < signal.left.size(); pos += 512)
        {
            const std::size_t n = std::min<std::size_t>(512, signal.left.size() - pos);
            analyzer.process(signal.left.data() + pos, signal.right.data() + pos, n, sink);
        }
        cpu += threadCpuSeconds() - t0;
    }
    state.counters["fast_cpu_us_per_hop"] = (1e6 * cpu - sink.slowMicros) / static_cast<double>(sink.fast);
}
BENCHMARK(BM_FastPathPerHop)->Arg(44100)->Arg(48000)->Arg(96000)->Unit(benchmark::kMillisecond);

// The live light signals inside that path (SPEC §6): onset picking, the real-time beat tracker
// (its tempo re-estimate every 0.5 s included) and the host beat clock, over the onset envelope of
// a minute of the demo track, in thread CPU time. live_us_per_hop is the mean per hop;
// tempo_update_us one re-estimate over the tracker's 6 s history (once per 43 hops); beats_per_min
// the pulses emitted.
void BM_LiveSignalsPerHop(benchmark::State& state)
{
    const double sampleRate = static_cast<double>(state.range(0));
    const StereoSignal signal = makeDemoSignal(60.0, sampleRate);
    std::vector<float> mono(signal.left.size());
    for (std::size_t i = 0; i < mono.size(); ++i)
        mono[i] = 0.5f * (signal.left[i] + signal.right[i]);
    const OnsetEnvelope env = onsetEnvelope(mono, sampleRate);
    const double hop = env.hopSeconds();
    OnsetPicker picker;
    RealtimeBeatTracker tracker;
    HostTransportMailbox mailbox;
    HostBeatClock clock;
    picker.prepare(hop);
    tracker.prepare(hop);
    clock.prepare(sampleRate);
    HostTransport transport;
    transport.playing = true;
    transport.bpm = 120.0;
    mailbox.write(transport);
    double cpu = 0.0;
    std::size_t hops = 0, beats = 0;
    for (auto _ : state)
    {
        const double t0 = threadCpuSeconds();
        picker.reset();
        tracker.reset();
        clock.reset();
        for (std::size_t i = 0; i < env.strength.size(); ++i)
        {
            FastFrame f;
            f.time = env.frameEndSeconds(static_cast<double>(i));
            const auto picked = picker.process(env.strength[i]);
            f.onset = picked.onset;
            f.onsetStrength = picked.strength;
            tracker.process(f.time, env.strength[i], -20.0f, -14.0f, f);
            clock.fill(mailbox, (i + 1) * env.hop, env.hop, f);
            benchmark::DoNotOptimize(f);
            beats += f.beat ? 1 : 0;
        }
        cpu += threadCpuSeconds() - t0;
        hops += env.strength.size();
    }
    // one tempo re-estimate, alone
    TempoEstimator tempo;
    const std::size_t history = static_cast<std::size_t>(RealtimeBeatTracker::kHistorySeconds / hop);
    tempo.prepare(history, hop);
    constexpr int kRepeats = 50;
    const double t0 = threadCpuSeconds();
    for (int r = 0; r < kRepeats; ++r)
        benchmark::DoNotOptimize(tempo.estimate(env.strength.data() + 1000 + static_cast<std::size_t>(r), history));
    state.counters["tempo_update_us"] = 1e6 * (threadCpuSeconds() - t0) / kRepeats;
    state.counters["live_us_per_hop"] = 1e6 * cpu / static_cast<double>(hops);
    state.counters["beats_per_min"] = static_cast<double>(beats) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_LiveSignalsPerHop)->Arg(44100)->Arg(48000)->Arg(96000)->Unit(benchmark::kMillisecond);
} // namespace

BENCHMARK_MAIN();
