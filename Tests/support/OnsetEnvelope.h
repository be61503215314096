// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The engine's offline onset envelope for the rhythm tests, plus a click-track signal.
#include "dsp/OnsetEnvelope.h"

#include <cmath>
#include <cstddef>
#include <vector>

namespace moodscope::test {

using moodscope::OnsetEnvelope;
using moodscope::onsetEnvelope;

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
