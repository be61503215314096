// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dsp/Mfcc.h"
#include "dsp/SpectralContrast.h"
#include "dsp/SpectralFrame.h"

#include <cstddef>
#include <vector>

namespace moodscope {

// frames at or below this summed power are silent (as in SpectralFrameAnalyzer and FrameAggregator)
constexpr float kSilentFramePower = 1e-14f;

// The per-hop part of the SPEC §5.1 mood features, from the shared power spectrum and the mono
// frame of the hop: MFCC, spectral contrast, zero-crossing rate (the bandwidth comes with the
// centroid from SpectralFrameAnalyzer's pass over the bins). Fills the mood fields of a
// SpectralFrame whose fingerprint fields (total power) are already set, so FeatureHistory and
// FileSummary carry them to the slow aggregation (MoodFeatures.h).

class MoodFrameAnalyzer // analysis thread
{
  public:
    void prepare(double sampleRate, int frameSize);
    void analyze(const std::vector<float>& power, const float* frame, std::size_t frameSize,
                 SpectralFrame& sf) noexcept;

  private:
    MfccAnalyzer mfcc_;
    SpectralContrastAnalyzer contrast_;
};

// Sign changes per sample of x[0..n); samples within kZeroThreshold of 0 count as positive
// (as librosa's zero_crossing_rate), so silence and its rounding noise read 0.
constexpr float kZeroThreshold = 1e-10f;
float zeroCrossingRate(const float* x, std::size_t n) noexcept;

} // namespace moodscope
