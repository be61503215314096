// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace moodscope {

// Hann-windowed real FFT of one frame, giving a power spectrum scaled so that the bins
// sum to the mean square of the frame (Parseval with the window's energy divided out):
// a band's sum is directly that band's share of the signal power.
// The FFTW plan is made once in prepare(); process() only runs fftwf_execute.
class Stft // analysis thread (prepare may run on any non-real-time thread)
{
  public:
    Stft() = default;
    ~Stft();
    Stft(const Stft&) = delete;
    Stft& operator=(const Stft&) = delete;

    // The frame size that is closest to frameSeconds and cheap for FFTW (factors 2, 3, 5).
    static int frameSizeFor(double sampleRate, double frameSeconds) noexcept;

    // The bin where a band edge at `hz` falls (clipped to Nyquist), never DC: bin k covers
    // [k - 0.5, k + 0.5) * binHz, so a band [a, b) sums bins edgeBin(a) .. edgeBin(b) - 1.
    static int edgeBin(double hz, double sampleRate, int frameSize) noexcept;

    void prepare(int frameSize);
    int frameSize() const noexcept { return size_; }
    int numBins() const noexcept { return size_ / 2 + 1; }

    // frame: frameSize() samples. Returns numBins() power values.
    const std::vector<float>& process(const float* frame) noexcept;
    const std::vector<float>& power() const noexcept { return power_; }

  private:
    void destroy() noexcept;

    int size_ = 0;
    std::vector<float> window_;
    std::vector<float> power_;
    float* in_ = nullptr;  // fftwf_malloc'd
    void* out_ = nullptr;  // fftwf_complex[], fftwf_malloc'd
    void* plan_ = nullptr; // fftwf_plan
    float scale_ = 0.0f;
};

} // namespace moodscope
