// SPDX-License-Identifier: GPL-3.0-or-later
#include "Mfcc.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

double hzToMel(double hz) noexcept
{
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}

double melToHz(double mel) noexcept
{
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

void MfccAnalyzer::prepare(double sampleRate, int frameSize)
{
    const double binHz = sampleRate / frameSize;
    const int nyquistBin = frameSize / 2;
    const double maxHz = std::min(kMaxHz, sampleRate / 2.0);
    // kNumMel + 2 points: filter m rises from point m to m + 1 and falls to m + 2
    std::array<double, kNumMel + 2> points {};
    const double lowMel = hzToMel(kMinHz), highMel = hzToMel(maxHz);
    for (std::size_t i = 0; i < points.size(); ++i)
        points[i] = melToHz(lowMel + (highMel - lowMel) * static_cast<double>(i) / (kNumMel + 1));
    for (int m = 0; m < kNumMel; ++m)
        norm_[static_cast<std::size_t>(m)] =
            static_cast<float>(2.0 / (points[static_cast<std::size_t>(m) + 2] - points[static_cast<std::size_t>(m)]));

    firstBin_ = std::max(1, static_cast<int>(std::ceil(kMinHz / binHz)));
    lastBin_ = std::min(nyquistBin, static_cast<int>(std::floor(maxHz / binHz)));
    slot_.assign(static_cast<std::size_t>(nyquistBin) + 1, 0);
    rise_.assign(static_cast<std::size_t>(nyquistBin) + 1, 0.0f);
    std::size_t p = 0;
    for (int k = firstBin_; k <= lastBin_; ++k)
    {
        const double hz = k * binHz;
        while (p + 2 < points.size() && hz >= points[p + 1])
            ++p;
        // hz lies in [points[p], points[p + 1]): rising slope of filter p, falling of filter p - 1
        const double rise = std::clamp((hz - points[p]) / (points[p + 1] - points[p]), 0.0, 1.0);
        slot_[static_cast<std::size_t>(k)] = static_cast<int>(p) + 1;
        rise_[static_cast<std::size_t>(k)] = static_cast<float>(rise);
    }

    // DCT-II, orthonormal
    constexpr double kPi = 3.141592653589793;
    for (int c = 0; c < kNumCoefficients; ++c)
        for (int m = 0; m < kNumMel; ++m)
        {
            const double scale = c == 0 ? std::sqrt(1.0 / kNumMel) : std::sqrt(2.0 / kNumMel);
            dct_[static_cast<std::size_t>(c * kNumMel + m)] =
                static_cast<float>(scale * std::cos(kPi * c * (m + 0.5) / kNumMel));
        }
}

std::array<float, MfccAnalyzer::kNumCoefficients> MfccAnalyzer::process(const std::vector<float>& power) noexcept
{
    // acc[m + 1] = filter m; acc[0] and acc[kNumMel + 1] take the slopes outside the filterbank
    std::array<float, kNumMel + 2> acc {};
    const int last = std::min(lastBin_, static_cast<int>(power.size()) - 1);
    for (int k = firstBin_; k <= last; ++k)
    {
        const auto i = static_cast<std::size_t>(k);
        const float p = power[i];
        const float up = rise_[i] * p;
        const auto s = static_cast<std::size_t>(slot_[i]);
        acc[s] += up;
        acc[s - 1] += p - up;
    }
    float top = kFloorDb;
    for (std::size_t m = 0; m < static_cast<std::size_t>(kNumMel); ++m)
    {
        const float e = acc[m + 1] * norm_[m];
        melDb_[m] = e > 1e-14f ? 10.0f * std::log10(e) : kFloorDb;
        top = std::max(top, melDb_[m]);
    }
    const float floor = std::max(kFloorDb, top - kTopDb);
    for (auto& v : melDb_)
        v = std::max(v, floor);

    std::array<float, kNumCoefficients> out {};
    for (std::size_t c = 0; c < out.size(); ++c)
    {
        float sum = 0.0f;
        for (std::size_t m = 0; m < static_cast<std::size_t>(kNumMel); ++m)
            sum += dct_[c * kNumMel + m] * melDb_[m];
        out[c] = sum;
    }
    return out;
}

} // namespace moodscope
