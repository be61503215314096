// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace moodscope {

// Single-producer / single-consumer ring of stereo float frames.
// Producer: audio thread (write). Consumer: analysis thread (read).
// Storage is sized once in the constructor; neither side allocates, locks or blocks.
// When the consumer falls behind, the producer drops the frames that do not fit
// (the newest) and counts them; it is never slowed down.
class StereoRing // audio thread writes, analysis thread reads
{
  public:
    explicit StereoRing(std::size_t minCapacityFrames);

    // Audio thread. Mono input feeds both sides; more than two channels: the first two.
    // Returns the number of frames written (the rest were dropped and counted).
    std::size_t write(const float* const* channels, int numChannels, std::size_t numFrames) noexcept;

    // Analysis thread. De-interleaves up to maxFrames into left/right.
    std::size_t read(float* left, float* right, std::size_t maxFrames) noexcept;

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t available() const noexcept;

    std::uint64_t droppedFrames() const noexcept { return droppedFrames_.load(std::memory_order_relaxed); }
    std::uint64_t overrunEvents() const noexcept { return overrunEvents_.load(std::memory_order_relaxed); }

  private:
    std::size_t capacity_;
    std::size_t mask_;
    std::vector<float> data_; // interleaved L R

    alignas(64) std::atomic<std::uint64_t> writeIndex_ { 0 };
    alignas(64) std::atomic<std::uint64_t> readIndex_ { 0 };
    alignas(64) std::atomic<std::uint64_t> droppedFrames_ { 0 };
    std::atomic<std::uint64_t> overrunEvents_ { 0 };

    static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "the audio thread may only touch lock-free atomics");
};

} // namespace moodscope
