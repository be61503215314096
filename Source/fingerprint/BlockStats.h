// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fingerprint/Stereo.h"

#include <cstddef>
#include <vector>

namespace moodscope {

// Sample-domain sums of one stretch of stereo audio. Sums of adjacent stretches merge, so
// the stereo, crest and chunk dimensions of an 8 s window (or a whole file) come from
// 100 ms blocks summed once as the audio streams in, not from passes over stored audio.
struct BlockStats
{
    StereoSums stereo;        // L/R sums (n = samples)
    double monoSquares = 0.0; // Σ ((L+R)/2)²
    float monoPeak = 0.0f;    // max |(L+R)/2|

    void add(const float* left, const float* right, std::size_t n) noexcept;
    void merge(const BlockStats& other) noexcept;
    std::size_t samples() const noexcept { return stereo.n; }
    double monoMeanSquare() const noexcept;
    float crestDb() const noexcept; // SPEC §4.2 crest of the mono signal; silence → 0
};

// The last `capacity` completed blocks, oldest first.
class BlockHistory // analysis thread
{
  public:
    void prepare(std::size_t capacity);
    void clear() noexcept;
    void push(const BlockStats& block) noexcept;
    std::size_t size() const noexcept { return size_; }
    // i-th of the newest n blocks, oldest first (n <= size())
    const BlockStats& latest(std::size_t n, std::size_t i) const noexcept;

  private:
    std::vector<BlockStats> ring_;
    std::size_t next_ = 0, size_ = 0;
};

} // namespace moodscope
