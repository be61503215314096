// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <vector>

namespace moodscope {

// SPEC §5.1 spectral contrast of one frame (Jiang et al. 2002, as librosa's spectral_contrast):
// octave bands [DC, 200), [200, 400), ... [3200, 6400), [6400, top) with top =
// min(kTopHz, Nyquist); per band the mean power of the strongest kQuantile of its bins (the
// peak) over the mean of the weakest kQuantile (the valley), at least one bin each, in dB.
// Tonal bands read high (partials over a low floor), noisy bands low. The valley is floored
// at kFloorDb below the frame's total power, so an empty band reads ~0 dB instead of the
// ratio of two rounding errors, and no band exceeds -kFloorDb.
// librosa takes dB of magnitudes; these are dB of power (twice librosa's numbers).
class SpectralContrastAnalyzer // analysis thread
{
  public:
    static constexpr int kNumBands = 7;
    static constexpr double kLowHz = 200.0, kTopHz = 16000.0;
    static constexpr double kQuantile = 0.02;
    static constexpr float kFloorDb = -100.0f;
    static constexpr int kMaxTracked = 16; // quantiles up to this many bins take the one-pass path

    void prepare(double sampleRate, int frameSize);
    // totalPower: the frame's summed power (SpectralFrame::totalPower)
    std::array<float, kNumBands> process(const std::vector<float>& power, float totalPower) noexcept;

  private:
    std::array<int, kNumBands + 1> edges_ {}; // band b holds bins [edges_[b], edges_[b + 1])
    std::array<int, kNumBands> quantile_ {};  // bins in the peak and in the valley
    std::vector<float> scratch_;
};

} // namespace moodscope
