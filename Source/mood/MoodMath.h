// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <cmath>

namespace moodscope {

// Small helpers shared by the mood metrics, labels and state machine.

// x clamped to lo..hi; NaN/Inf become `fallback`.
inline float clampFinite(float x, float lo, float hi, float fallback) noexcept
{
    return std::isfinite(x) ? std::clamp(x, lo, hi) : fallback;
}

// 0 at `from`, 1 at `to`, linear between, clamped; from > to gives a falling ramp.
inline float ramp(float x, float from, float to) noexcept
{
    if (!std::isfinite(x))
        return 0.0f;
    return std::clamp((x - from) / (to - from), 0.0f, 1.0f);
}

// One-pole smoothing coefficient for a step of dtSeconds with time constant tauSeconds:
// after tau seconds of steps a jump is 63 % through, whatever the step.
inline float onePoleAlpha(double dtSeconds, double tauSeconds) noexcept
{
    if (!(dtSeconds > 0.0) || !(tauSeconds > 0.0))
        return 1.0f;
    return static_cast<float>(1.0 - std::exp(-dtSeconds / tauSeconds));
}

} // namespace moodscope
