// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/Stereo.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

StereoFeatures StereoSums::features() const noexcept
{
    const double sumL = l, sumR = r, sumLL = ll, sumRR = rr, sumLR = lr;
    StereoFeatures f { 0.0f, 1.0f };
    if (n == 0)
        return f;

    // mid = (L+R)/2, side = (L-R)/2: their energies follow from the same sums
    const double eMid = 0.25 * (sumLL + 2.0 * sumLR + sumRR);
    const double eSide = 0.25 * (sumLL - 2.0 * sumLR + sumRR);
    const double eTotal = eMid + eSide;
    constexpr double kSilent = 1e-12;
    if (eTotal <= kSilent * static_cast<double>(n))
        return f;
    f.width = static_cast<float>(std::clamp(eSide / eTotal, 0.0, 1.0));

    const double dn = static_cast<double>(n);
    const double varL = sumLL - sumL * sumL / dn;
    const double varR = sumRR - sumR * sumR / dn;
    const double cov = sumLR - sumL * sumR / dn;
    if (varL <= kSilent * dn || varR <= kSilent * dn)
    {
        f.correlation = (varL <= kSilent * dn && varR <= kSilent * dn) ? 1.0f : 0.0f;
        return f;
    }
    f.correlation = static_cast<float>(std::clamp(cov / std::sqrt(varL * varR), -1.0, 1.0));
    return f;
}

} // namespace moodscope
