// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/TempoHold.h"

#include <cmath>

namespace moodscope {

float TempoHold::apply(const TempoEstimator& estimator, const TempoResult& estimate) noexcept
{
    const double bpm = estimate.bpm;
    if (!(bpm > 0.0) || !std::isfinite(bpm))
    {
        // too few clear onsets or too weak a comb for a tempo of its own, but the held period
        // still shows: a dense or quiet passage of the same music
        if (held_ > 0.0 && stillShows(estimator, held_))
            return static_cast<float>(held_);
        held_ = 0.0;
        return 0.0f;
    }
    if (held_ > 0.0 && bpm < held_ * (1.0 - kAgree) && outweighs(estimator, held_, estimate.confidence, bpm))
        return static_cast<float>(held_);
    held_ = bpm;
    return estimate.bpm;
}

} // namespace moodscope
