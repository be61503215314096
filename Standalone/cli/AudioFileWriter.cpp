// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioFileWriter.h"

#include <memory>

namespace moodscope {

namespace {
std::unique_ptr<juce::AudioFormat> formatFor(const juce::File& file)
{
    const auto ext = file.getFileExtension().toLowerCase();
    if (ext == ".wav" || ext == ".wave")
        return std::make_unique<juce::WavAudioFormat>();
    if (ext == ".aif" || ext == ".aiff")
        return std::make_unique<juce::AiffAudioFormat>();
    if (ext == ".flac")
        return std::make_unique<juce::FlacAudioFormat>();
    if (ext == ".ogg")
        return std::make_unique<juce::OggVorbisAudioFormat>();
    return nullptr;
}
} // namespace

std::string writeAudioFile(const StereoSignal& signal, const juce::File& file)
{
    const auto format = formatFor(file);
    if (format == nullptr)
        return "unknown extension (use .wav, .aiff, .flac or .ogg; for MP3 encode the WAV with lame)";
    file.deleteFile();
    auto stream = std::make_unique<juce::FileOutputStream>(file);
    if (!stream->openedOk())
        return "cannot open for writing";
    // Ogg takes a quality index instead of a bit depth; 16 bits for the lossless ones.
    const int quality = format->getQualityOptions().isEmpty() ? 0 : format->getQualityOptions().size() - 1;
    std::unique_ptr<juce::AudioFormatWriter> writer(
        format->createWriterFor(stream.get(), signal.sampleRate, 2, 16, {}, quality));
    if (writer == nullptr)
        return "the " + format->getFormatName().toStdString() + " writer refused the stream";
    stream.release(); // the writer owns it now
    const float* channels[] = { signal.left.data(), signal.right.data() };
    if (!writer->writeFromFloatArrays(channels, 2, static_cast<int>(signal.left.size())))
        return "write failed";
    return {};
}

} // namespace moodscope
