// SPDX-License-Identifier: GPL-3.0-or-later
#include "rhythm/Tempo.h"

#include "dsp/Onset.h"
#include "rhythm/OnsetCount.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
constexpr int kMaxTeeth = 8;
// A comb below this is no pulse at all (noise envelopes reach ~0.05 on an 8 s window).
constexpr float kMinComb = 0.1f;
// Events are matched to a grid position within this distance: the envelope peak of an onset
// spreads over a few hops, and played music is not quantized.
constexpr double kAccentWindowSeconds = 0.035;

// Independent partial sums keep the dot product free of a serial dependency chain (and let the
// compiler vectorize it without -ffast-math); this loop is nearly all of estimate()'s time.
float dot(const float* a, const float* b, std::size_t n) noexcept
{
    float acc[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            acc[j] += a[i + j] * b[i + j];
    float sum = 0.0f;
    for (; i < n; ++i)
        sum += a[i] * b[i];
    for (float v : acc)
        sum += v;
    return sum;
}
} // namespace

void TempoEstimator::prepare(std::size_t maxFrames, double hopSeconds)
{
    hop_ = hopSeconds > 0.0 ? hopSeconds : 0.0116;
    maxFrames_ = maxFrames;
    maxLag_ = std::min(maxFrames / 2, static_cast<std::size_t>(std::lround(kMaxLagSeconds / hop_)));
    accentWidth_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(kAccentWindowSeconds / hop_)));
    x_.assign(maxFrames, 0.0f);
    peaks_.assign(maxFrames, 0.0f);
    sorted_.assign(maxFrames, 0.0f);
    acf_.assign(maxLag_ + 2, 0.0f);
    // the prior on the search grid, once: an exp per grid point per estimate was 3 % of a
    // file analysis
    gridPrior_.resize(static_cast<std::size_t>(std::lround((kMaxBpm - kMinBpm) / kGridStep)) + 1);
    for (std::size_t i = 0; i < gridPrior_.size(); ++i)
        gridPrior_[i] = prior(gridBpm(i), kPriorOctaves);
}

float TempoEstimator::combAt(double bpm) const noexcept
{
    const double period = 60.0 / (bpm * hop_);
    const int teeth = std::min(kMaxTeeth, static_cast<int>(static_cast<double>(lag_) / period));
    if (teeth < 1)
        return 0.0f;
    double sum = 0.0;
    for (int k = 1; k <= teeth; ++k)
    {
        const double lag = k * period;
        const auto i = static_cast<std::size_t>(lag);
        const double frac = lag - static_cast<double>(i);
        sum += (1.0 - frac) * acf_[i] + frac * acf_[i + 1];
    }
    return static_cast<float>(sum / teeth);
}

double TempoEstimator::refine(double bpm, double span) const noexcept
{
    const double lo = std::max<double>(kMinBpm, bpm * (1.0 - span));
    const double hi = std::min<double>(kMaxBpm, bpm * (1.0 + span));
    double best = bpm;
    float bestComb = -2.0f;
    for (double b = lo; b <= hi + 1e-9; b += kGridStep)
    {
        const float c = combAt(b);
        if (c > bestComb)
        {
            bestComb = c;
            best = b;
        }
    }
    // parabolic vertex through the grid neighbours: the comb is smooth at this scale
    const double l = combAt(best - kGridStep), r = combAt(best + kGridStep);
    const double denom = l - 2.0 * bestComb + r;
    if (denom < 0.0)
        best += kGridStep * std::clamp(0.5 * (l - r) / denom, -0.5, 0.5);
    return best;
}

TempoEstimator::Accents TempoEstimator::accents(double bpm, std::size_t n) const noexcept
{
    // the grid of this level (period T) split into its two interleaved halves, each a grid of the
    // next slower level (period 2T)
    const double slow = 2.0 * 60.0 / (bpm * hop_);
    const double half = slow / 2.0;
    // phase is chosen per block: a slight tempo error or drift would walk a single grid off the
    // events of a long file
    const auto block = static_cast<std::size_t>(std::max(4.0 * slow, 8.0 / hop_));
    double on = 0.0, mid = 0.0;
    for (std::size_t start = 0; start + static_cast<std::size_t>(slow) < n; start += block)
    {
        const std::size_t end = std::min(n, start + block);
        // The phase is this level's, chosen on all its events; the stronger half is then "on".
        // Choosing the slower level's phase on its own pulses instead lets a few strong hits off
        // the groove (an intro's, a fill's) take the grid, whose off positions then miss the beats.
        double bestOn = 0.0, bestMid = 0.0;
        for (double phase = 0.0; phase < half; phase += 1.0)
        {
            double sumA = 0.0, sumB = 0.0;
            for (double t = static_cast<double>(start) + phase; t + half < static_cast<double>(end); t += slow)
            {
                sumA += peaks_[static_cast<std::size_t>(std::lround(t))];
                sumB += peaks_[std::min(end - 1, static_cast<std::size_t>(std::lround(t + half)))];
            }
            if (sumA + sumB > bestOn + bestMid)
            {
                bestOn = std::max(sumA, sumB);
                bestMid = std::min(sumA, sumB);
            }
        }
        on += bestOn;
        mid += bestMid;
    }
    return { on, mid };
}

float TempoEstimator::prior(double bpm, float octaves) noexcept
{
    const double x = std::log2(bpm / kPriorBpm) / octaves;
    return static_cast<float>(std::exp(-0.5 * x * x));
}

