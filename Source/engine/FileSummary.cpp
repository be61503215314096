// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/FileSummary.h"

#include "fingerprint/BlockDimensions.h"
#include "dsp/Loudness.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void FileSummary::prepare(double expectedSeconds, double hopSeconds)
{
    *this = FileSummary {};
    hopSeconds_ = hopSeconds;
    if (std::isfinite(expectedSeconds) && expectedSeconds > 0.0)
    {
        const auto hops = static_cast<std::size_t>(std::min(expectedSeconds, 24.0 * 3600.0) / hopSeconds) + 2;
        hops_.reserve(hops);
        full_.reserve(hops / 2 + 2); // the Analyzer's feature stride is 2
    }
}

void FileSummary::addBlock(const BlockStats& block) noexcept
{
    chunk_.merge(block);
}

void FileSummary::endChunk(float chunkLufs) noexcept
{
    if (chunk_.samples() == 0)
        return;
    chunks_.addChunk(chunk_.monoPeak, chunk_.monoMeanSquare());
    whole_.merge(chunk_);
    chunk_ = {};
    if (chunkLufs > LoudnessMeter::kFloorLufs)
        chunkLufs_.add(chunkLufs);
}

void FileSummary::addFrame(const SpectralFrame& frame)
{
    Hop h;
    h.onset = frame.onset;
    h.frameMeanSquare = frame.frameMeanSquare;
    if (frame.full)
    {
        full_.push_back(frame);
        h.full = static_cast<std::uint32_t>(full_.size());
    }
    hops_.push_back(h);
}

SlowSnapshot FileSummary::finish(float integratedLufs, double seconds, const BlockStats& partial)
{
    SlowSnapshot s;
    s.time = seconds;
    s.windowSeconds = seconds;
    s.windowFill = 1.0f;
    s.warmingUp = false;

    aggregator_.prepare(hops_.size(), hopSeconds_);
    // A hop kept as its two values is exactly what the Analyzer made of it: a default frame
    // with only those set.
    SpectralFrame slim;
    slim.full = false;
    aggregator_.gather(
        [&](std::size_t i) -> const SpectralFrame& {
            const Hop& h = hops_[i];
            if (h.full != 0)
                return full_[h.full - 1];
            slim.onset = h.onset;
            slim.frameMeanSquare = h.frameMeanSquare;
            return slim;
        },
        hops_.size());
    aggregator_.compute(s);

    BlockStats all = whole_;
    all.merge(chunk_);
    all.merge(partial);
    setStereoDimensions(s, all);
    setDynamicsDimensions(s, all, integratedLufs);
    setVariationDimensions(s, chunks_, loudnessVariationStd(chunkLufs_));
    return s;
}

} // namespace moodscope
