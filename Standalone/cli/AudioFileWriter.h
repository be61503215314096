// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/DemoSignal.h"

#include <string>

namespace moodscope {

// Writes a stereo signal as 16-bit WAV, AIFF or FLAC, or Ogg Vorbis, chosen by `extension`
// (".wav", …) or, when that is empty, by the path's own (tests make every input format from
// one synthesized track this way). `path` is the name's bytes as given; an existing file is
// overwritten in place, so a device or FIFO is written to, never replaced. Every write is
// checked to the end (the header a writer finishes with included); a regular file that
// could not be written whole is removed. Returns an empty string on success, else the cause.
std::string writeAudioFile(const StereoSignal& signal, const std::string& path, const std::string& extension = {});

} // namespace moodscope
