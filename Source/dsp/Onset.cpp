// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Onset.h"

#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
// Below this (about -120 dBFS per band) everything is treated as silence, which also keeps
// denormals and the log away from zero.
constexpr double kAbsoluteFloor = 1e-12;
// The reference falls 1.5 dB per second after the loudest moment, so a quiet passage after a
// loud one regains its onsets within a few seconds without letting single hits pump the scale.
constexpr double kReleaseDbPerSecond = 1.5;
} // namespace

void OnsetDetector::prepare(double sampleRate, int frameSize, double hopSeconds)
{
    bandStart_.clear();
    bandEnd_.clear();
    numBins_ = static_cast<std::size_t>(frameSize / 2 + 1);
    const double high = std::min(kHighHz, sampleRate / 2.0);
    const double octaves = std::log2(high / kLowHz);
    const int nominal = std::max(1, static_cast<int>(std::ceil(octaves * kBandsPerOctave)));
    int lastEnd = Stft::edgeBin(kLowHz, sampleRate, frameSize);
    for (int b = 1; b <= nominal; ++b)
    {
        const double edge = kLowHz * std::pow(2.0, octaves * b / nominal);
        const int end = std::min(Stft::edgeBin(edge, sampleRate, frameSize), static_cast<int>(numBins_));
        // the lowest bands can be narrower than a bin: they join the next band instead
        if (end <= lastEnd)
            continue;
        bandStart_.push_back(lastEnd);
        bandEnd_.push_back(end);
        lastEnd = end;
    }
    previous_.assign(bandStart_.size(), 0.0f);
    const double hop = hopSeconds > 0.0 ? hopSeconds : 0.0116;
    release_ = std::pow(10.0, -kReleaseDbPerSecond * hop / 10.0);
    reset();
}

void OnsetDetector::reset() noexcept
{
    std::fill(previous_.begin(), previous_.end(), 0.0f);
    ref_ = 0.0;
    havePrevious_ = false;
}

float OnsetDetector::process(const std::vector<float>& power) noexcept
{
    if (power.size() < numBins_ || bandStart_.empty())
        return 0.0f;

    // band powers go into a stack buffer first: the reference must include this frame before
    // either frame is compressed, or an onset would be measured against a stale scale
    constexpr std::size_t kMaxBands = 64;
    float bands[kMaxBands];
    const std::size_t nb = std::min(bandStart_.size(), kMaxBands);
    double loudest = 0.0;
    for (std::size_t b = 0; b < nb; ++b)
    {
        double sum = 0.0;
        for (int k = bandStart_[b]; k < bandEnd_[b]; ++k)
        {
            const float p = power[static_cast<std::size_t>(k)];
            if (std::isfinite(p) && p > 0.0f)
                sum += p;
        }
        bands[b] = static_cast<float>(sum);
        loudest = std::max(loudest, sum);
    }
    ref_ = std::max({ ref_ * release_, loudest, kAbsoluteFloor });

    double flux = 0.0;
    if (havePrevious_)
    {
        const double scale = 1.0 / ref_;
        for (std::size_t b = 0; b < nb; ++b)
        {
            if (bands[b] <= previous_[b])
                continue;
            const double now = std::log1p(kGamma * std::sqrt(bands[b] * scale));
            const double before = std::log1p(kGamma * std::sqrt(previous_[b] * scale));
            flux += now - before;
        }
        flux /= static_cast<double>(nb);
    }
    std::copy(bands, bands + nb, previous_.begin());
    havePrevious_ = true;
    return std::isfinite(flux) ? static_cast<float>(flux) : 0.0f;
}

} // namespace moodscope
