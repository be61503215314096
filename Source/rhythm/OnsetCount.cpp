// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/OnsetCount.h"

#include "model/Dimensions.h"

#include "dsp/Onset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace moodscope {

namespace {
// Values above kTop share the last bin: they lie far above any median that matters here.
constexpr int kBins = 512;
constexpr float kTop = 1.0f;
constexpr float kBinWidth = kTop / static_cast<float>(kBins);

int binOf(float v) noexcept
{
    return std::min(kBins - 1, static_cast<int>(v / kBinWidth));
}

// The median of the histogrammed values, to a bin's width (linear within the bin).
float histogramMedian(const std::array<std::uint32_t, kBins>& h, std::size_t n) noexcept
{
    const double half = 0.5 * static_cast<double>(n);
    double below = 0.0;
    for (int b = 0; b < kBins; ++b)
    {
        const double count = h[static_cast<std::size_t>(b)];
        if (below + count >= half && count > 0.0)
            return kBinWidth * (static_cast<float>(b) + static_cast<float>((half - below) / count));
        below += count;
    }
    return kTop;
}
} // namespace

float onsetMinRise(const float* onsetEnvelope, std::size_t n, float spreadMultiple) noexcept
{
    if (onsetEnvelope == nullptr || n == 0)
        return kOnsetMinRise;
    std::array<std::uint32_t, kBins> h {};
    for (std::size_t i = 0; i < n; ++i)
        ++h[static_cast<std::size_t>(binOf(onsetOrZero(onsetEnvelope[i])))];
    const float median = histogramMedian(h, n);
    h.fill(0);
    for (std::size_t i = 0; i < n; ++i)
        ++h[static_cast<std::size_t>(binOf(std::fabs(onsetOrZero(onsetEnvelope[i]) - median)))];
    const float spread = 1.4826f * histogramMedian(h, n);
    return std::max(kOnsetMinRise, spreadMultiple * spread);
}

std::size_t onsetMeanReach(double hopSeconds) noexcept
{
    return static_cast<std::size_t>(std::max(1.0, std::round(kOnsetMeanSeconds / hopSeconds)));
}

std::size_t countOnsets(const float* onsetEnvelope, std::size_t n, double hopSeconds, float spread) noexcept
{
    if (onsetEnvelope == nullptr || n == 0 || !(hopSeconds > 0.0))
        return 0;
    float peak = 0.0f;
    for (std::size_t i = 0; i < n; ++i)
        peak = std::max(peak, onsetOrZero(onsetEnvelope[i]));
    if (!(peak > 1e-9f))
        return 0;
    const double rise = std::max(kOnsetDelta * peak, onsetMinRise(onsetEnvelope, n, spread));
    auto at = [&](std::ptrdiff_t i) { return onsetOrZero(onsetEnvelope[i]); };

    const auto sn = static_cast<std::ptrdiff_t>(n);
    const auto peakReach = static_cast<std::ptrdiff_t>(std::max(1.0, std::round(kOnsetPeakSeconds / hopSeconds)));
    const auto meanReach = static_cast<std::ptrdiff_t>(onsetMeanReach(hopSeconds));
    const auto minGap = static_cast<std::ptrdiff_t>(std::max(1.0, std::round(kOnsetMinGapSeconds / hopSeconds)));

    // running sum over [i - meanReach, i + meanReach], clipped to the window
    double windowSum = 0.0;
    for (std::ptrdiff_t i = 0; i <= std::min(meanReach, sn - 1); ++i)
        windowSum += at(i);
    std::size_t count = 0;
    std::ptrdiff_t lastOnset = -minGap - 1;
    for (std::ptrdiff_t i = 0; i < sn; ++i)
    {
        if (i > 0)
        {
            if (i + meanReach < sn)
                windowSum += at(i + meanReach);
            if (i - meanReach - 1 >= 0)
                windowSum -= at(i - meanReach - 1);
        }
        const float v = at(i);
        if (i - lastOnset < minGap)
            continue;
        const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, i - meanReach);
        const std::ptrdiff_t hi = std::min(sn - 1, i + meanReach);
        const double localMean = windowSum / static_cast<double>(hi - lo + 1);
        if (static_cast<double>(v) < localMean + rise)
            continue;
        bool isPeak = true;
        for (std::ptrdiff_t j = std::max<std::ptrdiff_t>(0, i - peakReach);
             j <= std::min(sn - 1, i + peakReach) && isPeak; ++j)
            isPeak = at(j) <= v;
        if (!isPeak)
            continue;
        ++count;
        lastOnset = i;
    }
    return count;
}

float transientDensity(const float* onsetEnvelope, std::size_t n, double hopSeconds) noexcept
{
    if (n == 0 || !(hopSeconds > 0.0))
        return 0.0f;
    const double perSecond =
        static_cast<double>(countOnsets(onsetEnvelope, n, hopSeconds)) / (static_cast<double>(n) * hopSeconds);
    const double scale = dimInfo(Dim::TransientDensity).physicalScale;
    return static_cast<float>(std::clamp(perSecond / scale, 0.0, 1.0));
}

} // namespace moodscope
