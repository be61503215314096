// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoSignal.h"
#include "EngineConfig.h"
#include "Snapshot.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <functional>
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

using SnapshotCallback = std::function<void(const SlowSnapshot&)>;

// Decodes a file block by block and runs the engine's Analyzer over it as fast as the
// disk allows; every slow snapshot goes to onSnapshot, the whole-file summary to the result.
FileResult analyzeFile(juce::AudioFormatManager& formats, const juce::File& file, const EngineConfig& config,
                       const SnapshotCallback& onSnapshot);

FileResult analyzeSignal(const StereoSignal& signal, const EngineConfig& config, const SnapshotCallback& onSnapshot);

} // namespace moodscope
