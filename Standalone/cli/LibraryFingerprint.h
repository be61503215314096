// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/EngineConfig.h"
#include "library/FingerprintCache.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <string>

namespace moodscope {

// How one file of a library scan got its fingerprint.
enum class FingerprintSource
{
    Failed,
    Analyzed,  // decoded and run through the Analyzer, now stored
    Unchanged, // pre-check hit on (path, size, mtime): not decoded at all
    SameAudio, // decoded and hashed; the audio was already in the cache (a copy or a touch)
};

struct LibraryFileResult
{
    FingerprintSource source = FingerprintSource::Failed;
    std::string error; // when Failed
    CachedFingerprint fingerprint;
    bool decoded = false;
};

// (path, size, mtime) of a file, path made absolute; false with a reason if it cannot be read.
bool statFile(const std::string& path, FileStamp& stamp, std::string& error);

// Decodes the whole stream of a reader from openAudioFile (which refuses truncated files)
// and hashes the interleaved float samples with the sample rate and channel count (the
// cache key, SPEC §8).
bool hashAudioFile(juce::AudioFormatReader& reader, std::string& hash, std::string& error);

// Decodes and analyzes the same reader again from its start; the whole-file summary as a
// cache row (hash left empty).
bool analyzeToFingerprint(juce::AudioFormatReader& reader, const EngineConfig& config, CachedFingerprint& out,
                          std::string& error);

// The cache's whole path for one file: pre-check, then content hash, then analysis.
// Cache errors are reported as a failure of this file.
LibraryFileResult fingerprintThroughCache(juce::AudioFormatManager& formats, FingerprintCache& cache,
                                          const FileStamp& stamp, const EngineConfig& config, bool preCheck = true);

} // namespace moodscope
