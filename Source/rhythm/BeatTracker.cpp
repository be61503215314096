// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/BeatTracker.h"

#include "dsp/Onset.h"
#include "util/RunningStats.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void BeatTracker::prepare(std::size_t maxFrames)
{
    maxFrames_ = maxFrames;
    local_.assign(maxFrames, 0.0f);
    cumulative_.assign(maxFrames, 0.0f);
    penalty_.assign(maxFrames + 1, 0.0f);
    backlink_.assign(maxFrames, -1);
}

std::size_t BeatTracker::track(const float* onsetEnvelope, std::size_t n, double hopSeconds, float bpm,
                               float* beatFramesOut, std::size_t maxBeats) noexcept
{
    if (onsetEnvelope == nullptr || beatFramesOut == nullptr || maxBeats == 0 || maxFrames_ == 0 ||
        !(hopSeconds > 0.0) || !(bpm > 0.0f) || !std::isfinite(bpm))
        return 0;
    std::size_t offset = 0;
    if (n > maxFrames_)
    {
        offset = n - maxFrames_;
        onsetEnvelope += offset;
        n = maxFrames_;
    }
    const double period = 60.0 / (static_cast<double>(bpm) * hopSeconds);
    if (period < 2.0 || static_cast<double>(n) < 2.0 * period)
        return 0;

    // local score: the envelope in units of its standard deviation, smoothed by a Gaussian of
    // period / 32 so that the DP sees one hump per onset
    double sum = 0.0, sumSquares = 0.0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const double v = onsetOrZero(onsetEnvelope[i]);
        sum += v;
        sumSquares += v * v;
    }
    const double mean = sum / static_cast<double>(n);
    const double variance = sumSquares / static_cast<double>(n) - mean * mean;
    if (!(variance > 1e-18))
        return 0;
    const double inverseStd = 1.0 / std::sqrt(variance);
    constexpr std::ptrdiff_t kMaxRadius = 24;
    const double sigma = std::clamp(period / 32.0, 0.5, kMaxRadius / 3.0);
    const auto radius = std::min(kMaxRadius, static_cast<std::ptrdiff_t>(std::ceil(3.0 * sigma)));
    float kernel[2 * kMaxRadius + 1];
    double kernelSum = 0.0;
    for (std::ptrdiff_t k = -radius; k <= radius; ++k)
        kernelSum += kernel[k + radius] =
            static_cast<float>(std::exp(-0.5 * static_cast<double>(k * k) / (sigma * sigma)));
    const auto sn = static_cast<std::ptrdiff_t>(n);
    const double gain = inverseStd / kernelSum;
    double localSquares = 0.0;
    for (std::ptrdiff_t i = 0; i < sn; ++i)
    {
        double acc = 0.0;
        for (std::ptrdiff_t k = std::max(-radius, -i); k <= radius && i + k < sn; ++k)
            acc += kernel[k + radius] * onsetOrZero(onsetEnvelope[i + k]);
        const double v = acc * gain;
        local_[static_cast<std::size_t>(i)] = static_cast<float>(v);
        localSquares += v * v;
    }

    // transition penalty by distance; predecessors are searched from period/2 to 2 periods back
    const auto minGap = static_cast<std::ptrdiff_t>(std::max(1.0, std::round(period / 2.0)));
    const auto maxGap = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(std::round(2.0 * period)), sn);
    for (std::ptrdiff_t d = minGap; d <= maxGap; ++d)
    {
        const double l = std::log(static_cast<double>(d) / period);
        penalty_[static_cast<std::size_t>(d)] = static_cast<float>(kTightness * l * l);
    }
    for (std::ptrdiff_t i = 0; i < sn; ++i)
    {
        float best = 0.0f;
        int link = -1;
        for (std::ptrdiff_t d = minGap; d <= maxGap && d <= i; ++d)
        {
            const float s = cumulative_[static_cast<std::size_t>(i - d)] - penalty_[static_cast<std::size_t>(d)];
            if (link < 0 || s > best)
            {
                best = s;
                link = static_cast<int>(i - d);
            }
        }
        // a chain that would only lose score is not worth continuing: start afresh here
        if (link >= 0 && best < 0.0f)
        {
            best = 0.0f;
            link = -1;
        }
        cumulative_[static_cast<std::size_t>(i)] = local_[static_cast<std::size_t>(i)] + best;
        backlink_[static_cast<std::size_t>(i)] = link;
    }

    // the last beat: best cumulative score within the final period
    const auto lastSpan = static_cast<std::ptrdiff_t>(std::ceil(period));
    std::ptrdiff_t last = sn - 1;
    for (std::ptrdiff_t i = std::max<std::ptrdiff_t>(0, sn - lastSpan); i < sn; ++i)
        if (cumulative_[static_cast<std::size_t>(i)] > cumulative_[static_cast<std::size_t>(last)])
            last = i;

    // backtrace, latest first, into the tail of the output; then move to the front
    std::size_t count = 0;
    for (std::ptrdiff_t i = last; i >= 0 && count < maxBeats; i = backlink_[static_cast<std::size_t>(i)])
        beatFramesOut[maxBeats - 1 - count++] = static_cast<float>(i);
    std::copy(beatFramesOut + (maxBeats - count), beatFramesOut + maxBeats, beatFramesOut);

    // beats placed where the music is not (before it starts, after it ends) carry no onset
    const float weak = static_cast<float>(0.5 * std::sqrt(localSquares / static_cast<double>(n)));
    std::size_t first = 0, end = count;
    while (first < end && local_[static_cast<std::size_t>(beatFramesOut[first])] < weak)
        ++first;
    while (end > first && local_[static_cast<std::size_t>(beatFramesOut[end - 1])] < weak)
        --end;
    count = end - first;
    std::copy(beatFramesOut + first, beatFramesOut + end, beatFramesOut);

    // refine to the raw envelope's peak near each beat
    const auto reach = static_cast<std::ptrdiff_t>(
        std::max(1.0, std::min(std::round(kRefineSeconds / hopSeconds), std::floor(period / 4.0))));
    for (std::size_t b = 0; b < count; ++b)
    {
        const auto centre = static_cast<std::ptrdiff_t>(beatFramesOut[b]);
        std::ptrdiff_t peak = centre;
        for (std::ptrdiff_t i = std::max<std::ptrdiff_t>(0, centre - reach); i <= std::min(sn - 1, centre + reach); ++i)
            if (onsetOrZero(onsetEnvelope[i]) > onsetOrZero(onsetEnvelope[peak]))
                peak = i;
        double position = static_cast<double>(peak);
        if (peak > 0 && peak < sn - 1)
        {
            const double l = onsetOrZero(onsetEnvelope[peak - 1]);
            const double c = onsetOrZero(onsetEnvelope[peak]);
            const double r = onsetOrZero(onsetEnvelope[peak + 1]);
            const double denom = l - 2.0 * c + r;
            if (denom < 0.0)
                position += std::clamp(0.5 * (l - r) / denom, -0.5, 0.5);
        }
        beatFramesOut[b] = static_cast<float>(position + static_cast<double>(offset));
    }
    return count;
}

float rhythmStability(const float* beatFrames, std::size_t count) noexcept
{
    if (beatFrames == nullptr || count < 3)
        return 0.0f;
    RunningStats intervals;
    for (std::size_t i = 1; i < count; ++i)
        intervals.add(static_cast<double>(beatFrames[i]) - static_cast<double>(beatFrames[i - 1]));
    const double mean = intervals.mean;
    if (!(mean > 0.0) || !std::isfinite(mean))
        return 0.0f;
    const double cv = intervals.std() / mean;
    return std::isfinite(cv) ? static_cast<float>(1.0 / (1.0 + cv)) : 0.0f;
}

} // namespace moodscope
