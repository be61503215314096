// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <vector>

namespace moodscope {

// Everything the slow clock needs from one STFT frame, computed once per hop from the
// shared power spectrum so that no group recomputes an FFT (SPEC §4.1, §4.4, §4.3 silence).
// Onset strength and frame level are needed on every hop (tempo, silence); everything else
// is computed on every featureStride-th hop only (`full`), i.e. 46 ms frames at 50 % overlap:
// medians and means over seconds lose nothing, and the analysis costs half as much.
struct SpectralFrame
{
    static constexpr int kNumBands = 7;
    bool full = true;                          // the spectral fields below onset were computed
    std::array<float, kNumBands> bandPower {}; // mean-square power per fingerprint band
    float totalPower = 0.0f;                   // mean square of the (windowed) frame, all bins
    float centroidHz = 0.0f;
    float rolloffHz = 0.0f;       // 85 % of the power lies below
    float flatness = 0.0f;        // geometric / arithmetic mean of the power spectrum
    float frameMeanSquare = 0.0f; // time-domain mean square of the mono frame
    float onset = 0.0f;           // onset strength (log-compressed spectral flux)
    float harmonic = 0.0f;        // HPSS split of the frame half a time kernel earlier
    float percussive = 0.0f;
    float f0 = 0.0f;                  // YIN pitch in Hz; 0 = unvoiced or not tracked on this hop
    float chromaConcentration = 0.0f; // Σc² of the L1-normalized chroma; 0 = no tonal peaks
    std::array<float, 12> chroma {};
    // SPEC §5.1 mood features per hop (Source/MoodFrame.h)
    static constexpr int kNumMfcc = 13, kNumContrastBands = 7;
    std::array<float, kNumMfcc> mfcc {};              // dB-mel DCT-II (ortho)
    std::array<float, kNumContrastBands> contrast {}; // peak/valley per octave band, dB
    float bandwidthHz = 0.0f;      // sqrt(Σ p (f - centroid)² / Σ p), bins >= 1 (SpectralFrameAnalyzer)
    float zeroCrossingRate = 0.0f; // sign changes per sample of the mono frame
};

// Band edges of SPEC §4.1 (Hz): sub_bass 20-60, bass 60-250, low_mid 250-500, mid 500-2000,
// upper_mid 2000-4000, presence 4000-8000, air 8000-20000 (clipped to Nyquist).
constexpr std::array<double, SpectralFrame::kNumBands + 1> kFingerprintBandEdgesHz { 20.0,   60.0,   250.0,  500.0,
                                                                                     2000.0, 4000.0, 8000.0, 20000.0 };

class SpectralFrameAnalyzer // analysis thread
{
  public:
    void prepare(double sampleRate, int frameSize);
    SpectralFrame analyze(const std::vector<float>& power, float frameMeanSquare) const noexcept;

  private:
    double binHz_ = 1.0;
    std::array<int, SpectralFrame::kNumBands + 1> edgeBins_ {};
};

} // namespace moodscope
