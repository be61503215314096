// SPDX-License-Identifier: GPL-3.0-or-later
// Contract: any file's bytes through the CLI's file pipeline (openAudioFile, analyzeReader) end
// in a non-empty error, or in an analysis whose every value is finite and in its range.
#include "FileAnalysis.h"

#include "model/Dimensions.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace moodscope;

namespace {
// The input's first byte: the file's extension (byte % 5, JUCE picks the reader by it alone)
// and how it is analyzed (byte / 5: bit 0 the per-hop signals, bit 1 lazy tempo, bit 2 the
// shortest window and interval, so that short inputs get slow updates).
const char* const kExtensions[] = { ".wav", ".aiff", ".flac", ".ogg", ".mp3" };
constexpr std::uint8_t kNumExtensions = 5;

// Inputs are small, but compressed audio can hold long silence: at most this much is analyzed.
constexpr double kMaxAnalyzedSeconds = 20.0;

// More samples than any codec packs into a byte (FLAC's constant subframes reach about 4000).
constexpr juce::int64 kMaxSamplesPerByte = 8192;

std::string gDir; // per process, on /dev/shm unless MOODSCOPE_FUZZ_TMP names another place

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "fuzz_decode: contract broken: %s\n", what.c_str());
    std::abort();
}

void checkValue(float v, float lo, float hi, const std::string& what)
{
    if (!std::isfinite(v) || v < lo || v > hi)
        fail(what + " = " + std::to_string(v) + ", outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

void checkFinite(double v, const std::string& what)
{
    if (!std::isfinite(v))
        fail(what + " is not finite");
}

template <std::size_t N> void checkFinite(const std::array<float, N>& values, const std::string& what)
{
    for (std::size_t i = 0; i < N; ++i)
        checkFinite(static_cast<double>(values[i]), what + "[" + std::to_string(i) + "]");
}

// Every float of a snapshot is finite; computed dimensions and mood metrics lie in their ranges.
void checkSnapshot(const SlowSnapshot& s, const std::string& where)
{
    checkFinite(s.time, where + ".time");
    checkFinite(s.windowSeconds, where + ".windowSeconds");
    checkValue(s.windowFill, 0.0f, 1.0f, where + ".windowFill");
    checkFinite(s.fingerprint, where + ".fingerprint");
    for (int d = 0; d < kNumDims; ++d)
    {
        const auto dim = static_cast<Dim>(d);
        if (s.has(dim))
            checkValue(s.get(dim), dimInfo(dim).min, dimInfo(dim).max, where + "." + std::string(dimName(dim)));
    }
    checkFinite(s.mood, where + ".mood");
    for (int m = 0; m < kNumMoods; ++m)
        if (s.has(static_cast<Mood>(m)))
            checkValue(s.get(static_cast<Mood>(m)), 0.0f, 1.0f, where + ".mood[" + std::to_string(m) + "]");
    const MoodFeatures& f = s.features;
    checkFinite(f.chroma, where + ".chroma");
    checkFinite(f.contrast, where + ".contrast");
    checkFinite(f.mfccMean, where + ".mfccMean");
    checkFinite(f.mfccStd, where + ".mfccStd");
    checkFinite(f.tonnetz, where + ".tonnetz");
    for (const float v : { f.chromaStd, f.keyStrength, f.tempoBpm, f.brightnessContrast, f.rolloffHz,
                           f.zeroCrossingRate, f.centroidHz, f.bandwidthHz, f.onsetRate, f.onsetStrength,
                           f.harmonicPercussiveRatio, f.rhythmRegularity, f.tempoStability })
        checkFinite(static_cast<double>(v), where + ".features");
}

void checkFrame(const FastFrame& f)
{
    checkFinite(f.time, "fast.time");
    checkFinite(f.bands, "fast.bands");
    for (const float v :
         { f.rmsDb, f.peakDb, f.rms01, f.peak01, f.momentaryLufs, f.shortTermLufs, f.onsetStrength, f.beatStrength,
           f.beatPhase, f.barPhase, f.bpm, f.bpmConfidence, f.beatLatency, f.hostBpm, f.hostBeatPhase, f.hostBarPhase })
        checkFinite(static_cast<double>(v), "fast frame");
}

// A reader that claims more samples than its file's bytes can hold must fail to read them when
// read on in order, as the pipeline reads (JUCE's MP3 reader does: "read error"); one that
// delivers them makes the pipeline analyze hours of made-up audio.
void checkClaimedLength(juce::AudioFormatReader& reader, juce::int64 from, std::size_t fileBytes)
{
    const juce::int64 bound = kMaxSamplesPerByte * static_cast<juce::int64>(fileBytes);
    if (reader.lengthInSamples <= bound)
        return;
    constexpr int kBlock = 65536;
    juce::AudioBuffer<float> buffer(2, kBlock);
    for (juce::int64 pos = from; pos <= bound; pos += kBlock)
        if (!reader.read(&buffer, 0, kBlock, pos, true, true))
            return;
    fail("a " + std::to_string(fileBytes) + "-byte file claims " + std::to_string(reader.lengthInSamples) +
         " samples (" + std::to_string(static_cast<double>(reader.lengthInSamples) / reader.sampleRate) +
         " s) and reads more than " + std::to_string(bound) + " of them");
}

class CheckingSink final : public AnalysisSink // the fuzzing thread
{
  public:
    void onFast(const FastFrame& frame) noexcept override { checkFrame(frame); }
    void onSlow(const SlowSnapshot& snapshot) noexcept override { checkSnapshot(snapshot, "frame"); }
};

juce::AudioFormatManager& formats()
{
    static juce::AudioFormatManager manager;
    if (manager.getNumKnownFormats() == 0)
        manager.registerBasicFormats();
    return manager;
}

void removeDir()
{
    std::error_code ec;
    std::filesystem::remove_all(gDir, ec);
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const char* base = std::getenv("MOODSCOPE_FUZZ_TMP");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/dev/shm") + "/fuzz_decode.XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
    {
        std::perror("fuzz_decode: mkdtemp");
        std::exit(1);
    }
    gDir = pattern;
    std::atexit(removeDir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string path = gDir + "/input" + kExtensions[data[0] % kNumExtensions];
    const unsigned mode = data[0] / kNumExtensions;
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
        if (!out)
            fail("cannot write " + path);
    }

    std::string error;
    const auto reader = openAudioFile(formats(), path, error);
    if (reader == nullptr)
    {
        if (error.empty())
            fail("no reader and no error");
        std::remove(path.c_str());
        return 0;
    }
    if (!error.empty())
        fail("a reader and the error '" + error + "'");
    if (!(reader->sampleRate >= EngineConfig::kMinSampleRate && reader->sampleRate <= EngineConfig::kMaxSampleRate) ||
        reader->numChannels < 1 || reader->numChannels > kMaxChannels || reader->lengthInSamples <= 0)
        fail("a reader past the checks with rate " + std::to_string(reader->sampleRate) + ", " +
             std::to_string(reader->numChannels) + " channels, " + std::to_string(reader->lengthInSamples) +
             " samples");

    EngineConfig config;
    config.lazyTempo = (mode & 2u) != 0;
    if ((mode & 4u) != 0)
    {
        config.windowSeconds = EngineConfig::kMinWindow;
        config.intervalSeconds = EngineConfig::kMinInterval;
    }
    FileAnalysisOptions options;
    options.fastSignals = (mode & 1u) != 0;
    const auto cap = static_cast<juce::int64>(kMaxAnalyzedSeconds * reader->sampleRate);
    juce::AudioSubsectionReader head(reader.get(), 0, std::min(reader->lengthInSamples, cap), false);

    CheckingSink sink;
    const FileResult result = analyzeReader(head, config, sink, options);
    if (!result.ok)
    {
        if (result.error.empty())
            fail("analysis failed without an error");
    }
    else
    {
        checkFinite(result.durationSeconds, "durationSeconds");
        checkSnapshot(result.summary, "summary");
        checkClaimedLength(*reader, head.lengthInSamples, size - 1);
    }
    std::remove(path.c_str());
    return 0;
}
