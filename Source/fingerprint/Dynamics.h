// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

// SPEC §4.2 crest_db: 20*log10(peak / RMS) of the mono signal, from its peak and mean
// square (blocks, chunks, windows, whole files); silence (below -120 dB) reads 0.
float crestDbFrom(float peak, double meanSquare) noexcept;

// SPEC §4.2 lufs as the fingerprint reports it: -70 .. +30. Float audio may exceed full
// scale (the rolling window clips at +60 dB); a fixed range is what consumers rely on.
float fingerprintLufs(float lufs) noexcept;

} // namespace moodscope

namespace moodscope {

// SPEC §4.2 bass_mid_ratio: 10*log10(E[60-250 Hz] / E[250-2000 Hz]) in dB, clamped to +-30;
// with no energy in either range it reads 0.
float bassMidRatioDb(double bassEnergy, double midEnergy) noexcept;

} // namespace moodscope
