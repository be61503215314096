// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dsp/SpectralFrame.h"

#include <array>

namespace moodscope {

// SPEC §4.1: each band's share of the window's spectral power (frames averaged). Shares sum
// to 1; a window with no power at all reads 0 everywhere (there is nothing to share).
std::array<float, SpectralFrame::kNumBands>
bandShares(const std::array<double, SpectralFrame::kNumBands>& bandSums) noexcept;

} // namespace moodscope
