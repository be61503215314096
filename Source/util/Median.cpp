// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/Median.h"

#include <algorithm>

namespace moodscope {

float medianInPlace(float* values, std::size_t n) noexcept
{
    if (n == 0)
        return 0.0f;
    const std::size_t mid = n / 2;
    std::nth_element(values, values + mid, values + n);
    const float upper = values[mid];
    if (n % 2 == 1)
        return upper;
    const float lower = *std::max_element(values, values + mid);
    return 0.5f * (lower + upper);
}

} // namespace moodscope
