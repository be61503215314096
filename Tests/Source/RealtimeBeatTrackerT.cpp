// SPDX-License-Identifier: GPL-3.0-or-later
#include "../AnalyzerHarness.h"
#include "../DrumLoop.h"
#include "../Signals.h"
#include "RealtimeBeatTracker.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
constexpr double kTolerance = 0.025;

// Live pulses (FastFrame::beat, at the frame's time = the end of its hop) against the true beats.
struct PulseScore
{
    double lockTime = -1.0;  // first pulse from which four pulses in a row are within kTolerance; -1 = never
    std::size_t counted = 0; // pulses from the lock on
    std::size_t hits = 0;    // ... within kTolerance of a true beat
    std::size_t doubled = 0; // pulses sharing their nearest true beat with the previous pulse
    std::size_t missing = 0; // true beats from the lock on with no pulse within half a period
    double meanLatency = 0.0, minLatency = 1e9, maxLatency = -1e9; // pulse time - true beat, after lock
    double hitRate() const { return counted > 0 ? static_cast<double>(hits) / static_cast<double>(counted) : 0.0; }
};

std::size_t nearest(const std::vector<double>& beats, double t)
{
    const auto it = std::lower_bound(beats.begin(), beats.end(), t);
    if (it == beats.begin())
        return 0;
    if (it == beats.end())
        return beats.size() - 1;
    const auto i = static_cast<std::size_t>(it - beats.begin());
    return t - beats[i - 1] < beats[i] - t ? i - 1 : i;
}

PulseScore score(const CollectingSink& sink, const std::vector<double>& beats, double settleFrom = 0.0)
{
    std::vector<double> pulses;
    for (const auto& f : sink.fast)
        if (f.beat && f.time >= settleFrom)
            pulses.push_back(f.time);
    PulseScore s;
    auto error = [&](double p) { return p - beats[nearest(beats, p)]; };
    std::size_t lock = pulses.size();
    for (std::size_t i = 0; i + 4 <= pulses.size(); ++i)
        if (std::all_of(pulses.begin() + static_cast<std::ptrdiff_t>(i), pulses.begin() + static_cast<std::ptrdiff_t>(i + 4),
                        [&](double p) { return std::abs(error(p)) <= kTolerance; }))
        {
            lock = i;
            break;
        }
    if (lock == pulses.size())
        return s;
    s.lockTime = pulses[lock];
    double sum = 0.0;
    std::size_t previousBeat = beats.size();
    for (std::size_t i = lock; i < pulses.size(); ++i)
    {
        const double e = error(pulses[i]);
        ++s.counted;
        s.hits += std::abs(e) <= kTolerance ? 1 : 0;
        sum += e;
        s.minLatency = std::min(s.minLatency, e);
        s.maxLatency = std::max(s.maxLatency, e);
        const std::size_t b = nearest(beats, pulses[i]);
        s.doubled += b == previousBeat ? 1 : 0;
        previousBeat = b;
    }
    s.meanLatency = sum / static_cast<double>(s.counted);
    const double end = sink.fast.back().time;
    for (std::size_t b = 0; b < beats.size(); ++b)
    {
        const double period = b + 1 < beats.size() ? beats[b + 1] - beats[b] : beats[b] - beats[b - 1];
        if (beats[b] < s.lockTime - 0.5 * period || beats[b] > end - period)
            continue;
        const bool found = std::any_of(pulses.begin(), pulses.end(),
                                       [&](double p) { return std::abs(p - beats[b]) < 0.5 * period; });
        s.missing += found ? 0 : 1;
    }
    return s;
}

std::vector<double> beatTimes(double bpm, double from, double to)
{
    std::vector<double> out;
    for (double t = from; t < to + 1e-9; t += 60.0 / bpm)
        out.push_back(t);
    return out;
}

CollectingSink runMono(const std::vector<float>& mono, double sampleRate, std::size_t block = 512)
{
    return run(mono, mono, sampleRate, EngineConfig {}, block);
}
} // namespace

TEST_CASE("live beat pulses lock onto drum loops", "[rtbeat]")
{
    const auto [bpm, sampleRate] = GENERATE(table<double, double>({ { 128.0, 44100.0 },
                                                                   { 90.0, 44100.0 },
                                                                   { 160.0, 44100.0 },
                                                                   { 128.0, 48000.0 },
                                                                   { 128.0, 96000.0 } }));
    DrumLoopOptions o;
    o.bpm = bpm;
    o.sampleRate = sampleRate;
    o.seconds = 30.0;
    const auto sink = runMono(drumLoop(o), sampleRate);
    const PulseScore s = score(sink, beatTimes(bpm, 0.0, o.seconds));
    const auto& last = sink.fast.back();
    WARN(bpm << " BPM at " << sampleRate << " Hz: lock at " << s.lockTime << " s, " << s.hits << "/" << s.counted
             << " pulses within 25 ms (" << 100.0 * s.hitRate() << " %), doubled " << s.doubled << ", missing "
             << s.missing << ", pulse latency (pulse time - true beat) mean " << 1000.0 * s.meanLatency << " ms, range "
             << 1000.0 * s.minLatency << ".." << 1000.0 * s.maxLatency << " ms; final bpm " << last.bpm
             << " confidence " << last.bpmConfidence);
    CHECK(s.lockTime >= 0.0);
    CHECK(s.lockTime <= 4.0);
    CHECK(s.hitRate() >= 0.95);
    CHECK(s.doubled == 0);
    CHECK(s.missing == 0);
    CHECK(last.bpm == Approx(bpm).margin(1.5));
    CHECK(last.bpmConfidence > 0.5f);
}
