// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <vector>

namespace moodscope {

// The per-hop results of the last `capacity` hops, so that the slow clock aggregates what
// the fast clock already computed instead of re-analyzing the window.
template <typename T> class FeatureHistory // analysis thread
{
  public:
    void prepare(std::size_t capacity)
    {
        items_.assign(capacity > 0 ? capacity : 1, T {});
        clear();
    }
    void clear() noexcept
    {
        next_ = 0;
        size_ = 0;
    }
    void push(const T& item) noexcept
    {
        items_[next_] = item;
        next_ = next_ + 1 == items_.size() ? 0 : next_ + 1;
        size_ = size_ < items_.size() ? size_ + 1 : size_;
    }
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return items_.size(); }

    // i = 0 is the oldest of the newest n items.
    const T& latest(std::size_t n, std::size_t i) const noexcept
    {
        const std::size_t start = (next_ + items_.size() - n) % items_.size();
        return items_[(start + i) % items_.size()];
    }

  private:
    std::vector<T> items_;
    std::size_t next_ = 0;
    std::size_t size_ = 0;
};

} // namespace moodscope
