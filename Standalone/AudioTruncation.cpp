// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioTruncation.h"

#include <cstdint>
#include <optional>

namespace moodscope {

namespace {
std::uint32_t readLittle(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

std::uint32_t readBig(const std::uint8_t* p)
{
    return std::uint32_t(p[3]) | std::uint32_t(p[2]) << 8 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[0]) << 24;
}

// Where the sample data starts: the "data" chunk of a RIFF/RIFX/RF64 WAVE file, the "SSND"
// chunk (plus its offset field) of an AIFF/AIFC file. Only chunk ids and sizes are read,
// so a long header (metadata, cover art) costs a few seeks.
std::optional<juce::int64> audioDataStart(const juce::File& file)
{
    juce::FileInputStream in(file);
    if (in.failedToOpen())
        return std::nullopt;
    std::uint8_t head[12];
    if (in.read(head, 12) != 12)
        return std::nullopt;
    const juce::String riff(reinterpret_cast<const char*>(head), 4);
    const juce::String form(reinterpret_cast<const char*>(head + 8), 4);
    const bool wave = (riff == "RIFF" || riff == "RIFX" || riff == "RF64") && form == "WAVE";
    const bool aiff = riff == "FORM" && (form == "AIFF" || form == "AIFC");
    if (!wave && !aiff)
        return std::nullopt;
    const bool bigEndian = aiff || riff == "RIFX";
    const char* dataId = wave ? "data" : "SSND";
    juce::int64 pos = 12;
    for (int chunks = 0; chunks < 4096; ++chunks)
    {
        std::uint8_t chunk[16];
        if (!in.setPosition(pos) || in.read(chunk, 8) != 8)
            return std::nullopt;
        const std::uint32_t size = bigEndian ? readBig(chunk + 4) : readLittle(chunk + 4);
        if (juce::String(reinterpret_cast<const char*>(chunk), 4) == dataId)
        {
            if (wave)
                return pos + 8;
            // SSND: offset and block size, then `offset` bytes before the first sample
            if (in.read(chunk + 8, 8) != 8)
                return std::nullopt;
            return pos + 16 + readBig(chunk + 8);
        }
        pos += 8 + static_cast<juce::int64>(size) + (size & 1u); // chunks are padded to even sizes
    }
    return std::nullopt;
}
} // namespace

std::string truncationError(const juce::AudioFormatReader& reader, const juce::File& file)
{
    const juce::String format = reader.getFormatName();
    if (!(format.containsIgnoreCase("WAV") || format.containsIgnoreCase("AIFF")) || reader.bitsPerSample <= 0 ||
        reader.lengthInSamples <= 0)
        return {};
    const juce::int64 audioBytes =
        reader.lengthInSamples * reader.numChannels * static_cast<juce::int64>(reader.bitsPerSample / 8);
    // Without a recognizable data chunk the header's size is unknown: at least the audio
    // itself must be there.
    const juce::int64 needed = audioDataStart(file).value_or(0) + audioBytes;
    const juce::int64 size = file.getSize();
    if (size >= needed)
        return {};
    const double seconds = static_cast<double>(reader.lengthInSamples) / reader.sampleRate;
    return "truncated: the header promises " + juce::String(seconds, 2).toStdString() + " s (" +
           std::to_string(needed) + " bytes) but the file has " + std::to_string(size) + " bytes";
}

} // namespace moodscope
