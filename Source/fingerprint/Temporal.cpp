// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/Temporal.h"

#include <algorithm>

namespace moodscope {

float silenceRatio(const float* frameMeanSquares, std::size_t n) noexcept
{
    if (n == 0)
        return 0.0f;
    const float loudest = *std::max_element(frameMeanSquares, frameMeanSquares + n);
    // thresholds on mean square: -60 dBFS RMS = 1e-6, 40 dB below the loudest = loudest * 1e-4
    const float threshold = std::max(1e-6f, loudest * 1e-4f);
    std::size_t silent = 0;
    for (std::size_t i = 0; i < n; ++i)
        silent += frameMeanSquares[i] < threshold ? 1 : 0;
    return static_cast<float>(silent) / static_cast<float>(n);
}

} // namespace moodscope
