// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <vector>

namespace moodscope {

// WLED's 16 GEQ channels and its "major peak" from the engine's own power spectrum (no second
// FFT), so that a WLED Audio Sync sender can fill fftResult[] and FFT_MajorPeak the way an
// on-board microphone would (docs/WLED.md).
class GeqChannels // analysis thread
{
  public:
    static constexpr int kNumChannels = 16;

    struct Reading
    {
        // each channel's sine-equivalent amplitude (full scale 1) shared among its WLED bins,
        // as WLED's fftAddAvg averages them
        std::array<float, kNumChannels> channels {};
        float majorPeakHz = 0.0f;        // strongest frequency up to kMaxPeakHz, 0 in silence
        float majorPeakAmplitude = 0.0f; // its sine-equivalent amplitude (full scale 1)
    };

    // WLED's channel map (usermods/audioreactive/audio_reactive.h, FFTcode(), the mapping
    // "optimized for 22050 Hz", no band-pass filter): channel i averages WLED's FFT bins
    // first..last (inclusive, 512 samples at 22050 Hz, so 43.07 Hz apart) and is damped by gain.
    struct Channel
    {
        int first, last;
        float gain;
    };
    static constexpr double kWledBinHz = 22050.0 / 512.0;
    static constexpr std::array<Channel, kNumChannels> kChannels { {
        { 1, 2, 1.0f },
        { 2, 3, 1.0f },
        { 3, 5, 1.0f },
        { 5, 7, 1.0f },
        { 7, 10, 1.0f },
        { 10, 13, 1.0f },
        { 13, 19, 1.0f },
        { 19, 26, 1.0f },
        { 26, 33, 1.0f },
        { 33, 44, 1.0f },
        { 44, 56, 1.0f },
        { 56, 70, 1.0f },
        { 70, 86, 1.0f },
        { 86, 104, 1.0f },
        { 104, 165, 0.88f },
        { 165, 215, 0.70f },
    } };
    // WLED clamps its major peak to this (half its sample rate).
    static constexpr double kMaxPeakHz = 11025.0;

    // Channel i covers [lowHz(i), lowHz(i + 1)); the last one ends at kChannels[15].last bins.
    static double lowHz(int channel) noexcept;
    static double highHz(int channel) noexcept;

    void prepare(double sampleRate, int frameSize);

    // power: frameSize/2+1 bins as produced by Stft.
    Reading process(const std::vector<float>& power) const noexcept;

  private:
    std::array<int, kNumChannels + 1> edgeBins_ {};
    int peakLastBin_ = 0;
    double binHz_ = 0.0;
};

} // namespace moodscope
