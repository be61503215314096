// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/Frequency.h"

namespace moodscope {

std::array<float, SpectralFrame::kNumBands>
bandShares(const std::array<double, SpectralFrame::kNumBands>& bandSums) noexcept
{
    double total = 0.0;
    for (double s : bandSums)
        total += s;
    std::array<float, SpectralFrame::kNumBands> shares {};
    if (total <= 1e-14)
        return shares;
    for (std::size_t b = 0; b < shares.size(); ++b)
        shares[b] = static_cast<float>(bandSums[b] / total);
    return shares;
}

} // namespace moodscope
