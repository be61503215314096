// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dsp/Onset.h"

#include <cstddef>
#include <vector>

namespace moodscope {

// The onset envelope of a whole signal exactly as the engine builds it hop by hop: one Stft
// frame per hop (the latest frameSize samples, the missing past zero-padded), each fed to an
// OnsetDetector. For offline evaluation, tests and benchmarks (allocates).
struct OnsetEnvelope
{
    std::vector<float> strength; // one value per hop
    std::size_t hop = 0;         // samples
    int frameSize = 0;
    double sampleRate = 0.0;
    double hopSeconds() const { return static_cast<double>(hop) / sampleRate; }
    // Envelope index i belongs to the frame that ends at sample (i + 1) * hop.
    double frameEndSeconds(double i) const { return (i + 1.0) * hopSeconds(); }
    // Where in the audio the onset that peaks at envelope index i happened.
    double onsetSeconds(double i) const { return frameEndSeconds(i) - OnsetDetector::kPeakDelaySeconds; }
};

OnsetEnvelope onsetEnvelope(const std::vector<float>& mono, double sampleRate, double hopSeconds = 0.0116,
                            double frameSeconds = 0.0464);

} // namespace moodscope
