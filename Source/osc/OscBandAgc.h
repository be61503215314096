// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscLightingTable.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

// Automatic gain for one light band, after WLED's sound-reactive AGC (a peak that follows the
// level up at once and falls back slowly): here both ends of a running range, so a band that
// moves between 0.35 and 0.9 on a loud track and one that moves between 0.05 and 0.2 on a
// quiet one both come out spanning 0..1.
class OscBandAgc // sender thread
{
  public:
    // level: the band's 0..1 value; seconds: analysis time since the previous call.
    float process(float level, double seconds) noexcept
    {
        if (!std::isfinite(level))
            level = 0.0f;
        if (!primed_)
        {
            lo_ = hi_ = level;
            primed_ = true;
        }
        const float k = static_cast<float>(1.0 - std::exp(-std::clamp(seconds, 0.0, 1.0) / kLightAgcSeconds));
        hi_ = level > hi_ ? level : hi_ + (level - hi_) * k;
        lo_ = level < lo_ ? level : lo_ + (level - lo_) * k;
        const float span = std::max(hi_ - lo_, kLightAgcMinSpan);
        // a range narrower than the floor is widened about its middle: a steady band reads 0.5
        const float bottom = std::max(0.0f, 0.5f * (lo_ + hi_ - span));
        return std::clamp((level - bottom) / span, 0.0f, 1.0f);
    }

    void reset() noexcept { primed_ = false; }

  private:
    float lo_ = 0.0f, hi_ = 0.0f;
    bool primed_ = false;
};

} // namespace moodscope
