// SPDX-License-Identifier: GPL-3.0-or-later
#include "fast/LightBands.h"

#include "util/Decibels.h"
#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void LightBands::prepare(double sampleRate, int frameSize, double hopSeconds, double attackSeconds, double decaySeconds)
{
    for (std::size_t i = 0; i < edgeBins_.size(); ++i)
        edgeBins_[i] = Stft::edgeBin(kEdgesHz[i], sampleRate, frameSize);
    attack_ = static_cast<float>(1.0 - std::exp(-hopSeconds / attackSeconds));
    decay_ = static_cast<float>(1.0 - std::exp(-hopSeconds / decaySeconds));
    reset();
}

void LightBands::reset() noexcept
{
    smoothed_.fill(0.0f);
    db_.fill(kFloorDb);
}

const std::array<float, LightBands::kNumBands>& LightBands::process(const std::vector<float>& power) noexcept
{
    const int bins = static_cast<int>(power.size());
    for (std::size_t b = 0; b < kNumBands; ++b)
    {
        double sum = 0.0;
        for (int k = edgeBins_[b]; k < std::min(edgeBins_[b + 1], bins); ++k)
            sum += power[static_cast<std::size_t>(k)];
        db_[b] = meanSquareToDb(sum);
        const float target = dbTo01(db_[b]);
        const float coeff = target > smoothed_[b] ? attack_ : decay_;
        smoothed_[b] += coeff * (target - smoothed_[b]);
    }
    return smoothed_;
}

} // namespace moodscope
