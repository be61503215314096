// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace moodscope {

// Causal onset flag and 0..1 strength from the per-hop onset envelope (OnsetDetector), for
// lights (SPEC §6). The envelope is already a function of level ratios only, so everything
// here is relative to the envelope itself and the flag does not depend on volume.
//
// A hop is an onset when the envelope rises above an adaptive threshold: the largest of an
// absolute floor (steady tones and silence give an envelope near 0), kMeanFactor times its
// recent mean (busy passages need a clear rise) and kPeakFraction of its recent peak (tails
// of a loud hit are not onsets). The flag fires on the rising edge - the first hop above the
// threshold - rather than at the envelope's peak one or two hops later, which saves latency;
// it re-arms once the envelope has turned down and at least kRefractorySeconds have passed.
class OnsetPicker // analysis thread
{
  public:
    static constexpr double kRefractorySeconds = 0.05;
    static constexpr double kMeanSeconds = 0.25;       // time constant of the running mean
    static constexpr double kPeakReleaseSeconds = 3.0; // time constant of the running peak
    static constexpr float kMeanFactor = 2.0f;
    static constexpr float kPeakFraction = 0.2f;
    static constexpr float kAbsoluteFloor = 0.04f; // envelope units (mean log-ratio rise per band)
    // strength = envelope / running peak; the peak never falls below this, so the residual
    // flux of a steady tone cannot be stretched to full scale
    static constexpr float kPeakFloor = 0.1f;

    struct Result
    {
        bool onset = false;
        float strength = 0.0f; // 0..1
    };

    void prepare(double hopSeconds);
    void reset() noexcept;

    // envelope: this hop's OnsetDetector value (>= 0; anything else counts as 0)
    Result process(float envelope) noexcept;

    float threshold() const noexcept { return threshold_; }

  private:
    float meanCoeff_ = 0.05f, peakRelease_ = 0.99f;
    int refractoryHops_ = 4;
    float mean_ = 0.0f, peak_ = kPeakFloor, previous_ = 0.0f, threshold_ = kAbsoluteFloor;
    int sinceOnset_ = 0;
    bool armed_ = true;
};

} // namespace moodscope
