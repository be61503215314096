// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The power spectrum of one engine-sized STFT frame (46 ms) from the middle of a signal, for the
// tests of the per-frame analyzers (chroma, MFCC, spectral contrast).
#include "dsp/Stft.h"

#include <vector>

namespace moodscope::test {

struct FramePower
{
    int frameSize = 0;
    std::vector<float> power; // frameSize / 2 + 1 bins
};

inline FramePower middleFramePower(const std::vector<float>& x, double sampleRate)
{
    FramePower f;
    f.frameSize = Stft::frameSizeFor(sampleRate, 0.0464);
    Stft stft;
    stft.prepare(f.frameSize);
    f.power = stft.process(x.data() + x.size() / 2);
    return f;
}

} // namespace moodscope::test
