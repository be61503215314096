// SPDX-License-Identifier: GPL-3.0-or-later
#include "fast/Levels.h"

#include "util/Decibels.h"

#include <cmath>

namespace moodscope {

LevelReading measureLevel(const float* left, const float* right, std::size_t n) noexcept
{
    double sum = 0.0;
    float peak = 0.0f;
    for (std::size_t i = 0; i < n; ++i)
    {
        sum += static_cast<double>(left[i]) * left[i] + static_cast<double>(right[i]) * right[i];
        peak = std::max(peak, std::max(std::fabs(left[i]), std::fabs(right[i])));
    }
    const double meanSquare = n > 0 ? sum / (2.0 * static_cast<double>(n)) : 0.0;
    LevelReading r {};
    r.rmsDb = meanSquareToDb(meanSquare);
    r.peakDb = amplitudeToDb(peak);
    r.rms01 = dbTo01(r.rmsDb);
    r.peak01 = dbTo01(r.peakDb);
    return r;
}

} // namespace moodscope
