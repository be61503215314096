// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileSummary.h"

#include "Dynamics.h"
#include "Loudness.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void FileSummary::prepare(double expectedSeconds, double hopSeconds)
{
    *this = FileSummary {};
    hopSeconds_ = hopSeconds;
    if (std::isfinite(expectedSeconds) && expectedSeconds > 0.0)
        frames_.reserve(static_cast<std::size_t>(std::min(expectedSeconds, 24.0 * 3600.0) / hopSeconds) + 2);
}

void FileSummary::addSamples(const float* left, const float* right, std::size_t n) noexcept
{
    stereo_.add(left, right, n);
    for (std::size_t i = 0; i < n; ++i)
    {
        const float m = 0.5f * (left[i] + right[i]);
        const double m2 = static_cast<double>(m) * m;
        chunkPeak_ = std::max(chunkPeak_, std::fabs(m));
        chunkSquares_ += m2;
    }
    chunkSamples_ += n;
}

void FileSummary::endChunk(float chunkLufs) noexcept
{
    if (chunkSamples_ == 0)
        return;
    chunks_.addChunk(chunkPeak_, chunkSquares_ / static_cast<double>(chunkSamples_));
    peak_ = std::max(peak_, chunkPeak_);
    squares_ += chunkSquares_;
    samples_ += chunkSamples_;
    chunkPeak_ = 0.0f;
    chunkSquares_ = 0.0;
    chunkSamples_ = 0;
    if (chunkLufs > LoudnessMeter::kFloorLufs)
    {
        chunkLufs_.add(chunkLufs);
    }
}

void FileSummary::addFrame(const SpectralFrame& frame)
{
    frames_.push_back(frame);
}

SlowSnapshot FileSummary::finish(float integratedLufs, double seconds)
{
    SlowSnapshot s;
    s.time = seconds;
    s.windowSeconds = seconds;
    s.windowFill = 1.0f;
    s.warmingUp = false;

    aggregator_.prepare(frames_.size(), hopSeconds_);
    aggregator_.gather([this](std::size_t i) -> const SpectralFrame& { return frames_[i]; }, frames_.size());
    aggregator_.compute(s);

    // the trailing partial chunk counts for level and crest, not for chunk statistics
    const float peak = std::max(peak_, chunkPeak_);
    const std::size_t samples = samples_ + chunkSamples_;
    const double squares = squares_ + chunkSquares_;
    s.set(Dim::Lufs, fingerprintLufs(integratedLufs));
    s.set(Dim::CrestDb, samples > 0 ? crestDbFrom(peak, squares / static_cast<double>(samples)) : 0.0f);
    const StereoFeatures stereo = stereo_.features();
    s.set(Dim::StereoWidth, stereo.width);
    s.set(Dim::PhaseCorrelation, stereo.correlation);
    s.set(Dim::DynamicRangeVariation, chunks_.dynamicRangeVariation());
    s.set(Dim::PeakConsistency, chunks_.peakConsistency());
    s.set(Dim::LoudnessVariationStd, loudnessVariationStd(chunkLufs_));
    return s;
}

} // namespace moodscope
