// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/EngineConfig.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
double clampOr(double v, double lo, double hi, double fallback)
{
    if (!std::isfinite(v))
        return fallback;
    return std::clamp(v, lo, hi);
}
} // namespace

EngineConfig EngineConfig::clamped() const noexcept
{
    const EngineConfig defaults;
    EngineConfig c = *this;
    c.windowSeconds = clampOr(windowSeconds, kMinWindow, kMaxWindow, defaults.windowSeconds);
    c.intervalSeconds = clampOr(intervalSeconds, kMinInterval, kMaxInterval, defaults.intervalSeconds);
    c.hopSeconds = clampOr(hopSeconds, 0.005, 0.02, defaults.hopSeconds);
    c.frameSeconds = clampOr(frameSeconds, 0.02, 0.1, defaults.frameSeconds);
    c.warmupFraction = clampOr(warmupFraction, 0.0, 1.0, defaults.warmupFraction);
    c.ringSeconds = clampOr(ringSeconds, 0.25, 10.0, defaults.ringSeconds);
    return c;
}

} // namespace moodscope
