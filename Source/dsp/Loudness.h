// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/RunningStats.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace moodscope {

// One second-order section with a0 normalised to 1:
// y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2].
struct BiquadCoefficients
{
    double b0 = 1.0;
    double b1 = 0.0;
    double b2 = 0.0;
    double a1 = 0.0;
    double a2 = 0.0;
};

// ITU-R BS.1770-4 K-weighting at any sample rate: the analog shelf and RLB high-pass
// prototypes mapped by the bilinear transform (pre-warped at their corner frequencies).
// At 48 kHz both reproduce the coefficient tables of BS.1770; at other rates the high-pass
// is scaled to the tables' 1 kHz gain so that the -0.691 dB calibration stays valid.
BiquadCoefficients kWeightingShelf(double sampleRate) noexcept;
BiquadCoefficients kWeightingHighPass(double sampleRate) noexcept;

// BS.1770-4 / EBU R128 loudness of a stereo signal (both channel weights 1.0).
// The K-weighted channel-summed mean square is kept per 100 ms sub-block on an absolute
// grid since reset(); every run of 4 consecutive complete sub-blocks is one 400 ms gating
// block, so blocks overlap by 75 %. Every reading is in LUFS and never below kFloorLufs:
// silence, missing data and anything quieter read exactly -70.
class LoudnessMeter // analysis thread
{
  public:
    static constexpr float kFloorLufs = -70.0f;
    static constexpr std::size_t kChunkSubBlocks = 10; // the 1 s chunks of SPEC §4.6

    // Allocates the sub-block history (maxWindowSeconds + 3 s) and the whole-run histogram.
    void prepare(double sampleRate, double maxWindowSeconds);
    void reset() noexcept;

    // Inputs must be finite. Never allocates.
    void process(const float* left, const float* right, std::size_t n) noexcept;

    // The last 4 / 30 complete sub-blocks (400 ms / 3 s). Shortly after reset() the missing
    // sub-blocks count as silence, so the readings rise like a meter fed from silence.
    float momentaryLufs() const noexcept;
    float shortTermLufs() const noexcept;

    // Gated integrated loudness (absolute gate -70 LUFS, relative gate -10 LU) of the gating
    // blocks lying entirely within the most recent windowSeconds of complete sub-blocks
    // (at most the history). O(blocks), no allocation.
    float integratedLufs(double windowSeconds) const noexcept;

    // Gated integrated loudness of everything since reset(), in constant memory: block
    // loudness is binned in 0.01 LU steps from -70 to +30 LUFS next to exact energy sums,
    // which keeps the result within a few thousandths of a LU of the exact gating.
    float integratedLufsTotal() const noexcept;

    // Ungated loudness of chunkSubBlocks consecutive complete sub-blocks; chunk 0 ends at the
    // newest complete sub-block, chunk k ends k chunks earlier. A chunk not entirely in the
    // history reads -70, and so does a silent one: callers doing statistics over chunks
    // should drop chunks at or below kFloorLufs (SPEC §4.6 "below the -70 gate excluded").
    float chunkLufs(std::size_t chunkSubBlocks, std::size_t chunkIndexFromEnd) const noexcept;

    // Complete sub-blocks available in the history (capped at its capacity).
    std::size_t completeSubBlocks() const noexcept;
    // How many of those make up the most recent windowSeconds.
    std::size_t subBlocksInWindow(double windowSeconds) const noexcept;
    std::size_t subBlockSamples() const noexcept { return subBlockLength_; }
    double subBlockSeconds() const noexcept;

  private:
    void finishSubBlock() noexcept;
    // Mean of `count` sub-block energies, the newest of them `fromEnd` before the newest one.
    double meanEnergy(std::size_t count, std::size_t fromEnd) const noexcept;
    double energyFromEnd(std::size_t fromEnd) const noexcept;

    double sampleRate_ = 0.0;
    std::size_t subBlockLength_ = 0;
    std::size_t remaining_ = 0; // samples still missing from the current sub-block
    double accumulator_ = 0.0;  // sum of K-weighted L^2 + R^2 in the current sub-block
    BiquadCoefficients shelf_;
    BiquadCoefficients highPass_;
    // Transposed direct form II state: [channel][shelf z1, shelf z2, high-pass z1, high-pass z2].
    double state_[2][4] = {};

    std::vector<double> history_; // sub-block mean squares, ring buffer
    std::size_t head_ = 0;        // next slot to write
    std::uint64_t subBlocksSinceReset_ = 0;

    // Whole-run gating: blocks above the absolute gate, binned by loudness.
    std::vector<std::uint64_t> binCount_;
    std::vector<double> binEnergy_;
    std::uint64_t gatedCount_ = 0;
    double gatedEnergy_ = 0.0;
};

// SPEC §4.6 loudness_variation_std: population std (LU) of the 1 s chunk loudness over the
// complete chunks in the most recent windowSeconds, chunks at or below -70 LUFS excluded,
// clamped to 0..20; fewer than two valid chunks read 0.
float loudnessVariationStd(const LoudnessMeter& meter, double windowSeconds) noexcept;

// The same rule over chunk loudness values gathered elsewhere (a whole file): std in LU,
// clamped 0..20, fewer than two chunks 0. Add only chunks above kFloorLufs.
float loudnessVariationStd(const RunningStats& chunkLufs) noexcept;

} // namespace moodscope
