// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/RollingWindow.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace moodscope {

void RollingWindow::prepare(std::size_t capacityFrames)
{
    capacity_ = std::max<std::size_t>(capacityFrames, 1);
    left_.assign(capacity_, 0.0f);
    right_.assign(capacity_, 0.0f);
    clear();
}

void RollingWindow::clear() noexcept
{
    write_ = 0;
    size_ = 0;
    std::fill(left_.begin(), left_.end(), 0.0f);
    std::fill(right_.begin(), right_.end(), 0.0f);
}

void RollingWindow::append(const float* left, const float* right, std::size_t n) noexcept
{
    size_ = std::min(capacity_, size_ + n);
    if (n > capacity_)
    {
        left += n - capacity_;
        right += n - capacity_;
        n = capacity_;
    }
    while (n > 0)
    {
        const std::size_t run = std::min(n, capacity_ - write_);
        float* l = left_.data() + write_;
        float* r = right_.data() + write_;
        for (std::size_t i = 0; i < run; ++i)
        {
            l[i] = sanitize(left[i]);
            r[i] = sanitize(right[i]);
        }
        left += run;
        right += run;
        n -= run;
        write_ = (write_ + run) % capacity_;
    }
}

void RollingWindow::copyLatest(std::size_t n, float* left, float* right) const noexcept
{
    n = std::min(n, size_);
    std::size_t start = (write_ + capacity_ - n) % capacity_;
    const std::size_t firstRun = std::min(n, capacity_ - start);
    std::copy_n(left_.begin() + static_cast<std::ptrdiff_t>(start), firstRun, left);
    std::copy_n(right_.begin() + static_cast<std::ptrdiff_t>(start), firstRun, right);
    std::copy_n(left_.begin(), n - firstRun, left + firstRun);
    std::copy_n(right_.begin(), n - firstRun, right + firstRun);
}

void RollingWindow::copyLatestMono(std::size_t n, float* mono) const noexcept
{
    n = std::min(n, size_);
    std::size_t pos = (write_ + capacity_ - n) % capacity_;
    while (n > 0) // in contiguous runs, so the downmix vectorizes
    {
        const std::size_t run = std::min(n, capacity_ - pos);
        const float* l = left_.data() + pos;
        const float* r = right_.data() + pos;
        for (std::size_t i = 0; i < run; ++i)
            mono[i] = 0.5f * (l[i] + r[i]);
        mono += run;
        n -= run;
        pos = 0;
    }
}

} // namespace moodscope
