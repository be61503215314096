// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <vector>

namespace moodscope {

struct HpssEnergy
{
    float harmonic = 0.0f;
    float percussive = 0.0f;
};

// SPEC §4.5 harmonic/percussive separation by median filtering (Fitzgerald 2010), streamed
// one STFT frame per hop: a horizontal (time) median of ≈0.2 s and a vertical (frequency)
// median of ≈400 Hz, combined with a soft Wiener mask (p = 2 on magnitudes). The result for
// a frame is ready half a time kernel later (≈0.1 s), which is irrelevant for an 8 s window.
// Energy is counted only in bins whose whole frequency kernel lies above DC (≥ 200 Hz):
// below that the vertical median is truncated and a 46 ms frame cannot tell a kick drum's
// sine-like body from a bass note, so sub-bass would read as "harmonic" on any drum loop.
// Only bins up to kMaxHz are used; process() says how the two medians stay cheap. The split
// runs on every second call when calls come faster than kMinStepSeconds: a 0.2 s median
// needs no 11.6 ms resolution. (Pooling bins to ≈40 Hz was tried and rejected: it let drum
// loops read harmonic.)
class HpssAnalyzer // analysis thread
{
  public:
    static constexpr double kTimeKernelSeconds = 0.2;
    static constexpr double kFreqKernelHz = 400.0;
    static constexpr double kMaxHz = 8000.0; // above this both parts are mostly noise and cost
    static constexpr double kMinStepSeconds = 0.02;

    void prepare(double sampleRate, int frameSize, double hopSeconds);
    void reset() noexcept;

    // Feeds one hop's power spectrum and returns the split of the frame half a kernel ago
    // (zeros until the time kernel has filled, and on hops that are skipped). Skipped hops
    // return zeros, so sums over a window keep the harmonic/percussive proportion.
    HpssEnergy process(const std::vector<float>& power) noexcept;

    int timeKernel() const noexcept { return timeKernel_; } // in analyzed frames
    int freqKernel() const noexcept { return freqKernel_; } // in FFT bins
    int hopStride() const noexcept { return stride_; }      // hops per analyzed frame

  private:
    int stride_ = 1, countdown_ = 0;
    int bins_ = 0;                        // bins 1..bins_ are analyzed
    int timeKernel_ = 1, freqKernel_ = 1; // odd lengths
    int filled_ = 0, next_ = 0;
    std::vector<float> history_; // [timeKernel][bin]: raw power, a ring of frames
    std::vector<float> sorted_;  // [timeKernel][bin]: the same, sorted along time per bin
    std::vector<float> centre_;  // the frame being split
    std::vector<float> freqSorted_;
    std::vector<float> percussiveMedian_; // per even bin
    std::vector<float> evenCentre_;       // the centre frame's even bins
};

// E_h / (E_h + E_p); no energy reads 0.
float harmonicRatio(double harmonicEnergy, double percussiveEnergy) noexcept;

} // namespace moodscope
