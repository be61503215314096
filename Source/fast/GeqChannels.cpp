// SPDX-License-Identifier: GPL-3.0-or-later
#include "fast/GeqChannels.h"

#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

double GeqChannels::lowHz(int channel) noexcept
{
    return kChannels[static_cast<std::size_t>(channel)].first * kWledBinHz;
}

double GeqChannels::highHz(int channel) noexcept
{
    return channel + 1 < kNumChannels ? lowHz(channel + 1) : kChannels.back().last * kWledBinHz;
}

void GeqChannels::prepare(double sampleRate, int frameSize)
{
    for (int i = 0; i < kNumChannels; ++i)
        edgeBins_[static_cast<std::size_t>(i)] = Stft::edgeBin(lowHz(i), sampleRate, frameSize);
    edgeBins_.back() = Stft::edgeBin(highHz(kNumChannels - 1), sampleRate, frameSize);
    peakLastBin_ = Stft::edgeBin(kMaxPeakHz, sampleRate, frameSize) - 1;
    binHz_ = sampleRate / frameSize;
}

GeqChannels::Reading GeqChannels::process(const std::vector<float>& power) const noexcept
{
    Reading r;
    const int bins = static_cast<int>(power.size());
    auto p = [&](int k) { return static_cast<double>(power[static_cast<std::size_t>(k)]); };
    for (std::size_t c = 0; c < kNumChannels; ++c)
    {
        double sum = 0.0;
        for (int k = edgeBins_[c]; k < std::min(edgeBins_[c + 1], bins); ++k)
            sum += p(k);
        // The power sums to the mean square, so sqrt(2 * sum) is the amplitude of a sine that
        // carries the channel's power; WLED averages its bins, so it is shared among them.
        const auto& ch = kChannels[c];
        r.channels[c] = static_cast<float>(std::sqrt(2.0 * sum) * ch.gain / (ch.last - ch.first + 1));
    }

    // The strongest bin below WLED's limit, refined by a parabola through the log powers of
    // it and its neighbours (a Hann window's main lobe is close to a parabola in dB).
    const int last = std::min(peakLastBin_, bins - 2);
    if (last < 1)
        return r;
    int best = 1;
    for (int k = 2; k <= last; ++k)
        if (p(k) > p(best))
            best = k;
    if (p(best) <= 1e-14)
        return r;
    const double a = std::log(std::max(p(best - 1), 1e-30)), b = std::log(p(best)),
                 c = std::log(std::max(p(best + 1), 1e-30));
    const double denominator = a - 2.0 * b + c;
    const double offset = denominator < 0.0 ? std::clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0.0;
    r.majorPeakHz = static_cast<float>((best + offset) * binHz_);
    r.majorPeakAmplitude = static_cast<float>(std::sqrt(2.0 * (p(best - 1) + p(best) + p(best + 1))));
    return r;
}

} // namespace moodscope
