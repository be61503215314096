// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoSignal.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <string>

namespace moodscope {

// Writes a stereo signal as 16-bit WAV, AIFF or FLAC, or Ogg Vorbis, by the file's
// extension (tests make every input format from one synthesized track this way).
// Returns an empty string on success, else what went wrong.
std::string writeAudioFile(const StereoSignal& signal, const juce::File& file);

} // namespace moodscope
