// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoSignal.h"

#include <cstdint>

namespace moodscope {

// A family of demo tracks, one per seed: tempo (70-170 BPM), key, major or minor
// progression, pad timbre, drum pattern, stereo width and level all vary with the seed, so
// a folder of them looks like a small library of different music. Deterministic per seed.
StereoSignal makeSeededDemoSignal(double seconds, double sampleRate, std::uint32_t seed);

} // namespace moodscope
