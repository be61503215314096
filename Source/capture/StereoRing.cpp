// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/StereoRing.h"

#include <algorithm>

namespace moodscope {

namespace {
std::size_t nextPowerOfTwo(std::size_t n)
{
    std::size_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}
} // namespace

StereoRing::StereoRing(std::size_t minCapacityFrames)
    : capacity_(nextPowerOfTwo(std::max<std::size_t>(minCapacityFrames, 2))), mask_(capacity_ - 1),
      data_(capacity_ * 2, 0.0f)
{}

std::size_t StereoRing::write(const float* const* channels, int numChannels, std::size_t numFrames) noexcept
{
    if (numChannels <= 0 || channels == nullptr || numFrames == 0)
        return 0;

    const std::uint64_t w = writeIndex_.load(std::memory_order_relaxed);
    const std::uint64_t r = readIndex_.load(std::memory_order_acquire);
    const std::size_t freeFrames = capacity_ - static_cast<std::size_t>(w - r);
    const std::size_t n = std::min(numFrames, freeFrames);

    if (n < numFrames)
    {
        droppedFrames_.fetch_add(numFrames - n, std::memory_order_relaxed);
        overrunEvents_.fetch_add(1, std::memory_order_relaxed);
    }

    const float* left = channels[0];
    const float* right = numChannels > 1 ? channels[1] : channels[0];
    float* out = data_.data();
    std::size_t pos = static_cast<std::size_t>(w) & mask_;
    // Two straight runs instead of a mask per sample: the wrap happens at most once.
    const std::size_t firstRun = std::min(n, capacity_ - pos);
    for (std::size_t i = 0; i < firstRun; ++i)
    {
        out[2 * (pos + i)] = left[i];
        out[2 * (pos + i) + 1] = right[i];
    }
    for (std::size_t i = firstRun; i < n; ++i)
    {
        out[2 * (i - firstRun)] = left[i];
        out[2 * (i - firstRun) + 1] = right[i];
    }

    writeIndex_.store(w + n, std::memory_order_release);
    return n;
}

std::size_t StereoRing::read(float* left, float* right, std::size_t maxFrames) noexcept
{
    const std::uint64_t r = readIndex_.load(std::memory_order_relaxed);
    const std::uint64_t w = writeIndex_.load(std::memory_order_acquire);
    const std::size_t n = std::min(maxFrames, static_cast<std::size_t>(w - r));
    const float* in = data_.data();
    std::size_t pos = static_cast<std::size_t>(r) & mask_;
    for (std::size_t i = 0; i < n; ++i)
    {
        left[i] = in[2 * pos];
        right[i] = in[2 * pos + 1];
        pos = (pos + 1) & mask_;
    }
    readIndex_.store(r + n, std::memory_order_release);
    return n;
}

std::size_t StereoRing::available() const noexcept
{
    return static_cast<std::size_t>(writeIndex_.load(std::memory_order_acquire) -
                                    readIndex_.load(std::memory_order_relaxed));
}

} // namespace moodscope
