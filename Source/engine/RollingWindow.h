// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace moodscope {

// The last `capacity` stereo samples, sanitized on the way in (NaN/Inf -> 0, huge values
// clipped, denormals flushed) so that nothing downstream can produce NaN.
class RollingWindow // analysis thread
{
  public:
    void prepare(std::size_t capacityFrames);
    void clear() noexcept;

    void append(const float* left, const float* right, std::size_t n) noexcept;

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t size() const noexcept { return size_; }

    // Copies the newest n frames (n <= size()) oldest-first.
    void copyLatest(std::size_t n, float* left, float* right) const noexcept;
    // Mono (L+R)/2 of the newest n frames, oldest-first.
    void copyLatestMono(std::size_t n, float* mono) const noexcept;

    // Loud enough for any real (even badly clipped floating-point) mix, small enough that
    // squares summed over 30 s at 384 kHz stay far from float overflow.
    static constexpr float kMaxMagnitude = 1000.0f;

    static float sanitize(float x) noexcept
    {
        // selects instead of branches, so that append() vectorizes
        const float a = std::fabs(x);
        const float clipped = a < std::numeric_limits<float>::infinity() ? std::copysign(kMaxMagnitude, x) : 0.0f;
        const float big = a > kMaxMagnitude ? clipped : x;
        return (a >= 1e-30f && a <= kMaxMagnitude) ? x : (a > kMaxMagnitude ? big : 0.0f);
    }

  private:
    std::vector<float> left_, right_;
    std::size_t capacity_ = 0;
    std::size_t write_ = 0;
    std::size_t size_ = 0;
};

} // namespace moodscope
