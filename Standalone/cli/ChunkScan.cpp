// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChunkScan.h"

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
        juce::int64 pos = 12;
        for (int n = 0; n < kMaxChunks && pos + 8 <= total; ++n)
        {
            unsigned char h[8] = {};
            if (!in.setPosition(pos) || in.read(h, 8) != 8)
                break;
            const auto size = static_cast<juce::int64>(riff ? juce::ByteOrder::littleEndianInt(h + 4)
                                                            : juce::ByteOrder::bigEndianInt(h + 4));
            const bool fits = pos + 8 + size <= total;
            if (std::memcmp(h, audioId, 4) == 0)
            {
                // the audio's own length is checked once a reader exists (a cut-off file is
                // truncated, not damaged); after audio of unknown or overflowing size (RF64 puts
                // 0xffffffff here) there are no chunk headers to trust
                audioSeen = true;
                if (size == 0 || !fits)
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
    }
    in.setPosition(0);
    return scan;
}

} // namespace moodscope
