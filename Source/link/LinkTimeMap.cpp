// SPDX-License-Identifier: GPL-3.0-or-later
#include "link/LinkTimeMap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace moodscope {

void LinkTimeMap::reset() noexcept
{
    *this = LinkTimeMap {};
}

void LinkTimeMap::observe(double audioSeconds, std::int64_t arrivalMicros) noexcept
{
    if (!std::isfinite(audioSeconds))
        return;
    if (audioSeconds < lastAudio_) // the engine was prepared again: its clock restarted
        reset();
    lastAudio_ = audioSeconds;
    const double sample = static_cast<double>(arrivalMicros) - audioSeconds * 1e6;
    if (!valid_)
    {
        minima_.fill(std::numeric_limits<double>::infinity());
        bucketStart_ = arrivalMicros;
        bucket_ = 0;
        valid_ = true;
    }
    while (arrivalMicros - bucketStart_ >= 1000000)
    {
        bucket_ = (bucket_ + 1) % kSeconds;
        minima_[static_cast<std::size_t>(bucket_)] = std::numeric_limits<double>::infinity();
        bucketStart_ += 1000000;
        if (arrivalMicros - bucketStart_ >= kSeconds * 1000000LL) // a long pause: start afresh
        {
            bucketStart_ = arrivalMicros;
            minima_.fill(std::numeric_limits<double>::infinity());
        }
    }
    auto& m = minima_[static_cast<std::size_t>(bucket_)];
    m = std::min(m, sample);
    offset_ = *std::min_element(minima_.begin(), minima_.end());
}

std::int64_t LinkTimeMap::linkMicros(double audioSeconds) const noexcept
{
    return static_cast<std::int64_t>(std::llround(offset_ + audioSeconds * 1e6));
}

} // namespace moodscope
