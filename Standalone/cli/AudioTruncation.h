// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <juce_audio_formats/juce_audio_formats.h>

#include <string>

namespace moodscope {

// JUCE's WAV, AIFF and FLAC readers trust the header's length and pad audio missing from a
// cut-off file with silence, without a word: a 12 s WAV cut to 1000 bytes would analyze as
// 12 s of mostly silence. Uncompressed audio takes an exact number of bytes after the
// header, so a short file is detected before anything is decoded; a FLAC file must hold the
// frame with its last sample, intact. Returns "truncated: ..." for such a file, an empty
// string otherwise (and for other formats: a cut Ogg Vorbis file reads its real length, a cut
// MP3 fails to read). Used by `analyze` and `scan` alike; `fd` is the open file, left open.
std::string truncationError(const juce::AudioFormatReader& reader, int fd);

} // namespace moodscope
