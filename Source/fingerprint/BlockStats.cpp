// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/BlockStats.h"

#include "fingerprint/Dynamics.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void BlockStats::add(const float* left, const float* right, std::size_t n) noexcept
{
    // one pass over the samples for every sum
    double l = 0.0, r = 0.0, ll = 0.0, rr = 0.0, lr = 0.0, squares = 0.0;
    float peak = monoPeak;
    for (std::size_t i = 0; i < n; ++i)
    {
        const double a = left[i], b = right[i];
        l += a;
        r += b;
        ll += a * a;
        rr += b * b;
        lr += a * b;
        const float m = 0.5f * (left[i] + right[i]);
        squares += static_cast<double>(m) * m;
        peak = std::max(peak, std::fabs(m));
    }
    stereo.l += l;
    stereo.r += r;
    stereo.ll += ll;
    stereo.rr += rr;
    stereo.lr += lr;
    stereo.n += n;
    monoSquares += squares;
    monoPeak = peak;
}

void BlockStats::merge(const BlockStats& other) noexcept
{
    stereo.l += other.stereo.l;
    stereo.r += other.stereo.r;
    stereo.ll += other.stereo.ll;
    stereo.rr += other.stereo.rr;
    stereo.lr += other.stereo.lr;
    stereo.n += other.stereo.n;
    monoSquares += other.monoSquares;
    monoPeak = std::max(monoPeak, other.monoPeak);
}

double BlockStats::monoMeanSquare() const noexcept
{
    return stereo.n > 0 ? monoSquares / static_cast<double>(stereo.n) : 0.0;
}

float BlockStats::crestDb() const noexcept
{
    return stereo.n > 0 ? crestDbFrom(monoPeak, monoMeanSquare()) : 0.0f;
}

void BlockHistory::prepare(std::size_t capacity)
{
    ring_.assign(std::max<std::size_t>(1, capacity), BlockStats {});
    clear();
}

void BlockHistory::clear() noexcept
{
    next_ = 0;
    size_ = 0;
}

void BlockHistory::push(const BlockStats& block) noexcept
{
    ring_[next_] = block;
    next_ = (next_ + 1) % ring_.size();
    size_ = std::min(size_ + 1, ring_.size());
}

const BlockStats& BlockHistory::latest(std::size_t n, std::size_t i) const noexcept
{
    const std::size_t cap = ring_.size();
    return ring_[(next_ + cap - n + i) % cap];
}

} // namespace moodscope
