// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The onset envelope exactly as the engine builds it: one Stft frame per hop (the latest
// frameSize samples, the missing past zero-padded), each fed to an OnsetDetector. Plus a
// click-track signal for the rhythm tests.
#include "dsp/Onset.h"
#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace moodscope::test {

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

inline OnsetEnvelope onsetEnvelope(const std::vector<float>& mono, double sampleRate, double hopSeconds = 0.0116,
                                   double frameSeconds = 0.0464)
{
    OnsetEnvelope e;
    e.sampleRate = sampleRate;
    e.hop = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(hopSeconds * sampleRate)));
    e.frameSize = Stft::frameSizeFor(sampleRate, frameSeconds);
    Stft stft;
    stft.prepare(e.frameSize);
    OnsetDetector detector;
    detector.prepare(sampleRate, e.frameSize, e.hopSeconds());

    const auto frameSize = static_cast<std::size_t>(e.frameSize);
    std::vector<float> frame(frameSize, 0.0f);
    for (std::size_t end = e.hop; end <= mono.size(); end += e.hop)
    {
        const std::size_t have = std::min(frameSize, end);
        std::fill(frame.begin(), frame.end() - static_cast<std::ptrdiff_t>(have), 0.0f);
        std::copy(mono.begin() + static_cast<std::ptrdiff_t>(end - have),
                  mono.begin() + static_cast<std::ptrdiff_t>(end), frame.end() - static_cast<std::ptrdiff_t>(have));
        e.strength.push_back(detector.process(stft.process(frame.data())));
    }
    return e;
}

// Single-sample clicks at a steady rate, the first at t = 0.
inline std::vector<float> clickTrack(double clicksPerSecond, double seconds, double sampleRate, double amplitude = 0.5)
{
    std::vector<float> out(static_cast<std::size_t>(std::lround(seconds * sampleRate)), 0.0f);
    for (double t = 0.0; t < seconds; t += 1.0 / clicksPerSecond)
    {
        const auto i = static_cast<std::size_t>(std::lround(t * sampleRate));
        if (i < out.size())
            out[i] = static_cast<float>(amplitude);
    }
    return out;
}

} // namespace moodscope::test
