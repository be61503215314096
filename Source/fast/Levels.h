// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

struct LevelReading
{
    float rmsDb, peakDb, rms01, peak01;
};

// Level of one hop. RMS over both channels (so an out-of-phase signal is not silent),
// sine-referenced; peak = max |L|, |R|.
LevelReading measureLevel(const float* left, const float* right, std::size_t n) noexcept;

} // namespace moodscope
