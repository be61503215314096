// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioFileWriter.h"

#include "AudioFileList.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace moodscope {

namespace {
std::unique_ptr<juce::AudioFormat> formatFor(const std::string& ext)
{
    if (ext == ".wav")
        return std::make_unique<juce::WavAudioFormat>();
    if (ext == ".aif" || ext == ".aiff")
        return std::make_unique<juce::AiffAudioFormat>();
    if (ext == ".flac")
        return std::make_unique<juce::FlacAudioFormat>();
    if (ext == ".ogg")
        return std::make_unique<juce::OggVorbisAudioFormat>();
    return nullptr;
}

// An output stream over a descriptor (closed with it) that keeps the first write error in
// `error`, which outlives it: JUCE's writers own their stream and write their final header
// from their destructor, where a failure would otherwise go unseen.
class CheckedOutputStream final : public juce::OutputStream
{
  public:
    CheckedOutputStream(int fileDescriptor, std::shared_ptr<int> firstError)
        : fd(fileDescriptor), error(std::move(firstError))
    {}
    ~CheckedOutputStream() override
    {
        if (::close(fd) != 0 && *error == 0)
            *error = errno;
    }
    void flush() override {}
    juce::int64 getPosition() override { return position; }
    bool setPosition(juce::int64 newPosition) override
    {
        if (::lseek(fd, static_cast<off_t>(newPosition), SEEK_SET) < 0)
            return fail(errno);
        position = newPosition;
        return true;
    }
    bool write(const void* data, size_t bytes) override
    {
        const auto* p = static_cast<const char*>(data);
        while (bytes > 0)
        {
            const ssize_t n = ::write(fd, p, bytes);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return fail(n < 0 ? errno : EIO);
            p += n;
            bytes -= static_cast<size_t>(n);
            position += n;
        }
        return true;
    }

  private:
    bool fail(int code)
    {
        if (*error == 0)
            *error = code;
        return false;
    }
    int fd;
    std::shared_ptr<int> error;
    juce::int64 position = 0;
};
} // namespace

std::string writeAudioFile(const StereoSignal& signal, const std::string& path, const std::string& extension)
{
    const auto format = formatFor(extension.empty() ? readerExtension(path) : extension);
    if (format == nullptr)
        return "unknown extension (use .wav, .aiff, .flac or .ogg; for MP3 encode the WAV with lame)";
    // A regular file is written beside its name and renamed over it once complete, so a
    // failed write leaves the old file as it was; a device or FIFO is written to directly.
    struct stat st
    {};
    const bool direct = ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
    const std::string written = direct ? path : path + ".partial-" + std::to_string(::getpid());
    const int fd = direct ? ::open(path.c_str(), O_WRONLY | O_CLOEXEC)
                          : ::open(written.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return std::strerror(errno);
    auto firstError = std::make_shared<int>(0);
    auto stream = std::make_unique<CheckedOutputStream>(fd, firstError);
    // Ogg takes a quality index instead of a bit depth; 16 bits for the lossless ones.
    const int quality = format->getQualityOptions().isEmpty() ? 0 : format->getQualityOptions().size() - 1;
    std::unique_ptr<juce::AudioFormatWriter> writer(
        format->createWriterFor(stream.get(), signal.sampleRate, 2, 16, {}, quality));
    std::string error;
    if (writer == nullptr)
        error = "the " + format->getFormatName().toStdString() + " writer refused the stream";
    else
    {
        stream.release(); // the writer owns it now
        const float* channels[] = { signal.left.data(), signal.right.data() };
        writer->writeFromFloatArrays(channels, 2, static_cast<int>(signal.left.size()));
        writer.reset(); // writes the final header and closes the file
        if (*firstError != 0)
            error = std::strerror(*firstError);
    }
    if (direct)
        return error;
    if (error.empty() && ::rename(written.c_str(), path.c_str()) != 0)
        error = std::strerror(errno);
    if (!error.empty())
        ::unlink(written.c_str());
    return error;
}

} // namespace moodscope
