// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace moodscope {

// Everything the analysis needs to know, in seconds so that results agree across sample rates.
struct EngineConfig
{
    double windowSeconds = 8.0;   // rolling window, 3..30 s
    double intervalSeconds = 2.0; // slow clock, 0.5..10 s
    double hopSeconds = 0.0116;   // fast clock (~86 Hz)
    double frameSeconds = 0.0464; // STFT frame (~2048 samples at 44.1 kHz)
    double warmupFraction = 0.3;  // publish nothing slow until the window is this full
    double ringSeconds = 2.0;     // how much audio the capture ring absorbs if analysis stalls
    bool lazyTempo = false;       // skip tempo/beat tracking in the slow update (SPEC §4.3)

    static constexpr double kMinWindow = 3.0, kMaxWindow = 30.0;
    static constexpr double kMinInterval = 0.5, kMaxInterval = 10.0;
    static constexpr double kMinSampleRate = 8000.0, kMaxSampleRate = 384000.0;

    // Out-of-range or non-finite values are pulled into range, never rejected at run time:
    // a plugin must keep running with whatever state the host hands it.
    EngineConfig clamped() const noexcept;
};

} // namespace moodscope
