// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"
#include "dsp/SpectralFrame.h"
#include "rhythm/Tempo.h"

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
    float tempoBpm = 0.0f;
    std::size_t beats = 0;        // beats tracked
    float rhythmStability = 0.0f; // the fingerprint's 1 / (1 + CV of the inter-beat intervals)
    bool lazyTempo = false;       // tempo work skipped: tempo stability repeats its last value
};

// SPEC §5.1 mood features over a run of hops (the rolling window or a whole file), fed the same
// SpectralFrames as FrameAggregator. add() keeps running sums only, so the per-window cost is a
// few dozen additions per hop; compute() adds the key, tonnetz and rhythm measures (two local
// tempo estimates per 8 s window dominate its cost). docs/MOOD.md
// lists every feature with its formula.
class MoodFeatureAggregator // analysis thread
{
  public:
    // maxFrames: the most hops one run holds; hopSeconds: their spacing
    void prepare(std::size_t maxFrames, double hopSeconds);
    void begin() noexcept;
    void add(const SpectralFrame& f) noexcept;
    // harmonic/percussive: the HPSS energies summed over the same hops; rolloffHz: their median rolloff
    void compute(const MoodRhythm& rhythm, double harmonic, double percussive, float rolloffHz,
                 MoodFeatures& out) noexcept;

  private:
    float lastTempoStability_ = 0.0f; // repeated while tempo is lazy
    std::size_t tonal_ = 0, voiced_ = 0;
    std::array<double, 12> chroma_ {};
    std::array<double, SpectralFrame::kNumMfcc> mfcc_ {}, mfccSquares_ {};
    std::array<double, SpectralFrame::kNumContrastBands> contrast_ {};
    double centroid_ = 0.0, bandwidth_ = 0.0, zcr_ = 0.0;
    float tempoStability(const float* onsets, std::size_t n, float globalBpm) noexcept;

    double hopSeconds_ = 0.0116;
    TempoEstimator localTempo_;
    std::vector<float> gated_; // onset envelope below kMinOnsetStrength zeroed
};

// An onset counts for the onset rate only if its envelope peak reaches this (the flux of a chord
// change or a drum hit is 0.1-0.6; the beating partials of a sustained chord stay below 0.02), so
// a steady pad has no onsets although the count itself is level-independent (countOnsets).
constexpr float kMinOnsetStrength = 0.05f;

// Tempo stability: the onset envelope is cut into segments of about kTempoSegmentSeconds (at least
// two); the fingerprint's TempoEstimator gives each its local tempo, folded by octaves to the one
// nearest the global tempo (a tempo estimate jumping an octave is not a tempo change); the spread
// of the local tempi (coefficient of variation) maps to 1 / (1 + CV / kTempoSpread): a steady
// tempo reads near 1, local tempi 3 % apart 0.5. Fewer than two segments with a tempo → 0.
constexpr double kTempoSegmentSeconds = 4.0;
// Onsets are counted in pieces of at most this length: the peak picking's threshold follows the
// loudest onset of the piece, so over a whole file one crash would hide every other onset.
constexpr double kOnsetCountSeconds = 8.0;
constexpr double kTempoSpread = 0.03;

// the tempo among bpm * 2^k nearest to reference (in log terms); bpm when reference is not positive
float foldOctave(float bpm, float reference) noexcept;

} // namespace moodscope
