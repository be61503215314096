// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <vector>

namespace moodscope {

// SPEC §4.5 pitch: YIN (de Cheveigné & Kawahara 2002) on the un-windowed mono frame, with
// the difference function from an FFT cross-correlation so that a 46 ms frame costs three
// FFTs instead of N·τmax multiply-adds. The frame is the one the shared STFT sees; this is a
// time-domain method, so it needs its own transforms of that frame, not the spectrum.
class PitchTracker // analysis thread
{
  public:
    static constexpr double kMinHz = 60.0, kMaxHz = 2000.0;
    static constexpr double kThreshold = 0.15; // YIN absolute threshold on the normalized difference

    PitchTracker() = default;
    ~PitchTracker();
    PitchTracker(const PitchTracker&) = delete;
    PitchTracker& operator=(const PitchTracker&) = delete;

    void prepare(double sampleRate, int frameSize);

    // f0 in Hz of frameSize() samples, or 0 when the frame is unvoiced or too quiet.
    float process(const float* frame) noexcept;
    int frameSize() const noexcept { return size_; }

  private:
    void destroy() noexcept;

    double sampleRate_ = 48000.0;
    int size_ = 0, window_ = 0, minLag_ = 2, maxLag_ = 2;
    float* a_ = nullptr; // fftwf_malloc'd: first `window_` samples, zero-padded
    float* b_ = nullptr; // the whole frame; reused for the inverse transform's output
    void* specA_ = nullptr;
    void* specB_ = nullptr;
    void* forward_ = nullptr;
    void* inverse_ = nullptr;
    std::vector<double> prefixEnergy_;
    std::vector<float> cmnd_;
};

// SPEC §4.5 pitch_stability: 1 / (1 + 10·CV) over voiced frames (f0 > 0), where CV is taken
// in log-frequency (cents) space as std(ln f0): the scale-free analogue of std/mean, so a
// vibrato of ±50 cents scores the same on a bass note as on a flute. Fewer than 3 voiced
// frames read 0.
float pitchStability(const float* f0, std::size_t n) noexcept;

} // namespace moodscope
