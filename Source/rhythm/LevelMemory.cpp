// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/LevelMemory.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void LevelMemory::setInterval(double windowEverySeconds) noexcept
{
    keep_ = windowEverySeconds > 0.0 && std::isfinite(windowEverySeconds)
                ? std::exp(-windowEverySeconds / kMemorySeconds)
                : 0.0;
    reset();
}

void LevelMemory::reset() noexcept
{
    on_.fill(0.0);
    mid_.fill(0.0);
}

void LevelMemory::age() noexcept
{
    if (!enabled())
        return;
    for (auto* v : { &on_, &mid_ })
        for (double& x : *v)
            x *= keep_;
}

float LevelMemory::pool(double bpm, double on, double mid) noexcept
{
    const bool valid = on >= 0.0 && mid >= 0.0 && bpm > 0.0 && std::isfinite(on + mid + bpm);
    if (!enabled() || !valid)
        return valid && on > 0.0 ? static_cast<float>(mid / on) : 0.0f;
    const double x = std::clamp(kBinsPerOctave * std::log2(bpm / kLowestBpm), 0.0, kBins - 1.001);
    const auto i = static_cast<std::size_t>(x);
    const double f = x - static_cast<double>(i);
    on_[i] += (1.0 - f) * on;
    on_[i + 1] += f * on;
    mid_[i] += (1.0 - f) * mid;
    mid_[i + 1] += f * mid;
    const double sumOn = (1.0 - f) * on_[i] + f * on_[i + 1];
    const double sumMid = (1.0 - f) * mid_[i] + f * mid_[i + 1];
    return sumOn > 0.0 ? static_cast<float>(sumMid / sumOn) : 0.0f;
}

} // namespace moodscope
