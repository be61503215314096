// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/AnalysisSink.h"
#include "demo/DemoSignal.h"
#include "model/EngineConfig.h"
#include "model/SlowSnapshot.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <functional>
#include <memory>
#include <string>

namespace moodscope {

struct FileResult
{
    bool ok = false;
    std::string error; // human-readable, set when !ok
    double durationSeconds = 0.0;
    double sampleRate = 0.0;
    int channels = 0;
    SlowSnapshot summary; // whole-file fingerprint (SPEC §8.1 summary line), valid when ok
};

struct FileAnalysisOptions
{
    int blockSize = 8192; // frames handed to the Analyzer at a time
    // The per-hop light signals (and the sink's onFast): only OSC needs them; the timeline
    // and summary are the same without, and faster.
    bool fastSignals = false;
    // Called once the stream is open, with its length in seconds.
    std::function<void(double durationSeconds)> onStart;
    // Called after every block with the seconds analyzed so far; --realtime paces here.
    std::function<void(double secondsDone)> onBlock;
};

// More channels than any real recording; JUCE's WAV reader cannot read frames wider than a
// few kilobytes (it loops), and hashing allocates per channel.
constexpr unsigned kMaxChannels = 64;
// Samples per byte of file no real stream exceeds (digital silence in Ogg Vorbis: a few hundred).
constexpr juce::int64 kMaxSamplesPerByte = 8192;

// The checks every command makes before it decodes a file (analyze, scan, similar): a
// regular file, a format JUCE reads, a usable rate and channel count, some audio, and not
// truncated. `path` is the name's bytes as given (any encoding). nullptr with the reason in
// `error` otherwise.
std::unique_ptr<juce::AudioFormatReader> openAudioFile(juce::AudioFormatManager& formats, const std::string& path,
                                                       std::string& error);

// The one file pipeline: opens the file (openAudioFile), decodes it block by block and runs
// the engine's Analyzer over it; every fast frame and slow snapshot goes to the sink (on the
// calling thread), the whole-file summary to the result.
FileResult analyzeFile(juce::AudioFormatManager& formats, const std::string& path, const EngineConfig& config,
                       AnalysisSink& sink, const FileAnalysisOptions& options = {});

// The same over a reader openAudioFile returned (read from its start, whatever was read before).
FileResult analyzeReader(juce::AudioFormatReader& reader, const EngineConfig& config, AnalysisSink& sink,
                         const FileAnalysisOptions& options = {});

FileResult analyzeSignal(const StereoSignal& signal, const EngineConfig& config, AnalysisSink& sink,
                         const FileAnalysisOptions& options = {});

} // namespace moodscope
