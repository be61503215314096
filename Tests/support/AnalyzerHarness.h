// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs the synchronous Analyzer over synthesized audio and collects what it publishes.
#include "engine/Analyzer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace moodscope::test {

struct CollectingSink final : AnalysisSink
{
    std::vector<FastFrame> fast;
    std::vector<SlowSnapshot> slow;
    void onFast(const FastFrame& f) noexcept override { fast.push_back(f); }
    void onSlow(const SlowSnapshot& s) noexcept override { slow.push_back(s); }
};

// Streams audio through a prepared analyzer in blocks of `block` frames.
inline void feed(Analyzer& analyzer, const std::vector<float>& left, const std::vector<float>& right,
                 CollectingSink& sink, std::size_t block = 512)
{
    for (std::size_t i = 0; i < left.size(); i += block)
    {
        const std::size_t n = std::min(block, left.size() - i);
        analyzer.process(left.data() + i, right.data() + i, n, sink);
    }
}

inline CollectingSink run(const std::vector<float>& left, const std::vector<float>& right, double sampleRate,
                          EngineConfig config = {}, std::size_t block = 512)
{
    Analyzer analyzer;
    analyzer.prepare(sampleRate, config);
    CollectingSink sink;
    feed(analyzer, left, right, sink, block);
    return sink;
}

inline bool allFinite(const CollectingSink& sink)
{
    for (const auto& f : sink.fast)
    {
        if (!std::isfinite(f.rmsDb) || !std::isfinite(f.peakDb) || !std::isfinite(f.rms01) || !std::isfinite(f.peak01))
            return false;
        for (float b : f.bands)
            if (!std::isfinite(b) || b < 0.0f || b > 1.0f)
                return false;
    }
    for (const auto& s : sink.slow)
        for (float v : s.fingerprint)
            if (!std::isfinite(v))
                return false;
    return true;
}

// Every computed dimension inside its SPEC §4 range.
inline bool inSpecRange(const SlowSnapshot& s)
{
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto d = static_cast<Dim>(i);
        if (!s.has(d))
            continue;
        const float v = s.get(d);
        const float lo = dimInfo(d).min, hi = dimInfo(d).max;
        if (!std::isfinite(v) || v < lo || v > hi)
        {
            UNSCOPED_INFO(dimName(d) << " = " << v << " outside " << lo << ".." << hi);
            return false;
        }
    }
    return true;
}

// The last slow snapshot of a signal, with the default 8 s window.
inline SlowSnapshot lastSnapshot(const std::vector<float>& left, const std::vector<float>& right, double sampleRate,
                                 EngineConfig config = {})
{
    return run(left, right, sampleRate, config).slow.back();
}

} // namespace moodscope::test
