// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Mfcc.h"

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
    // filter m: triangle points[m] .. points[m + 1] .. points[m + 2], area-normalized (Slaney)
    const int firstBin = std::max(1, static_cast<int>(std::ceil(kMinHz / binHz)));
    const int lastBin = std::min(nyquistBin, static_cast<int>(std::floor(maxHz / binHz)));
    weights_.clear();
    for (std::size_t m = 0; m < static_cast<std::size_t>(kNumMel); ++m)
    {
        const double lo = points[m], centre = points[m + 1], hi = points[m + 2];
        const double norm = 2.0 / (hi - lo);
        const int begin = std::max(firstBin, static_cast<int>(std::ceil(lo / binHz)));
        const int end = std::min(lastBin, static_cast<int>(std::floor(hi / binHz)));
        rowBin_[m] = begin;
        rowAt_[m] = weights_.size();
        for (int k = begin; k <= end; ++k)
        {
            const double hz = k * binHz;
            const double w = hz < centre ? (hz - lo) / (centre - lo) : (hi - hz) / (hi - centre);
            weights_.push_back(static_cast<float>(norm * std::clamp(w, 0.0, 1.0)));
        }
        rowLength_[m] = static_cast<int>(weights_.size() - rowAt_[m]);
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
    const int bins = static_cast<int>(power.size());
    float top = kFloorDb;
    for (std::size_t m = 0; m < static_cast<std::size_t>(kNumMel); ++m)
    {
        const int length = std::max(0, std::min(rowLength_[m], bins - rowBin_[m]));
        const float* w = weights_.data() + rowAt_[m];
        const float* p = power.data() + rowBin_[m];
        // eight independent partial sums: strict float order would forbid vectorizing one sum
        float partial[8] = {};
        int i = 0;
        for (; i + 8 <= length; i += 8)
            for (int j = 0; j < 8; ++j)
                partial[j] += w[i + j] * p[i + j];
        for (; i < length; ++i)
            partial[0] += w[i] * p[i];
        const float e = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                        ((partial[4] + partial[5]) + (partial[6] + partial[7]));
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
