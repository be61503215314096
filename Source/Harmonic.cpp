// SPDX-License-Identifier: GPL-3.0-or-later
#include "Harmonic.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
int oddAtLeastOne(double x)
{
    const int n = std::max(1, static_cast<int>(std::lround(x)));
    return n | 1;
}

// Sorted-array window helpers: kernels are short (≈17-19), so a linear scan and a shift
// beat any tree.
void sortedInsert(float* sorted, int count, float v) noexcept
{
    int i = count;
    while (i > 0 && sorted[i - 1] > v)
    {
        sorted[i] = sorted[i - 1];
        --i;
    }
    sorted[i] = v;
}

// Replaces one occurrence of `old` by `v` in a full sorted window: one pass that moves only
// the values between the two ranks (on smooth spectra, few).
void sortedReplace(float* sorted, int count, float old, float v) noexcept
{
    int i = 0;
    while (i < count - 1 && sorted[i] != old)
        ++i;
    while (i > 0 && sorted[i - 1] > v)
    {
        sorted[i] = sorted[i - 1];
        --i;
    }
    while (i < count - 1 && sorted[i + 1] < v)
    {
        sorted[i] = sorted[i + 1];
        ++i;
    }
    sorted[i] = v;
}

void sortedErase(float* sorted, int count, float v) noexcept
{
    int i = 0;
    while (i < count - 1 && sorted[i] != v)
        ++i;
    for (; i < count - 1; ++i)
        sorted[i] = sorted[i + 1];
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
    harmonicMedian_.assign(static_cast<std::size_t>(bins_), 0.0f);
    freqSorted_.assign(static_cast<std::size_t>(freqKernel_), 0.0f);
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
    const int half = timeKernel_ / 2;
    const int centreSlot = (next_ + timeKernel_ - half) % timeKernel_; // half a kernel before the newest
    for (int k = 0; k < bins_; ++k)
    {
        const float v = k < available ? power[static_cast<std::size_t>(k + 1)] : 0.0f;
        float* ring = history_.data() + static_cast<std::ptrdiff_t>(k) * timeKernel_;
        float* sorted = sorted_.data() + static_cast<std::ptrdiff_t>(k) * timeKernel_;
        if (filled_ == timeKernel_)
            sortedReplace(sorted, filled_, ring[next_], v);
        else
            sortedInsert(sorted, filled_, v);
        ring[next_] = v;
        harmonicMedian_[static_cast<std::size_t>(k)] = sorted[timeKernel_ / 2];
        centre_[static_cast<std::size_t>(k)] = ring[centreSlot];
    }
    next_ = (next_ + 1) % timeKernel_;
    if (filled_ < timeKernel_)
        ++filled_;
    if (filled_ < timeKernel_)
        return {};

    // percussive: median across frequency of the centre frame, sliding along the bins
    const int fh = freqKernel_ / 2;
    int count = 0;
    for (int k = 0; k <= std::min(fh, bins_ - 1); ++k)
        sortedInsert(freqSorted_.data(), count++, centre_[static_cast<std::size_t>(k)]);
    double harmonic = 0.0, percussive = 0.0;
    for (int k = 0; k < bins_; ++k)
    {
        if (k > 0)
        {
            const bool in = k + fh < bins_, out = k - fh - 1 >= 0;
            if (in && out)
                sortedReplace(freqSorted_.data(), count, centre_[static_cast<std::size_t>(k - fh - 1)],
                              centre_[static_cast<std::size_t>(k + fh)]);
            else if (in)
                sortedInsert(freqSorted_.data(), count++, centre_[static_cast<std::size_t>(k + fh)]);
            else if (out)
                sortedErase(freqSorted_.data(), count--, centre_[static_cast<std::size_t>(k - fh - 1)]);
        }
        const double p = freqSorted_[static_cast<std::size_t>(count / 2)];
        const double h = harmonicMedian_[static_cast<std::size_t>(k)];
        const double x = centre_[static_cast<std::size_t>(k)];
        const double sum = h + p;
        if (sum <= 0.0 || k < fh)
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
