// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/AnalysisSink.h"
#include "fingerprint/BlockStats.h"
#include "dsp/Chroma.h"
#include "model/EngineConfig.h"
#include "engine/FeatureHistory.h"
#include "engine/FileSummary.h"
#include "engine/FrameAggregator.h"
#include "engine/GroupTimings.h"
#include "dsp/Harmonic.h"
#include "capture/HostTransport.h"
#include "fast/GeqChannels.h"
#include "fast/LightBands.h"
#include "mood/MoodFrame.h"
#include "dsp/Loudness.h"
#include "mood/MoodModel.h"
#include "dsp/Onset.h"
#include "rhythm/OnsetPicker.h"
#include "dsp/Pitch.h"
#include "rhythm/RealtimeBeatTracker.h"
#include "engine/RollingWindow.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"
#include "dsp/SpectralFrame.h"
#include "dsp/Stft.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace moodscope {

// The whole analysis, synchronous: feed it audio, it calls the sink on every fast hop and
// every slow interval. The analysis thread drives it live; the CLI and tests drive it
// directly, so both see exactly the same numbers.
class Analyzer // analysis thread, except setHostTransport (one other thread)
{
  public:
    void prepare(double sampleRate, const EngineConfig& config);
    void reset() noexcept;

    void process(const float* left, const float* right, std::size_t n, AnalysisSink& sink) noexcept;

    // File mode: also keep what a whole-file summary needs (allocates as the file streams,
    // so never on a live engine). Call after prepare().
    void enableSummary(double expectedSeconds);
    // SPEC §8.1 summary: all 25 dimensions over everything processed since prepare().
    SlowSnapshot summary();

    // Fast signals (levels, light bands, onsets, live beats, host clock; SPEC §6) and the
    // sink's onFast calls. On by default; a file analysis that only wants the timeline and
    // summary turns them off, which changes no slow result.
    void setFastSignals(bool enabled) noexcept { fastSignals_ = enabled; }
    bool fastSignals() const noexcept { return fastSignals_; }

    // per-group cost of the last slow update (benchmarks)
    const GroupTimings& lastSlowTimings() const noexcept { return timings_; }

    void setDroppedFrames(std::uint64_t dropped) noexcept { droppedFrames_ = dropped; }

    // Wait-free; callable from one thread other than the analysis thread (the audio thread,
    // through Engine::setHostTransport) or between process() calls. The host fields of every
    // later FastFrame extrapolate this transport to the end of their hop.
    void setHostTransport(const HostTransport& transport) noexcept { hostTransport_.write(transport); }

    double sampleRate() const noexcept { return sampleRate_; }
    const EngineConfig& config() const noexcept { return config_; }
    std::size_t hopSize() const noexcept { return hop_; }
    std::size_t windowSize() const noexcept { return windowSamples_; }
    int frameSize() const noexcept { return stft_.frameSize(); }
    double secondsAnalyzed() const noexcept { return static_cast<double>(samplesSeen_) / sampleRate_; }

  private:
    FastFrame computeFast() noexcept;
    SlowSnapshot computeSlow() noexcept;
    void closeBlock() noexcept;
    std::size_t samplesInWindow() const noexcept;
    std::size_t framesInWindow() const noexcept;

    EngineConfig config_;
    double sampleRate_ = 48000.0;
    std::size_t hop_ = 512, interval_ = 96000;
    std::size_t hopFill_ = 0, intervalFill_ = 0;
    std::uint64_t samplesSeen_ = 0;
    std::size_t windowSamples_ = 0;
    std::size_t block_ = 4800, blockFill_ = 0; // 100 ms blocks, aligned with loudness sub-blocks
    std::size_t blocksInChunk_ = 0;            // 1 s variation chunks of kChunkSubBlocks blocks
    BlockStats current_;                       // the block being filled
    BlockHistory blocks_;                      // completed blocks covering the window
    std::unique_ptr<FileSummary> summary_;
    std::uint64_t droppedFrames_ = 0;
    bool fastSignals_ = true;

    RollingWindow window_; // only the newest STFT frame: the window itself lives in blocks and frames
    Stft stft_;
    LightBands bands_;
    GeqChannels geq_;
    SpectralFrameAnalyzer spectralFrames_;
    MoodFrameAnalyzer moodFrames_;
    ChromaAnalyzer chroma_;
    OnsetDetector onsets_;
    OnsetPicker onsetPicker_;
    RealtimeBeatTracker beatTracker_;
    HostTransportMailbox hostTransport_;
    HostBeatClock hostClock_;
    LoudnessMeter loudness_;
    HpssAnalyzer hpss_;
    PitchTracker pitch_;
    std::size_t featureStride_ = 2, featureCountdown_ = 0; // SpectralFrame::full on every stride-th hop
    std::size_t pitchEvery_ = 2, pitchCountdown_ = 0;      // YIN on every frame-length of feature frames
    FeatureHistory<SpectralFrame> history_;                // one entry per hop, covering the window

    std::vector<float> frame_;              // frameSize mono
    std::vector<float> hopLeft_, hopRight_; // hop
    FrameAggregator frames_;
    MoodModel mood_;
    GroupTimings timings_;
};

} // namespace moodscope
