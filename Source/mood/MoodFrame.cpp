// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodFrame.h"

#include <cmath>

namespace moodscope {

void MoodFrameAnalyzer::prepare(double sampleRate, int frameSize)
{
    mfcc_.prepare(sampleRate, frameSize);
    contrast_.prepare(sampleRate, frameSize);
}

void MoodFrameAnalyzer::analyze(const std::vector<float>& power, const float* frame, std::size_t frameSize,
                                SpectralFrame& sf) noexcept
{
    // a silent frame keeps its mood fields at 0; the aggregation skips it like the spectral medians
    if (!(sf.totalPower > kSilentFramePower))
        return;
    sf.mfcc = mfcc_.process(power);
    sf.contrast = contrast_.process(power, sf.totalPower);
    sf.zeroCrossingRate = zeroCrossingRate(frame, frameSize);
}

float zeroCrossingRate(const float* x, std::size_t n) noexcept
{
    if (x == nullptr || n < 2)
        return 0.0f;
    // each step independent of the last so the loop vectorizes: ~2048 compares per hop
    unsigned count = 0;
    for (std::size_t i = 1; i < n; ++i)
        count += static_cast<unsigned>((x[i] < -kZeroThreshold) != (x[i - 1] < -kZeroThreshold));
    return static_cast<float>(count) / static_cast<float>(n);
}

} // namespace moodscope
