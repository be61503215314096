// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

// Median of values[0..n) (reorders them). 0 for n = 0.
float medianInPlace(float* values, std::size_t n) noexcept;

// SPEC §4.4 normalizations of the per-frame medians.
inline float normalizedCentroid(float medianHz) noexcept
{
    return medianHz / 8000.0f > 1.0f ? 1.0f : medianHz / 8000.0f;
}
inline float normalizedRolloff(float medianHz) noexcept
{
    return medianHz / 10000.0f > 1.0f ? 1.0f : medianHz / 10000.0f;
}

} // namespace moodscope