float TempoEstimator::support(double bpm, double span) const noexcept
{
    if (!acfValid_ || !(bpm >= kMinBpm && bpm <= kMaxBpm))
        return 0.0f;
    return std::clamp(combAt(refine(bpm, span)), 0.0f, 1.0f);
}

TempoResult TempoEstimator::estimate(const float* onsetEnvelope, std::size_t n) noexcept
{
    acfValid_ = clearOnsets_ = false;
    levels_.age();
    if (onsetEnvelope == nullptr || maxFrames_ == 0)
        return {};
    if (n > maxFrames_)
    {
        onsetEnvelope += n - maxFrames_;
        n = maxFrames_;
    }
    if (static_cast<double>(n) * hop_ < kMinSeconds)
        return {};

    double mean = 0.0;
    float peak = 0.0f;
    for (std::size_t i = 0; i < n; ++i)
    {
        const float v = onsetOrZero(onsetEnvelope[i]);
        sorted_[i] = v;
        mean += v;
        peak = std::max(peak, v);
    }
    mean /= static_cast<double>(n);
    if (peak <= 1e-9f)
        return {};
    // Periodicity alone is no beat: the residual flux of a drone or stationary noise has comb
    // peaks too. Without a few clear onsets per second there is no tempo to report; the
    // autocorrelation is still made, so support() can tell a tracker whether a tempo it holds
    // still shows in a passage too dense or too quiet for clear onsets.
    const double seconds = static_cast<double>(n) * hop_;
    const bool pulse = static_cast<double>(countOnsets(onsetEnvelope, n, hop_, kPulseSpread)) >=
                       std::max(kMinOnsets, kMinOnsetRate * seconds);

    for (std::size_t i = 0; i < n; ++i)
        x_[i] = sorted_[i] - static_cast<float>(mean);
    lag_ = std::min(maxLag_, n / 2);
    const float energy = dot(x_.data(), x_.data(), n) / static_cast<float>(n);
    if (!(energy > 0.0f) || lag_ < 2)
        return {};
    for (std::size_t l = 0; l <= lag_ + 1 && l < n; ++l)
        acf_[l] = dot(x_.data(), x_.data() + l, n - l) / (static_cast<float>(n - l) * energy);
    --lag_; // combAt interpolates up to lag_ + 1
    acfValid_ = true;
    clearOnsets_ = pulse;
    if (!pulse)
        return {};

    // family: strongest comb under the prior
    // Coarse to fine: a comb peak is several BPM wide (8 teeth), so every kCoarse-th grid point
    // finds it and the fine grid around the best one places it; a fifth of the comb evaluations.
    constexpr std::size_t kCoarse = 5;
    std::size_t best = 0;
    float bestScore = 0.0f;
    auto consider = [&](std::size_t i) {
        const float score = combAt(gridBpm(i)) * gridPrior_[i];
        if (score > bestScore)
        {
            bestScore = score;
            best = i;
        }
    };
    for (std::size_t i = 0; i < gridPrior_.size(); i += kCoarse)
        consider(i);
    const std::size_t coarseBest = best;
    for (std::size_t i = coarseBest > kCoarse ? coarseBest - kCoarse : 0;
         i <= std::min(coarseBest + kCoarse, gridPrior_.size() - 1); ++i)
        consider(i);
    const double bestBpm = bestScore > 0.0f ? gridBpm(best) : 0.0;
    if (bestBpm <= 0.0 || combAt(bestBpm) < kMinComb)
        return { 0.0f, std::clamp(combAt(bestBpm), 0.0f, 1.0f) };

    // accents: events above the envelope's median, each grid point taking the strongest event
    // near it
    std::nth_element(sorted_.begin(), sorted_.begin() + static_cast<std::ptrdiff_t>(n / 2),
                     sorted_.begin() + static_cast<std::ptrdiff_t>(n));
    const float median = sorted_[n / 2];
    for (std::size_t i = 0; i < n; ++i)
    {
        const std::size_t lo = i > accentWidth_ ? i - accentWidth_ : 0;
        const std::size_t hi = std::min(n - 1, i + accentWidth_);
        float m = 0.0f;
        for (std::size_t j = lo; j <= hi; ++j)
            m = std::max(m, x_[j] + static_cast<float>(mean) - median);
        peaks_[i] = m;
    }

    // octave: climb from the slowest level of the family while the next one is fully supported
    double level = bestBpm;
    while (level / 2.0 >= kMinBpm)
        level /= 2.0;
    level = refine(level, 0.03);
    while (level * 2.0 <= kMaxBpm + 0.5)
    {
        const double faster = refine(level * 2.0, 0.03);
        // the bar for "fully supported" follows where listeners tap: climbing towards 120 BPM
        // needs less evenness than climbing away from it
        const float bar = kAccentRatio * prior(level, kClimbOctaves) / prior(faster, kClimbOctaves);
        const Accents a = accents(faster, n);
        if (levels_.pool(faster, a.on, a.mid) < bar)
            break;
        level = faster;
    }
    const double bpm = std::clamp(refine(level, 0.01), static_cast<double>(kMinBpm), static_cast<double>(kMaxBpm));
    return { static_cast<float>(bpm), std::clamp(combAt(bpm), 0.0f, 1.0f) };
}

} // namespace moodscope
