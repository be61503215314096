// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FrameAggregator.h"
#include "Snapshot.h"
#include "SpectralFrame.h"
#include "Stereo.h"
#include "Variation.h"

#include <cstddef>
#include <vector>

namespace moodscope {

// What the whole-file summary (SPEC §8.1 "summary" line) needs, kept while a file streams
// through the Analyzer: running sums for the sample-domain dimensions and every hop's
// SpectralFrame (≈100 bytes per 11.6 ms, ≈30 MB per hour) for the frame-domain ones, so the
// summary goes through the same FrameAggregator as the rolling window. File mode only: it
// allocates as it grows.
class FileSummary // analysis thread
{
  public:
    void prepare(double expectedSeconds, double hopSeconds);

    // sanitized samples, in stream order
    void addSamples(const float* left, const float* right, std::size_t n) noexcept;
    // closes the current 1 s chunk; lufs is its ungated loudness (-70 = silent)
    void endChunk(float chunkLufs) noexcept;
    void addFrame(const SpectralFrame& frame);

    // All 25 dimensions over everything added; integratedLufs comes from the loudness meter.
    SlowSnapshot finish(float integratedLufs, double seconds);

  private:
    std::vector<SpectralFrame> frames_;
    FrameAggregator aggregator_;
    double hopSeconds_ = 0.0116;
    StereoSums stereo_;
    float peak_ = 0.0f;
    double squares_ = 0.0;
    std::size_t samples_ = 0;
    float chunkPeak_ = 0.0f;
    double chunkSquares_ = 0.0;
    std::size_t chunkSamples_ = 0;
    ChunkVariation chunks_;
    RunningStats chunkLufs_; // chunks above the -70 gate
};

} // namespace moodscope
