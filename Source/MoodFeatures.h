// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Snapshot.h"
#include "SpectralFrame.h"

#include <array>
#include <cstddef>
#include <vector>

namespace moodscope {

// What the rhythm part of the mood features reads from FrameAggregator's shared tempo and
// beat tracking (nothing is tracked twice).
struct MoodRhythm
{
    const float* onsets = nullptr; // onset envelope, one value per hop, oldest first
    std::size_t frames = 0;
    double hopSeconds = 0.0116;
    float tempoBpm = 0.0f;
    const float* beatFrames = nullptr; // beat positions in hops, ascending
    std::size_t beats = 0;
    float rhythmStability = 0.0f; // the fingerprint's 1 / (1 + CV of IBIs)
};

// SPEC §5.1 mood features over a run of hops (the rolling window or a whole file), fed the same
// SpectralFrames as FrameAggregator. add() keeps running sums only, so the per-window cost is a
// few dozen additions per hop; compute() adds the key, tonnetz and rhythm measures. docs/MOOD.md
// lists every feature with its formula.
class MoodFeatureAggregator // analysis thread
{
  public:
    // maxBeats: the most beats compute() will see
    void prepare(std::size_t maxBeats);
    void begin() noexcept;
    void add(const SpectralFrame& f) noexcept;
    // harmonic/percussive: the HPSS energies summed over the same hops; rolloffHz: their median rolloff
    void compute(const MoodRhythm& rhythm, double harmonic, double percussive, float rolloffHz,
                 MoodFeatures& out) noexcept;

  private:
    std::size_t frames_ = 0, tonal_ = 0, voiced_ = 0;
    std::array<double, 12> chroma_ {};
    std::array<double, SpectralFrame::kNumMfcc> mfcc_ {}, mfccSquares_ {};
    std::array<double, SpectralFrame::kNumContrastBands> contrast_ {};
    double centroid_ = 0.0, bandwidth_ = 0.0, zcr_ = 0.0;
    std::vector<float> scratch_; // inter-beat intervals
};

// Tempo stability 0..1 from beat positions: the inter-beat intervals are cut into segments of
// about kBeatsPerSegment (at least two), each segment's local tempo is 60 / its median interval,
// and the spread of the local tempi (coefficient of variation) maps to 1 / (1 + CV / kTempoSpread):
// a steady tempo reads near 1, local tempi 3 % apart 0.5. Fewer than kMinIntervals intervals → 0.
// scratch: at least count floats.
constexpr std::size_t kBeatsPerSegment = 8, kMinIntervals = 6;
constexpr double kTempoSpread = 0.03;
float tempoStability(const float* beatFrames, std::size_t count, float* scratch) noexcept;

} // namespace moodscope
