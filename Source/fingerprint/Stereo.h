// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

struct StereoFeatures
{
    float width;       // E_side / (E_mid + E_side), 0..1
    float correlation; // Pearson r of L and R, -1..1
};

// Running sums behind the stereo dimensions (filled by BlockStats), so a window or a whole
// file needs no stored audio.
struct StereoSums
{
    double l = 0.0, r = 0.0, ll = 0.0, rr = 0.0, lr = 0.0;
    std::size_t n = 0;
    // SPEC §4.7. Silence reads as mono (width 0, correlation 1); a single silent channel has
    // no defined correlation and reads 0.
    StereoFeatures features() const noexcept;
};

} // namespace moodscope
