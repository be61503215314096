// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace moodscope {

// SPEC §5.1 MFCC 0..12 of one frame from the shared power spectrum, in the style of librosa's
// mfcc(): kNumMel triangular filters evenly spaced on the HTK mel scale between kMinHz and
// min(kMaxHz, Nyquist), area-normalized (Slaney) so that a flat spectrum gives a flat mel
// spectrum; 10·log10 of each band with a floor kTopDb below the frame's loudest band (and
// kFloorDb absolute); DCT-II with orthonormal scaling. Bins are ~21.5 Hz wide at every rate
// (frames are fixed in seconds) and kMaxHz keeps the bands identical from 32 kHz up, so the
// coefficients agree across sample rates.
// Every bin lies on the falling slope of one filter and the rising slope of the next, so the
// filterbank costs two multiply-adds per bin: each filter is a contiguous row of weights
// (precomputed in prepare(), norm folded in), a short dot product the compiler vectorizes.
class MfccAnalyzer // analysis thread
{
  public:
    static constexpr int kNumMel = 40, kNumCoefficients = 13;
    static constexpr double kMinHz = 20.0, kMaxHz = 16000.0;
    static constexpr float kTopDb = 80.0f, kFloorDb = -140.0f;

    void prepare(double sampleRate, int frameSize);
    std::array<float, kNumCoefficients> process(const std::vector<float>& power) noexcept;

    // the mel band energies of the last process(), dB (tests)

  private:
    std::array<int, kNumMel> rowBin_ {};        // first bin of each filter
    std::array<int, kNumMel> rowLength_ {};     // bins in each filter
    std::array<std::size_t, kNumMel> rowAt_ {}; // offset of each filter's weights in weights_
    std::vector<float> weights_;
    std::array<float, kNumMel * kNumCoefficients> dct_ {};
    std::array<float, kNumMel> melDb_ {};
};

// mel <-> Hz on the HTK scale
double hzToMel(double hz) noexcept;
double melToHz(double mel) noexcept;

} // namespace moodscope
