// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Harmonic.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
int oddAtLeastOne(double x)
{
    const int n = std::max(1, static_cast<int>(std::lround(x)));
    return n | 1;
}

// Median of 9 rows, column by column, into out: the 19-exchange median network of the
// default kernel (0.2 s of 23 ms frames) on locals, which the compiler vectorizes across bins.
void median9(const float* rows, std::size_t stride, std::size_t bins, float* out) noexcept
{
    auto sort2 = [](float& a, float& b) {
        const float lo = std::min(a, b);
        b = std::max(a, b);
        a = lo;
    };
    for (std::size_t k = 0; k < bins; ++k)
    {
        float p0 = rows[k], p1 = rows[stride + k], p2 = rows[2 * stride + k], p3 = rows[3 * stride + k],
              p4 = rows[4 * stride + k], p5 = rows[5 * stride + k], p6 = rows[6 * stride + k],
              p7 = rows[7 * stride + k], p8 = rows[8 * stride + k];
        sort2(p1, p2);
        sort2(p4, p5);
        sort2(p7, p8);
        sort2(p0, p1);
        sort2(p3, p4);
        sort2(p6, p7);
        sort2(p1, p2);
        sort2(p4, p5);
        sort2(p7, p8);
        sort2(p0, p3);
        sort2(p5, p8);
        sort2(p4, p7);
        sort2(p3, p6);
        sort2(p1, p4);
        sort2(p2, p5);
        sort2(p4, p7);
        sort2(p4, p2);
        sort2(p6, p4);
        sort2(p4, p2);
        out[k] = p4;
    }
}

} // namespace

void HpssAnalyzer::prepare(double sampleRate, int frameSize, double hopSeconds)
{
    const double binHz = sampleRate / frameSize;
    bins_ = std::max(1, std::min(frameSize / 2, static_cast<int>(std::floor(kMaxHz / binHz))));
    stride_ = std::max(1, static_cast<int>(std::ceil(kMinStepSeconds / hopSeconds - 1e-9)));
    timeKernel_ = oddAtLeastOne(kTimeKernelSeconds / (hopSeconds * stride_));
    freqKernel_ = oddAtLeastOne(kFreqKernelHz / binHz);
    const auto cells = static_cast<std::size_t>(bins_) * static_cast<std::size_t>(timeKernel_);
    history_.assign(cells, 0.0f);
    sorted_.assign(cells, 0.0f);
    centre_.assign(static_cast<std::size_t>(bins_), 0.0f);
    freqSorted_.assign(static_cast<std::size_t>(freqKernel_), 0.0f);
    percussiveMedian_.assign(static_cast<std::size_t>(bins_ + 1) / 2, 0.0f);
    evenCentre_.assign(static_cast<std::size_t>(bins_ + 1) / 2, 0.0f);
    reset();
}

void HpssAnalyzer::reset() noexcept
{
    filled_ = 0;
    next_ = 0;
    countdown_ = 0;
}

HpssEnergy HpssAnalyzer::process(const std::vector<float>& power) noexcept
{
    if (countdown_ > 0)
    {
        --countdown_;
        return {};
    }
    countdown_ = stride_ - 1;

    const int available = std::min(bins_, static_cast<int>(power.size()) - 1);
    const auto bins = static_cast<std::size_t>(bins_);
    float* newest = history_.data() + static_cast<std::size_t>(next_) * bins;
    for (int k = 0; k < bins_; ++k)
        newest[k] = k < available ? power[static_cast<std::size_t>(k + 1)] : 0.0f;
    const int centreSlot = (next_ + timeKernel_ - timeKernel_ / 2) % timeKernel_; // half a kernel before the newest
    next_ = (next_ + 1) % timeKernel_;
    if (filled_ < timeKernel_)
        ++filled_;
    if (filled_ < timeKernel_)
        return {};
    std::copy_n(history_.data() + static_cast<std::size_t>(centreSlot) * bins, bins, centre_.begin());

    // harmonic: median across time of every bin, by an odd-even transposition network run on
    // all bins at once (branch-free min/max that the compiler vectorizes; sliding sorted
    // windows cost a mispredicted branch per step)
    if (timeKernel_ == 9)
        median9(history_.data(), bins, bins, sorted_.data());
    else
    {
        std::copy(history_.begin(), history_.end(), sorted_.begin());
        for (int pass = 0; pass < timeKernel_; ++pass)
            for (int i = pass % 2; i + 1 < timeKernel_; i += 2)
            {
                float* lo = sorted_.data() + static_cast<std::size_t>(i) * bins;
                float* hi = lo + bins;
                for (std::size_t k = 0; k < bins; ++k)
                {
                    const float a = lo[k], b = hi[k];
                    lo[k] = std::min(a, b);
                    hi[k] = std::max(a, b);
                }
            }
    }
    const float* harmonicMedian =
        sorted_.data() + (timeKernel_ == 9 ? 0 : static_cast<std::size_t>(timeKernel_ / 2) * bins);

    // percussive: median across frequency of the centre frame, over the even bins only (half
    // the values of each 400 Hz kernel; a median of a broadband spectrum hardly notices),
    // read by each bin from its even neighbour
    const int fh = freqKernel_ / 2;
    const int gh = std::max(1, fh / 2);
    const int grid = (bins_ + 1) / 2;
    for (int j = 0; j < grid; ++j)
        evenCentre_[static_cast<std::size_t>(j)] = centre_[static_cast<std::size_t>(2 * j)];
    // median of the window around j, truncated at the edges
    auto windowMedian = [this, gh, grid](int j) {
        const int lo = std::max(0, j - gh), hi = std::min(grid - 1, j + gh);
        float* w = freqSorted_.data();
        const auto count = static_cast<std::ptrdiff_t>(hi - lo + 1);
        std::copy_n(evenCentre_.data() + lo, count, w);
        std::nth_element(w, w + count / 2, w + count);
        return w[count / 2];
    };
    int first = 0; // the loop below computes the positions from here on
    if (2 * gh + 1 == 9 && grid >= 9)
    {
        // full windows by the same vectorized network as the time median
        median9(evenCentre_.data(), 1, static_cast<std::size_t>(grid - 2 * gh), percussiveMedian_.data() + gh);
        first = grid - gh;
        for (int j = 0; j < gh; ++j)
            percussiveMedian_[static_cast<std::size_t>(j)] = windowMedian(j);
    }
    for (int j = first; j < grid; ++j)
        percussiveMedian_[static_cast<std::size_t>(j)] = windowMedian(j);

    double harmonic = 0.0, percussive = 0.0;
    for (int k = fh; k < bins_; ++k)
    {
        const double p = percussiveMedian_[static_cast<std::size_t>(k / 2)];
        const double h = harmonicMedian[k];
        const double x = centre_[static_cast<std::size_t>(k)];
        const double sum = h + p;
        if (sum <= 0.0)
            continue;
        // Wiener mask with p = 2 on magnitudes is h/(h+p) on power medians
        harmonic += x * (h / sum);
        percussive += x * (p / sum);
    }
    return { static_cast<float>(harmonic), static_cast<float>(percussive) };
}

float harmonicRatio(double harmonicEnergy, double percussiveEnergy) noexcept
{
    const double total = harmonicEnergy + percussiveEnergy;
    if (!(total > 1e-14))
        return 0.0f;
    return static_cast<float>(std::clamp(harmonicEnergy / total, 0.0, 1.0));
}

} // namespace moodscope
