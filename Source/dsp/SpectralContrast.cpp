// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/SpectralContrast.h"

#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
// Drops sorted[0] and inserts v keeping `sorted` ordered by `before` (v belongs after [0]).
template <typename Before> void shiftIn(float* sorted, int count, float v, Before before) noexcept
{
    int i = 0;
    while (i + 1 < count && before(sorted[i + 1], v))
    {
        sorted[i] = sorted[i + 1];
        ++i;
    }
    sorted[i] = v;
}
} // namespace

void SpectralContrastAnalyzer::prepare(double sampleRate, int frameSize)
{
    const int nyquistBin = frameSize / 2;
    const double top = std::min(kTopHz, sampleRate / 2.0);
    edges_[0] = 1; // DC carries no spectral shape
    for (int b = 1; b < kNumBands; ++b)
        edges_[static_cast<std::size_t>(b)] =
            std::max(edges_[static_cast<std::size_t>(b) - 1] + 1,
                     Stft::edgeBin(std::min(kLowHz * std::pow(2.0, b - 1), top), sampleRate, frameSize));
    const int topBin = top >= sampleRate / 2.0 ? nyquistBin + 1 : Stft::edgeBin(top, sampleRate, frameSize);
    edges_[kNumBands] = std::max(edges_[kNumBands - 1] + 1, topBin);
    std::size_t widest = 1;
    for (std::size_t b = 0; b < static_cast<std::size_t>(kNumBands); ++b)
    {
        const int width = edges_[b + 1] - edges_[b];
        quantile_[b] = std::max(1, static_cast<int>(std::lround(kQuantile * width)));
        widest = std::max(widest, static_cast<std::size_t>(width));
    }
    scratch_.assign(widest, 0.0f);
}

std::array<float, SpectralContrastAnalyzer::kNumBands>
SpectralContrastAnalyzer::process(const std::vector<float>& power, float totalPower) noexcept
{
    std::array<float, kNumBands> out {};
    const int bins = static_cast<int>(power.size());
    const double floor = static_cast<double>(std::max(totalPower, 0.0f)) * std::pow(10.0, kFloorDb / 10.0) + 1e-30;
    for (std::size_t b = 0; b < static_cast<std::size_t>(kNumBands); ++b)
    {
        const int lo = std::min(edges_[b], bins), hi = std::min(edges_[b + 1], bins);
        const int width = hi - lo;
        if (width <= 0)
            continue;
        const int q = std::min(quantile_[b], width);
        const float* band = power.data() + lo;
        double peak = 0.0, valley = 0.0;
        if (q == 1)
        {
            const auto [mn, mx] = std::minmax_element(band, band + width);
            peak = *mx;
            valley = *mn;
        }
        else if (q <= kMaxTracked)
        {
            // One pass keeping the q largest and q smallest in small sorted arrays: after the
            // first bins almost every value fails both threshold tests, a predictable branch
            // (selection by nth_element cost 8 µs per frame, the most of any frame feature).
            std::array<float, kMaxTracked> top {}, bottom {}; // top ascending, bottom descending
            std::copy(band, band + q, top.begin());
            std::sort(top.begin(), top.begin() + q);
            std::reverse_copy(top.begin(), top.begin() + q, bottom.begin());
            for (int i = q; i < width; ++i)
            {
                const float v = band[i];
                if (v > top[0])
                    shiftIn(top.data(), q, v, [](float a, float x) { return a < x; });
                if (v < bottom[0])
                    shiftIn(bottom.data(), q, v, [](float a, float x) { return a > x; });
            }
            for (int i = 0; i < q; ++i)
            {
                peak += top[static_cast<std::size_t>(i)];
                valley += bottom[static_cast<std::size_t>(i)];
            }
            peak /= q;
            valley /= q;
        }
        else
        {
            float* s = scratch_.data();
            std::copy(band, band + width, s);
            std::nth_element(s, s + q - 1, s + width);
            for (int i = 0; i < q; ++i)
                valley += s[i];
            std::nth_element(s + q, s + width - q, s + width);
            for (int i = width - q; i < width; ++i)
                peak += s[i];
            peak /= q;
            valley /= q;
        }
        out[b] = static_cast<float>(10.0 * std::log10((peak + floor) / (valley + floor)));
    }
    return out;
}

} // namespace moodscope
