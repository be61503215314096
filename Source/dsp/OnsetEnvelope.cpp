// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/OnsetEnvelope.h"

#include "dsp/Onset.h"
#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

OnsetEnvelope onsetEnvelope(const std::vector<float>& mono, double sampleRate, double hopSeconds, double frameSeconds)
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

} // namespace moodscope
