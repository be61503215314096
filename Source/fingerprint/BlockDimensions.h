// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fingerprint/BlockStats.h"
#include "fingerprint/Variation.h"
#include "model/SlowSnapshot.h"

namespace moodscope {

// The dimensions made from sample-domain block sums, written the same way for the rolling
// window and the whole-file summary (three calls so the analyzer can time each group).
void setStereoDimensions(SlowSnapshot& s, const BlockStats& all) noexcept;
// lufs from the gated integrated loudness, crest from the mono sums
void setDynamicsDimensions(SlowSnapshot& s, const BlockStats& all, float integratedLufs) noexcept;
void setVariationDimensions(SlowSnapshot& s, const ChunkVariation& chunks, float loudnessVariationStd) noexcept;

} // namespace moodscope
