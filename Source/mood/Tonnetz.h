// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dsp/Chroma.h"

#include <array>

namespace moodscope {

// SPEC §5.1 tonal centroid (Harte, Sandler & Gasser 2006), as librosa's tonnetz: the L1-normalized
// chroma projected onto three circles, pitch class l at angle l·7π/6 on the circle of fifths
// (radius 1), l·3π/2 on the minor-third circle (radius 1) and l·2π/3 on the major-third circle
// (radius 0.5). Order: fifth sin, fifth cos, minor-third sin, minor-third cos, major-third sin,
// major-third cos. The projection is linear, so the tonnetz of a mean chroma is the mean of the
// frames' tonnetz. A chroma without energy maps to the origin.
using Tonnetz = std::array<float, 6>;
Tonnetz tonnetz(const Chroma& chroma) noexcept;

} // namespace moodscope
