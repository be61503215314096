// SPDX-License-Identifier: GPL-3.0-or-later
#include "fingerprint/BlockDimensions.h"

#include "fingerprint/Dynamics.h"
#include "fingerprint/Stereo.h"

namespace moodscope {

void setStereoDimensions(SlowSnapshot& s, const BlockStats& all) noexcept
{
    const StereoFeatures stereo = all.stereo.features();
    s.set(Dim::StereoWidth, stereo.width);
    s.set(Dim::PhaseCorrelation, stereo.correlation);
}

void setDynamicsDimensions(SlowSnapshot& s, const BlockStats& all, float integratedLufs) noexcept
{
    s.set(Dim::CrestDb, all.crestDb());
    s.set(Dim::Lufs, fingerprintLufs(integratedLufs));
}

void setVariationDimensions(SlowSnapshot& s, const ChunkVariation& chunks, float loudnessVariationStd) noexcept
{
    s.set(Dim::LoudnessVariationStd, loudnessVariationStd);
    s.set(Dim::DynamicRangeVariation, chunks.dynamicRangeVariation());
    s.set(Dim::PeakConsistency, chunks.peakConsistency());
}

} // namespace moodscope
