// SPDX-License-Identifier: GPL-3.0-or-later
#include "Variation.h"

#include "Dynamics.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
constexpr double kSilentMeanSquare = 1e-10; // -100 dBFS: no meaningful crest factor

double populationStd(double sum, double squares, std::size_t n)
{
    const double mean = sum / static_cast<double>(n);
    return std::sqrt(std::max(0.0, squares / static_cast<double>(n) - mean * mean));
}
} // namespace

void ChunkVariation::clear() noexcept
{
    *this = ChunkVariation {};
}

void ChunkVariation::addChunk(float peak, double meanSquare) noexcept
{
    ++chunks_;
    peakSum_ += peak;
    peakSquares_ += static_cast<double>(peak) * peak;
    if (meanSquare > kSilentMeanSquare && peak > 0.0f)
    {
        const double crest = crestDbFrom(peak, meanSquare);
        crestSum_ += crest;
        crestSquares_ += crest * crest;
        ++soundChunks_;
    }
}

void ChunkVariation::addChunks(const float* mono, std::size_t n, std::size_t chunkSize) noexcept
{
    if (chunkSize == 0)
        return;
    for (std::size_t end = n; end >= chunkSize; end -= chunkSize)
    {
        float peak = 0.0f;
        double squares = 0.0;
        for (std::size_t i = end - chunkSize; i < end; ++i)
        {
            peak = std::max(peak, std::fabs(mono[i]));
            squares += static_cast<double>(mono[i]) * mono[i];
        }
        addChunk(peak, squares / static_cast<double>(chunkSize));
    }
}

float ChunkVariation::dynamicRangeVariation() const noexcept
{
    if (soundChunks_ < 2)
        return 0.0f;
    const double x = populationStd(crestSum_, crestSquares_, soundChunks_);
    return static_cast<float>(x / (x + 6.0));
}

float ChunkVariation::peakConsistency() const noexcept
{
    if (chunks_ < 2)
        return 1.0f;
    const double mean = peakSum_ / static_cast<double>(chunks_);
    if (!(mean > 1e-9))
        return 1.0f;
    const double cv = populationStd(peakSum_, peakSquares_, chunks_) / mean;
    return static_cast<float>(1.0 / (1.0 + cv));
}

} // namespace moodscope
