// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/Variation.h"

#include "fingerprint/Dynamics.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
constexpr double kSilentMeanSquare = 1e-10; // -100 dBFS: no meaningful crest factor
} // namespace

void ChunkVariation::clear() noexcept
{
    *this = ChunkVariation {};
}

void ChunkVariation::addChunk(float peak, double meanSquare) noexcept
{
    peaks_.add(peak);
    if (meanSquare > kSilentMeanSquare && peak > 0.0f)
        crests_.add(crestDbFrom(peak, meanSquare));
}

float ChunkVariation::dynamicRangeVariation() const noexcept
{
    if (crests_.count < 2)
        return 0.0f;
    const double x = crests_.std();
    return static_cast<float>(x / (x + 6.0));
}

float ChunkVariation::peakConsistency() const noexcept
{
    if (peaks_.count < 2 || !(peaks_.mean > 1e-9))
        return 1.0f;
    const double cv = peaks_.std() / peaks_.mean;
    return static_cast<float>(1.0 / (1.0 + cv));
}

} // namespace moodscope
