// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/RunningStats.h"

#include <cstddef>

namespace moodscope {

// SPEC §4.6 variation over 1 s chunks, from running sums so that the same code serves an
// 8 s window and an hours-long file. Loudness variation lives with the K-weighted
// sub-blocks in Loudness.h.
class ChunkVariation // analysis thread
{
  public:
    void clear() noexcept;
    void addChunk(float peak, double meanSquare) noexcept;

    // std of per-chunk crest dB mapped x/(x+6) to 0..1; silent chunks have no crest and
    // are left out; fewer than 2 chunks with sound read 0.
    float dynamicRangeVariation() const noexcept;
    // 1/(1 + CV of per-chunk peaks): 1 = every chunk peaks at the same level (the anchor had
    // this inverted); fewer than 2 chunks or all-silent read 1.
    float peakConsistency() const noexcept;

  private:
    RunningStats peaks_, crests_; // crests only of chunks with sound
};

} // namespace moodscope
