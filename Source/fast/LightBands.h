// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <vector>

namespace moodscope {

// The four light bands of SPEC §6 (beat < 100 Hz, bass 100-250, mids 250-3000,
// high 3000-10000) from one power spectrum, as 0..1 with attack/decay smoothing so that
// LEDs jump on a hit and fall back smoothly.
class LightBands // analysis thread
{
  public:
    static constexpr int kNumBands = 4;
    static constexpr std::array<double, kNumBands + 1> kEdgesHz { 20.0, 100.0, 250.0, 3000.0, 10000.0 };

    void prepare(double sampleRate, int frameSize, double hopSeconds, double attackSeconds = 0.010,
                 double decaySeconds = 0.250);
    void reset() noexcept;

    // power: frameSize/2+1 bins as produced by Stft. Returns the smoothed 0..1 values.
    const std::array<float, kNumBands>& process(const std::vector<float>& power) noexcept;

    // Unsmoothed band levels in dB (sine-referenced) of the last process() call.
    const std::array<float, kNumBands>& levelsDb() const noexcept { return db_; }

  private:
    std::array<int, kNumBands + 1> edgeBins_ {};
    std::array<float, kNumBands> smoothed_ {};
    std::array<float, kNumBands> db_ {};
    float attack_ = 1.0f, decay_ = 1.0f;
};

} // namespace moodscope
