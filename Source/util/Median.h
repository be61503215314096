// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

// Median of values[0..n) (reorders them). 0 for n = 0.
float medianInPlace(float* values, std::size_t n) noexcept;

} // namespace moodscope
