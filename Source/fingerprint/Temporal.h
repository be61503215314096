// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

// SPEC §4.3 silence_ratio: fraction of 46 ms frames whose RMS is below -60 dBFS or 40 dB
// below the loudest frame of the window, whichever threshold is higher.
float silenceRatio(const float* frameMeanSquares, std::size_t n) noexcept;

} // namespace moodscope
