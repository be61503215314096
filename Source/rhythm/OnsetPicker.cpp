// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/OnsetPicker.h"

#include "dsp/Onset.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void OnsetPicker::prepare(double hopSeconds)
{
    const double hop = hopSeconds > 0.0 && std::isfinite(hopSeconds) ? hopSeconds : 0.0116;
    meanCoeff_ = static_cast<float>(1.0 - std::exp(-hop / kMeanSeconds));
    peakRelease_ = static_cast<float>(std::exp(-hop / kPeakReleaseSeconds));
    refractoryHops_ = std::max(1, static_cast<int>(std::ceil(kRefractorySeconds / hop)));
    reset();
}

void OnsetPicker::reset() noexcept
{
    mean_ = 0.0f;
    peak_ = kPeakFloor;
    previous_ = 0.0f;
    threshold_ = kAbsoluteFloor;
    sinceOnset_ = refractoryHops_;
    armed_ = true;
}

OnsetPicker::Result OnsetPicker::process(float envelope) noexcept
{
    const float v = onsetOrZero(envelope);
    // the threshold comes from the past only: the hit being judged must not raise its own bar
    threshold_ = std::max({ kAbsoluteFloor, kMeanFactor * mean_, kPeakFraction * peak_ });
    if (v < previous_)
        armed_ = true;
    if (sinceOnset_ < refractoryHops_)
        ++sinceOnset_;

    Result r;
    if (armed_ && sinceOnset_ >= refractoryHops_ && v > threshold_ && v > previous_)
    {
        r.onset = true;
        armed_ = false;
        sinceOnset_ = 0;
    }
    mean_ += meanCoeff_ * (v - mean_);
    peak_ = std::max({ v, peak_ * peakRelease_, kPeakFloor });
    previous_ = v;
    r.strength = std::clamp(v / peak_, 0.0f, 1.0f);
    return r;
}

} // namespace moodscope
