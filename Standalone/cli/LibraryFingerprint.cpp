// SPDX-License-Identifier: GPL-3.0-or-later
#include "LibraryFingerprint.h"

#include "FileAnalysis.h"
#include "library/Sha256.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

namespace moodscope {

namespace {
constexpr int kBlock = 16384;

class NullSink final : public AnalysisSink
{
  public:
    void onFast(const FastFrame&) noexcept override {}
    void onSlow(const SlowSnapshot&) noexcept override {}
};

std::string moodStateString(const SlowSnapshot& s)
{
    return s.moodValid != 0 ? std::string(moodStateName(s.state)) : std::string();
}
} // namespace

bool statFile(const std::string& path, FileStamp& stamp, std::string& error)
{
    std::error_code ec;
    stamp.path = std::filesystem::absolute(path, ec).lexically_normal().string();
    if (ec)
        stamp.path = path;
    struct stat st
    {};
    if (::stat(stamp.path.c_str(), &st) != 0)
    {
        error =
            errno == ENOENT ? "no such file (or a broken link)" : std::string("cannot stat: ") + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode))
    {
        error = "not a regular file";
        return false;
    }
    stamp.size = static_cast<std::int64_t>(st.st_size);
    stamp.mtimeNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return true;
}

bool hashAudioFile(juce::AudioFormatReader& reader, std::string& hash, std::string& error)
{
    const int channels = static_cast<int>(reader.numChannels);
    juce::AudioBuffer<float> buffer(channels, kBlock);
    std::vector<float> interleaved(static_cast<std::size_t>(kBlock) * static_cast<std::size_t>(channels));
    Sha256 sha;
    // The stream's shape is part of the content: the same samples at another rate are
    // different audio.
    const double rate = reader.sampleRate;
    const std::uint32_t ch = reader.numChannels;
    sha.update("moodscope-audio-v1", 18);
    sha.update(&rate, sizeof rate);
    sha.update(&ch, sizeof ch);
    const juce::int64 length = reader.lengthInSamples;
    for (juce::int64 pos = 0; pos < length; pos += kBlock)
    {
        const int n = static_cast<int>(std::min<juce::int64>(kBlock, length - pos));
        if (!reader.read(&buffer, 0, n, pos, true, true))
        {
            error = "read error at sample " + std::to_string(pos);
            return false;
        }
        for (int c = 0; c < channels; ++c)
        {
            const float* src = buffer.getReadPointer(c);
            for (int i = 0; i < n; ++i)
                interleaved[static_cast<std::size_t>(i * channels + c)] = src[i];
        }
        sha.update(interleaved.data(), sizeof(float) * static_cast<std::size_t>(n * channels));
    }
    hash = sha.finishHex();
    return true;
}

bool analyzeToFingerprint(juce::AudioFormatReader& reader, const EngineConfig& config, CachedFingerprint& out,
                          std::string& error)
{
    NullSink sink;
    const FileResult result = analyzeReader(reader, config, sink);
    if (!result.ok)
    {
        error = result.error;
        return false;
    }
    const SlowSnapshot& s = result.summary;
    out.version = kAlgorithmVersion;
    out.durationSeconds = result.durationSeconds;
    out.sampleRate = result.sampleRate;
    out.channels = result.channels;
    out.dims = s.fingerprint;
    out.dimsValid = s.fingerprintValid;
    out.mood = s.mood;
    out.moodValid = s.moodValid;
    out.label = s.moodValid != 0 ? moodCategoryLabel(s.category) : std::string();
    out.state = moodStateString(s);
    if (s.featuresValid && s.features.key >= 0 && s.features.key < 12)
    {
        out.key = std::string(keyName(s.features.key));
        out.mode = s.features.minor ? "minor" : "major";
    }
    if (s.featuresValid)
        out.keyStrength = s.features.keyStrength;
    return true;
}

LibraryFileResult fingerprintThroughCache(juce::AudioFormatManager& formats, FingerprintCache& cache,
                                          const FileStamp& stamp, const EngineConfig& config, bool preCheck)
{
    LibraryFileResult r;
    try
    {
        if (preCheck)
            if (auto hit = cache.lookupFile(stamp))
            {
                r.source = FingerprintSource::Unchanged;
                r.fingerprint = std::move(*hit);
                cache.touch({ r.fingerprint.hash });
                return r;
            }
        // One reader for the hash and, on a miss, the analysis: opening checks the file and
        // some readers (MP3) scan the whole stream to learn its length.
        r.decoded = true; // past the pre-check: counted as decoded even when opening fails
        const auto reader = openAudioFile(formats, stamp.path, r.error);
        if (reader == nullptr)
            return r;
        std::string hash;
        if (!hashAudioFile(*reader, hash, r.error))
            return r;
        if (auto hit = cache.lookupHash(hash))
        {
            cache.linkFile(stamp, hash);
            r.source = FingerprintSource::SameAudio;
            r.fingerprint = std::move(*hit);
            return r;
        }
        CachedFingerprint fp;
        if (!analyzeToFingerprint(*reader, config, fp, r.error))
            return r;
        fp.hash = hash;
        cache.store(fp, &stamp);
        r.source = FingerprintSource::Analyzed;
        r.fingerprint = std::move(fp);
    }
    catch (const std::exception& e)
    {
        r.source = FingerprintSource::Failed;
        r.error = std::string("cache: ") + e.what();
    }
    return r;
}

} // namespace moodscope
