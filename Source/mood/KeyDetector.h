// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dsp/Chroma.h"

namespace moodscope {

struct KeyEstimate
{
    int key = -1; // tonic pitch class 0..11 (C = 0); -1 = no tonal content
    bool minor = false;
    float strength = 0.0f; // Pearson correlation with the best key's profile, -1..1
};

// SPEC §5.1 key and mode (Krumhansl & Kessler 1982 probe-tone profiles, as in Krumhansl's
// key-finding algorithm): the Pearson correlation of a mean chroma with the major and minor
// profiles in all 12 rotations; the best of the 24 is the key, its correlation the key strength.
// A chroma without variation across pitch classes (all zero, or flat within kMinSpread)
// has no key.
class KeyDetector
{
  public:
    static constexpr float kMinSpread = 1e-4f; // std of the chroma values (of sum 1) below which no key is named

    static KeyEstimate detect(const Chroma& chroma) noexcept;
    // correlation of chroma with the profile of one key (tests, diagnostics)
    static float correlation(const Chroma& chroma, int tonic, bool minor) noexcept;
};

} // namespace moodscope
