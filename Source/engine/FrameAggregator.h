// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rhythm/BeatTracker.h"
#include "engine/GroupTimings.h"
#include "mood/MoodFeatureAggregator.h"
#include "model/SlowSnapshot.h"
#include "dsp/SpectralFrame.h"
#include "rhythm/Tempo.h"
#include "rhythm/TempoHold.h"

#include <array>
#include <cstddef>
#include <vector>

namespace moodscope {

// Turns a run of per-hop SpectralFrames into the frame-based fingerprint dimensions. The
// rolling window (frames from a FeatureHistory) and the whole-file summary (frames from a
// vector) both go through here, so a file's summary and its timeline use the same maths.
// gather() copies the frames into columns; compute() works on the columns only.
class FrameAggregator // analysis thread
{
  public:
    void prepare(std::size_t maxFrames, double hopSeconds);
    std::size_t capacity() const noexcept { return centroid_.size(); }
    // SPEC §4.3 lazy tempo: compute() skips tempo and beat tracking, repeats the last tempo and
    // rhythm stability (0 before any) and sets SlowSnapshot::tempoSkipped
    void setLazyTempo(bool lazy) noexcept { lazyTempo_ = lazy; }
    // a stream's windows, one every windowEverySeconds, share the evidence for the beat's octave
    // (TempoEstimator::rememberLevels); a summary's single compute() needs none
    void rememberTempoLevels(double windowEverySeconds) noexcept { tempo_.rememberLevels(windowEverySeconds); }
    // forgets the stream: the held tempo (TempoHold), the octave evidence and the lazy tempo's last values
    void reset() noexcept;

    // get(i) returns the i-th frame, oldest first; n <= capacity().
    template <typename Get> void gather(const Get& get, std::size_t n) noexcept
    {
        begin(n);
        for (std::size_t i = 0; i < n_; ++i)
            add(get(i));
    }

    // timings, when given, receives each group's cost
    void compute(SlowSnapshot& s, GroupTimings* timings = nullptr) noexcept;

    // the gathered onset envelope, one value per hop (the rhythm group reads it)
    const float* onsets() const noexcept { return onset_.data(); }
    std::size_t size() const noexcept { return n_; }
    double hopSeconds() const noexcept { return hopSeconds_; }

  private:
    void begin(std::size_t n) noexcept;
    void add(const SpectralFrame& f) noexcept;

    double hopSeconds_ = 0.0116;
    std::size_t n_ = 0, filled_ = 0, voiced_ = 0, pitched_ = 0, chromaFrames_ = 0;
    std::array<double, SpectralFrame::kNumBands> bandSums_ {};
    double harmonic_ = 0.0, percussive_ = 0.0;
    TempoEstimator tempo_;
    TempoHold hold_; // the rolling window's tempo across updates; one compute() (a summary) never holds
    bool lazyTempo_ = false;
    float lastTempo_ = 0.0f, lastStability_ = 0.0f;
    std::size_t lastBeats_ = 0;
    BeatTracker beats_;
    MoodFeatureAggregator mood_; // SPEC §5.1 mood features over the same frames
    std::vector<float> beatFrames_;
    // columns; centroid/rolloff/flatness hold only frames with power, f0 only voiced frames
    std::vector<float> centroid_, rolloff_, flatness_, meanSquare_, onset_, f0_, chroma_;
};

} // namespace moodscope
