// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace moodscope {

struct StereoSignal
{
    std::vector<float> left, right;
    double sampleRate = 44100.0;
};

// Equal-tempered pitch of a MIDI note (A4 = 69 = 440 Hz); shared by the synthesized signals.
double midiToHz(double note) noexcept;

// The built-in demo track: a 120 BPM kick/snare/hat loop over an Am/Dm/E/Am pad with a
// bass line, slightly wide stereo. Deterministic, so the demo prints the same every run.
StereoSignal makeDemoSignal(double seconds, double sampleRate);

} // namespace moodscope
