// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstddef>

namespace moodscope {

// Mean and population standard deviation in one pass (Welford), without storing the values:
// the statistic behind every "std" and "CV" of the fingerprint, over a window or a whole file.
struct RunningStats
{
    std::size_t count = 0;
    double mean = 0.0;
    double m2 = 0.0; // sum of squared deviations from the mean

    void add(double x) noexcept
    {
        ++count;
        const double delta = x - mean;
        mean += delta / static_cast<double>(count);
        m2 += delta * (x - mean);
    }
    double std() const noexcept { return count > 0 ? std::sqrt(m2 / static_cast<double>(count)) : 0.0; }
};

} // namespace moodscope
