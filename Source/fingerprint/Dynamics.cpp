// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/Dynamics.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

float crestDbFrom(float peak, double meanSquare) noexcept
{
    if (!(meanSquare > 1e-12) || !(peak > 0.0f))
        return 0.0f;
    return static_cast<float>(std::max(0.0, 20.0 * std::log10(peak / std::sqrt(meanSquare))));
}

float fingerprintLufs(float lufs) noexcept
{
    return std::clamp(lufs, -70.0f, 30.0f);
}

} // namespace moodscope

namespace moodscope {

float bassMidRatioDb(double bassEnergy, double midEnergy) noexcept
{
    constexpr double kTiny = 1e-14;
    if (bassEnergy <= kTiny && midEnergy <= kTiny)
        return 0.0f;
    const double db = 10.0 * std::log10((bassEnergy + kTiny) / (midEnergy + kTiny));
    return static_cast<float>(std::clamp(db, -30.0, 30.0));
}

} // namespace moodscope
