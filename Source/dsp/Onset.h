// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace moodscope {

// Onset strength per hop (SPEC §4.3): spectral flux of log-compressed band magnitudes.
//
// The power spectrum is summed into log-spaced bands between kLowHz and kHighHz (clipped to
// Nyquist). Frames are fixed in seconds, so bins are ~21.5 Hz wide at every rate and the
// bands, hence the envelope, agree across 44.1/48/96 kHz. Each band is compressed as
// log(1 + kGamma * sqrt(P / ref)), where ref follows the loudest band with instant attack and
// a slow release: the envelope is a function of level ratios only, so a mix at -30 dB gives the
// same envelope as at -6 dB. The compression is mild on purpose (kGamma small): a harder one
// (dB with an 80 dB floor) makes a quiet hi-hat rising from silence look as strong as a
// snare, which erases the accents the tempo estimator needs to tell beats from subdivisions.
// Bands are weighted equally, so a kick (a few low bands) counts against a broadband snare.
// Envelope values as the rhythm group reads them: an envelope from elsewhere may hold
// anything, and a negative or non-finite strength is no onset.
inline float onsetOrZero(float v) noexcept
{
    return std::isfinite(v) && v > 0.0f ? v : 0.0f;
}

class OnsetDetector // analysis thread
{
  public:
    static constexpr double kLowHz = 40.0; // above the DC leakage of the Hann window
    static constexpr double kHighHz = 11000.0;
    static constexpr int kBandsPerOctave = 2;
    static constexpr float kGamma = 10.0f;
    // An onset's envelope peak comes in the hop whose frame ends about this long after it (the
    // onset is then just past the centre of the 46.4 ms frame); measured on synthetic drums at
    // 44.1, 48 and 96 kHz (18.1-18.5 ms). Subtract it to turn envelope frames into onset times.
    static constexpr double kPeakDelaySeconds = 0.018;

    // hopSeconds only sets the release of the level reference.
    void prepare(double sampleRate, int frameSize, double hopSeconds = 0.0116);
    void reset() noexcept;

    // power: one frame's power spectrum, frameSize/2 + 1 bins (Stft::process). Returns the
    // onset strength of this hop: >= 0, finite, 0 for silence and for steady sounds.
    float process(const std::vector<float>& power) noexcept;

    int numBands() const noexcept { return static_cast<int>(bandStart_.size()); }

  private:
    std::vector<int> bandStart_, bandEnd_; // bins [start, end)
    std::vector<float> previous_;          // last frame's band powers
    std::size_t numBins_ = 0;
    double release_ = 1.0; // per-hop factor of the level reference
    double ref_ = 0.0;
    bool havePrevious_ = false;
};

} // namespace moodscope
