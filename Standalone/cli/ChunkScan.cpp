// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChunkScan.h"

#include <algorithm>
#include <cstring>

namespace moodscope {

namespace {
// every chunk header is at least 8 bytes on, so this bounds the scan of a file of many empty chunks
constexpr int kMaxChunks = 4096;

std::string printableId(const unsigned char* id)
{
    std::string s;
    for (int i = 0; i < 4; ++i)
        s += id[i] >= 0x20 && id[i] < 0x7f ? static_cast<char>(id[i]) : '?';
    return s;
}
} // namespace

ChunkScan scanChunks(juce::InputStream& in)
{
    ChunkScan scan;
    const juce::int64 total = in.getTotalLength();
    scan.usable = total;
    unsigned char head[12] = {};
    if (total < 12 || !in.setPosition(0) || in.read(head, 12) != 12)
    {
        in.setPosition(0);
        return scan;
    }
    const bool riff =
        (std::memcmp(head, "RIFF", 4) == 0 || std::memcmp(head, "RF64", 4) == 0 || std::memcmp(head, "BW64", 4) == 0) &&
        std::memcmp(head + 8, "WAVE", 4) == 0;
    const bool aiff = std::memcmp(head, "FORM", 4) == 0 &&
                      (std::memcmp(head + 8, "AIFF", 4) == 0 || std::memcmp(head + 8, "AIFC", 4) == 0);
    if (riff || aiff)
    {
        const char* audioId = riff ? "data" : "SSND";
        bool audioSeen = false;
        juce::int64 pos = 12, ds64Data = -1;
        int n = 0;
        for (; n < kMaxChunks && pos + 8 <= total; ++n)
        {
            unsigned char h[8] = {};
            if (!in.setPosition(pos) || in.read(h, 8) != 8)
                break;
            auto size = static_cast<juce::int64>(riff ? juce::ByteOrder::littleEndianInt(h + 4)
                                                      : juce::ByteOrder::bigEndianInt(h + 4));
            if (riff && std::memcmp(h, "ds64", 4) == 0 && size >= 16)
            {
                // RF64 / BW64: the audio's 64-bit size, which its data chunk marks with 0xffffffff
                unsigned char d[16] = {};
                if (in.read(d, 16) == 16)
                    ds64Data = static_cast<juce::int64>(juce::ByteOrder::littleEndianInt64(d + 8));
            }
            const bool audio = std::memcmp(h, audioId, 4) == 0;
            if (audio && size == 0xffffffffLL && ds64Data >= 0)
                size = ds64Data;
            const bool fits = pos + 8 + size <= total;
            if (audio)
            {
                // The audio's own length is checked once a reader exists (a cut-off file is
                // truncated, not damaged), and past audio that overflows the file there is nothing
                // to read. A reader takes the chunk after audio of size 0 to start right after its
                // header, so the scan goes on from there as well.
                audioSeen = true;
                if (!fits)
                    break;
            }
            else if (!fits)
            {
                if (audioSeen)
                    scan.usable = pos;
                else
                    scan.error = "damaged: the '" + printableId(h) + "' chunk at byte " + std::to_string(pos) +
                                 " claims " + std::to_string(size) + " bytes; the file holds " + std::to_string(total);
                break;
            }
            pos += 8 + size + (size & 1);
        }
        // a reader would go on through chunks the scan has not seen: it sees no further
        if (n == kMaxChunks)
            scan.usable = std::min(scan.usable, pos);
    }
    in.setPosition(0);
    return scan;
}

} // namespace moodscope
