// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileAnalysis.h"

#include "engine/Analyzer.h"

#include "AudioFileList.h"
#include "AudioTruncation.h"
#include "ChunkScan.h"
#include "FileDescriptorStream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace moodscope {

std::unique_ptr<juce::AudioFormatReader> openAudioFile(juce::AudioFormatManager& formats, const std::string& path,
                                                       std::string& error)
{
    // Opened once here by the name's bytes, without blocking, so a FIFO, an unreadable file or
    // a process out of descriptors is named as such instead of reaching the decoder (which
    // would block on a FIFO or call the file corrupt).
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
    {
        error = errno == ENOENT ? "no such file" : std::string("cannot open: ") + std::strerror(errno);
        return nullptr;
    }
    FileDescriptorStream file(fd); // owns fd; the reader and the checks read dup()s of it
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        error = "not a regular file";
        return nullptr;
    }
    std::unique_ptr<juce::AudioFormatReader> reader;
    if (auto* format = formats.findFormatForFileExtension(readerExtension(path)))
    {
        const int copy = ::dup(fd);
        if (copy < 0)
        {
            error = std::string("cannot open: ") + std::strerror(errno);
            return nullptr;
        }
        auto* stream = new FileDescriptorStream(copy);
        const ChunkScan chunks = scanChunks(*stream);
        if (!chunks.error.empty())
        {
            delete stream;
            error = chunks.error;
            return nullptr;
        }
        juce::InputStream* source = stream;
        if (chunks.usable < stream->getTotalLength())
            source = new juce::SubregionStream(stream, 0, chunks.usable, true);
        reader.reset(format->createReaderFor(source, true));
    }
    if (reader == nullptr)
    {
        error = "unsupported or corrupt audio file";
        return nullptr;
    }
    if (!(reader->sampleRate >= EngineConfig::kMinSampleRate && reader->sampleRate <= EngineConfig::kMaxSampleRate) ||
        reader->numChannels < 1 || reader->numChannels > kMaxChannels)
    {
        // JUCE's WAV and AIFF readers read the header's 16-bit channel field as signed: 32768
        // arrives as 4294934528. Name the number the header holds.
        const unsigned channels = reader->numChannels > 0xffffu ? (reader->numChannels & 0xffffu) : reader->numChannels;
        error = "unusable stream (sample rate " + juce::String(reader->sampleRate).toStdString() + " Hz, " +
                std::to_string(channels) + " channels; 1 to " + std::to_string(kMaxChannels) + " are read)";
        return nullptr;
    }
    if (reader->lengthInSamples <= 0)
    {
        error = "no audio in the file";
        return nullptr;
    }
    // A header (or an Ogg stream's last page) can claim any length; no codec packs more than
    // this many samples into a byte, and past its data a reader returns silence for as long as
    // the claim says: hours of work on a few kilobytes.
    const juce::int64 bytes = file.getTotalLength();
    if (bytes > 0 && reader->lengthInSamples / bytes > kMaxSamplesPerByte)
    {
        error = "damaged: the stream claims " +
                juce::String(static_cast<double>(reader->lengthInSamples) / reader->sampleRate, 2).toStdString() +
                " s of audio in " + std::to_string(bytes) + " bytes";
        return nullptr;
    }
    error = truncationError(*reader, fd);
    if (!error.empty())
        return nullptr;
    return reader;
}

FileResult analyzeFile(juce::AudioFormatManager& formats, const std::string& path, const EngineConfig& config,
                       AnalysisSink& sink, const FileAnalysisOptions& options)
{
    std::string error;
    const auto reader = openAudioFile(formats, path, error);
    if (reader == nullptr)
    {
        FileResult failed;
        failed.error = error;
        return failed;
    }
    return analyzeReader(*reader, config, sink, options);
}

FileResult analyzeReader(juce::AudioFormatReader& reader, const EngineConfig& config, AnalysisSink& sink,
                         const FileAnalysisOptions& options)
{
    FileResult result;
    result.sampleRate = reader.sampleRate;
    result.channels = static_cast<int>(reader.numChannels);
    const juce::int64 length = reader.lengthInSamples;
    const double duration = static_cast<double>(length) / reader.sampleRate;
    Analyzer analyzer;
    analyzer.prepare(reader.sampleRate, config);
    analyzer.setFastSignals(options.fastSignals);
    analyzer.enableSummary(duration);
    if (options.onStart)
        options.onStart(duration);

    const int block = std::max(1, options.blockSize);
    const int channels = juce::jmin(2, static_cast<int>(reader.numChannels));
    juce::AudioBuffer<float> buffer(channels, block);
    for (juce::int64 pos = 0; pos < length; pos += block)
    {
        const int n = static_cast<int>(juce::jmin<juce::int64>(block, length - pos));
        if (!reader.read(&buffer, 0, n, pos, true, channels > 1))
        {
            result.error = "read error at sample " + std::to_string(pos);
            return result;
        }
        const float* left = buffer.getReadPointer(0);
        const float* right = buffer.getReadPointer(channels > 1 ? 1 : 0);
        analyzer.process(left, right, static_cast<std::size_t>(n), sink);
        if (options.onBlock)
            options.onBlock(static_cast<double>(pos + n) / reader.sampleRate);
    }
    result.durationSeconds = duration;
    result.summary = analyzer.summary();
    result.ok = true;
    return result;
}

FileResult analyzeSignal(const StereoSignal& signal, const EngineConfig& config, AnalysisSink& sink,
                         const FileAnalysisOptions& options)
{
    FileResult result;
    const double duration = static_cast<double>(signal.left.size()) / signal.sampleRate;
    Analyzer analyzer;
    analyzer.prepare(signal.sampleRate, config);
    analyzer.setFastSignals(options.fastSignals);
    analyzer.enableSummary(duration);
    if (options.onStart)
        options.onStart(duration);
    const auto block = static_cast<std::size_t>(std::max(1, options.blockSize));
    for (std::size_t pos = 0; pos < signal.left.size(); pos += block)
    {
        const std::size_t n = std::min(block, signal.left.size() - pos);
        analyzer.process(signal.left.data() + pos, signal.right.data() + pos, n, sink);
        if (options.onBlock)
            options.onBlock(static_cast<double>(pos + n) / signal.sampleRate);
    }
    result.summary = analyzer.summary();
    result.ok = true;
    result.sampleRate = signal.sampleRate;
    result.channels = 2;
    result.durationSeconds = duration;
    return result;
}

} // namespace moodscope
