// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/Tonnetz.h"

#include <cmath>

namespace moodscope {

Tonnetz tonnetz(const Chroma& chroma) noexcept
{
    constexpr double kPi = 3.141592653589793;
    constexpr double kAngle[3] = { 7.0 * kPi / 6.0, 3.0 * kPi / 2.0, 2.0 * kPi / 3.0 };
    constexpr double kRadius[3] = { 1.0, 1.0, 0.5 };
    double sum = 0.0;
    for (float v : chroma)
        sum += std::isfinite(v) && v > 0.0f ? v : 0.0f;
    Tonnetz t {};
    if (!(sum > 0.0))
        return t;
    for (int l = 0; l < 12; ++l)
    {
        const float raw = chroma[static_cast<std::size_t>(l)];
        const double w = (std::isfinite(raw) && raw > 0.0f ? raw : 0.0f) / sum;
        for (int c = 0; c < 3; ++c)
        {
            const double a = l * kAngle[c];
            t[static_cast<std::size_t>(2 * c)] += static_cast<float>(w * kRadius[c] * std::sin(a));
            t[static_cast<std::size_t>(2 * c + 1)] += static_cast<float>(w * kRadius[c] * std::cos(a));
        }
    }
    return t;
}

} // namespace moodscope
