// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/TempoHold.h"

#include <cmath>

namespace moodscope {

float TempoHold::apply(const TempoEstimator& estimator, const TempoResult& estimate) noexcept
{
    const double bpm = estimate.bpm;
    if (!(bpm > 0.0) || !std::isfinite(bpm))
    {
        held_ = 0.0;
        return 0.0f;
    }
    if (held_ > 0.0 && bpm < held_ * (1.0 - kAgree) &&
        estimator.support(held_, 0.5 * kAgree) >= kKeepSupport * estimate.confidence)
        return static_cast<float>(held_);
    held_ = bpm;
    return estimate.bpm;
}

} // namespace moodscope
