// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <cmath>

namespace moodscope {

constexpr float kFloorDb = -120.0f;

// Mean square -> dBFS, sine-referenced: a full-scale sine (mean square 0.5) reads 0 dB.
inline float meanSquareToDb(double meanSquare) noexcept
{
    const double v = 2.0 * meanSquare;
    return v > 1e-12 ? std::max(kFloorDb, static_cast<float>(10.0 * std::log10(v))) : kFloorDb;
}

inline float amplitudeToDb(double amplitude) noexcept
{
    return amplitude > 1e-6 ? std::max(kFloorDb, static_cast<float>(20.0 * std::log10(amplitude))) : kFloorDb;
}

// The light-friendly 0..1 scale: -60 dB and below is dark, 0 dB is full.
inline float dbTo01(float db) noexcept
{
    return std::clamp((db + 60.0f) / 60.0f, 0.0f, 1.0f);
}

} // namespace moodscope
