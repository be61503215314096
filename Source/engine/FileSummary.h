// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fingerprint/BlockStats.h"
#include "engine/FrameAggregator.h"
#include "model/SlowSnapshot.h"
#include "dsp/SpectralFrame.h"
#include "fingerprint/Variation.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace moodscope {

// What the whole-file summary (SPEC §8.1 "summary" line) needs, kept while a file streams
// through the Analyzer: running sums for the sample-domain dimensions and every hop's
// SpectralFrame for the frame-domain ones, so the summary goes through the same
// FrameAggregator as the rolling window. A hop without the spectral fields (SpectralFrame::full
// false: every other hop) is kept as its two values only: the kept frames of an hour of audio
// take ≈36 MB instead of ≈65 MB. File mode only: it allocates as it grows.
class FileSummary // analysis thread
{
  public:
    void prepare(double expectedSeconds, double hopSeconds);
    // Lazy tempo (EngineConfig::lazyTempo) skips the whole-file tempo too: tempo 0, flagged.
    void setLazyTempo(bool lazy) noexcept { aggregator_.setLazyTempo(lazy); }

    // completed 100 ms blocks of sanitized samples, in stream order
    void addBlock(const BlockStats& block) noexcept;
    // closes the current 1 s chunk; lufs is its ungated loudness (-70 = silent)
    void endChunk(float chunkLufs) noexcept;
    void addFrame(const SpectralFrame& frame);

    // All 25 dimensions over everything added plus the trailing partial block (which counts
    // for level, crest and stereo, not for chunk statistics); integratedLufs comes from the
    // loudness meter.
    SlowSnapshot finish(float integratedLufs, double seconds, const BlockStats& partial);

  private:
    struct Hop
    {
        float onset = 0.0f;
        float frameMeanSquare = 0.0f;
        std::uint32_t full = 0; // 1 + its index in full_, 0 = not a full frame
    };
    std::vector<Hop> hops_;
    std::vector<SpectralFrame> full_;
    FrameAggregator aggregator_;
    double hopSeconds_ = 0.0116;
    BlockStats whole_; // completed chunks
    BlockStats chunk_; // the chunk being filled
    ChunkVariation chunks_;
    RunningStats chunkLufs_; // chunks above the -70 gate
};

} // namespace moodscope
