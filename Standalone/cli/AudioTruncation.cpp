// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioTruncation.h"

#include "FileDescriptorStream.h"

#include <FLAC/stream_decoder.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
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
std::optional<juce::int64> audioDataStart(juce::InputStream& in)
{
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

// A FLAC file's STREAMINFO states its length; when the frames stop early, JUCE's reader returns
// silence for the rest. libFLAC's own decoder is asked to seek to the last sample, which finds
// and decodes the frame holding it (through the seek table or a bisection over frame headers,
// a few reads, not a decode of the file): only a complete file has that frame, intact.
std::string flacTruncation(int fd, double sampleRate, juce::int64 promisedSamples)
{
    struct Deleter
    {
        void operator()(FLAC__StreamDecoder* d) const noexcept
        {
            FLAC__stream_decoder_finish(d);
            FLAC__stream_decoder_delete(d);
        }
    };
    std::unique_ptr<FLAC__StreamDecoder, Deleter> decoder(FLAC__stream_decoder_new());
    if (decoder == nullptr)
        return {};
    bool damaged = false;
    auto write = [](const FLAC__StreamDecoder*, const FLAC__Frame*, const FLAC__int32* const[], void*) {
        return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
    };
    auto error = [](const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void* damagedFlag) {
        *static_cast<bool*>(damagedFlag) = true;
    };
    FLAC__stream_decoder_set_md5_checking(decoder.get(), false);
    // libFLAC closes the FILE (and so the copy of the descriptor) when the decoder finishes
    const int copy = ::dup(fd);
    std::FILE* stream = copy >= 0 ? ::fdopen(copy, "rb") : nullptr;
    if (stream == nullptr)
    {
        const int cause = errno;
        if (copy >= 0)
            ::close(copy);
        return std::string("cannot open: ") + std::strerror(cause);
    }
    if (FLAC__stream_decoder_init_FILE(decoder.get(), stream, write, nullptr, error, &damaged) !=
        FLAC__STREAM_DECODER_INIT_STATUS_OK)
    {
        std::fclose(stream);
        return {}; // not readable as FLAC at all: JUCE's reader has its own say about that
    }
    // JUCE's reader needs only STREAMINFO; a file cut inside the metadata after it would read as
    // the promised length of silence
    if (!FLAC__stream_decoder_process_until_end_of_metadata(decoder.get()) ||
        FLAC__stream_decoder_get_state(decoder.get()) == FLAC__STREAM_DECODER_END_OF_STREAM)
    {
        const double promised = sampleRate > 0.0 ? static_cast<double>(promisedSamples) / sampleRate : 0.0;
        return "truncated: the FLAC header promises " + juce::String(promised, 2).toStdString() +
               " s but the file ends inside its metadata";
    }
    const FLAC__uint64 total = FLAC__stream_decoder_get_total_samples(decoder.get());
    if (total == 0)
        return {}; // length unknown (a stream): nothing to compare with
    if (FLAC__stream_decoder_seek_absolute(decoder.get(), total - 1) && !damaged)
        return {};
    // the STREAMINFO rate as JUCE's reader read it: libFLAC's own getter reports the rate of
    // the last decoded frame, 0 when no frame was decoded
    const double seconds = sampleRate > 0.0 ? static_cast<double>(total) / sampleRate : 0.0;
    return "truncated: the FLAC header promises " + juce::String(seconds, 2).toStdString() +
           " s but the frames holding its end are missing or damaged";
}
} // namespace

std::string truncationError(const juce::AudioFormatReader& reader, int fd)
{
    const juce::String format = reader.getFormatName();
    if (format.containsIgnoreCase("FLAC"))
        return flacTruncation(fd, reader.sampleRate, reader.lengthInSamples);
    if (!(format.containsIgnoreCase("WAV") || format.containsIgnoreCase("AIFF")) || reader.bitsPerSample <= 0 ||
        reader.lengthInSamples <= 0)
        return {};
    const juce::int64 audioBytes =
        reader.lengthInSamples * reader.numChannels * static_cast<juce::int64>(reader.bitsPerSample / 8);
    // Without a recognizable data chunk the header's size is unknown: at least the audio
    // itself must be there.
    FileDescriptorStream in(fd, false);
    const juce::int64 needed = audioDataStart(in).value_or(0) + audioBytes;
    const juce::int64 size = in.getTotalLength();
    if (size >= needed)
        return {};
    const double seconds = static_cast<double>(reader.lengthInSamples) / reader.sampleRate;
    return "truncated: the header promises " + juce::String(seconds, 2).toStdString() + " s (" +
           std::to_string(needed) + " bytes) but the file has " + std::to_string(size) + " bytes";
}

} // namespace moodscope
