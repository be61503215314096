// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <juce_core/juce_core.h>

#include <string>

namespace moodscope {

// Where the chunks of a RIFF / RF64 WAVE or an AIFF / AIFC file stop fitting into the bytes it
// holds. JUCE's readers allocate and parse each metadata chunk at the size the chunk declares,
// before any later check can run: a 16 KB WAV whose "smpl" chunk claims 2 GB costs seconds of
// zeroing and millions of loop records. A chunk ahead of the audio that claims more than the file
// holds leaves no audio to find (a reader skips past the end of the file): `error` names it. One
// after the audio (a cut-off trailing LIST, say) holds nothing the analysis needs: `usable` ends
// before it, and the reader is given only that much of the file.
struct ChunkScan
{
    juce::int64 usable = 0; // bytes a reader may see: the whole file unless a trailing chunk overflows
    std::string error;      // non-empty: the file is damaged ahead of its audio
};

// Reads only chunk headers and leaves the stream at position 0. It walks the chunks as JUCE's
// readers do: an RF64 / BW64 audio chunk marked 0xffffffff has the size its ds64 chunk gives, the
// chunk after audio of size 0 starts right after its header, and past the last header it reads
// (4096 of them at most) a reader sees nothing more.
ChunkScan scanChunks(juce::InputStream& in);

} // namespace moodscope
