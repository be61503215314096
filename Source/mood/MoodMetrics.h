// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <array>

namespace moodscope {

using MoodValues = std::array<float, kNumMoods>;

// What the SPEC §5.2 formulas read, pulled out of one snapshot and sanitized (every value
// finite and in its physical range). The mood features are preferred; before they are
// computed (featuresValid == false) the fingerprint's equivalents stand in, so the metrics
// never depend on which of the two filled a value first.
struct MoodInputs
{
    float lufs = -70.0f;        // gated loudness of the window (or file)
    float onsetRate = 0.0f;     // onsets per second
    float onsetStrength = 0.0f; // mean level-independent onset envelope (features only)
    bool hasOnsetStrength = false;
    float tempoBpm = 0.0f;         // 0 = none
    bool pulse = false;            // at least 3 beats were tracked
    float rhythmRegularity = 0.0f; // 1 / (1 + CV of IBIs)
    float tempoStability = 0.0f;
    float harmonicRatio = 0.0f; // E_h / (E_h + E_p)
    float centroidHz = 0.0f;
    float rolloffHz = 0.0f;
    float brightnessContrast = 0.0f; // dB, upper minus lower bands
    bool hasContrast = false;
    int key = -1;
    bool minor = false;
    float keyStrength = 0.0f;       // -1..1
    float modeMargin = 1.0f;        // key strength minus the best key of the other mode (0 = ambiguous)
    float flatness = 0.0f;          // 0..1
    float chromaEnergy = 1.0f;      // 1/12..1
    float lowShare = 0.0f;          // bass + low-mid share of power, 0..1
    float highShare = 0.0f;         // upper-mid + presence + air share, 0..1
    float loudnessVariation = 0.0f; // LU std over 1 s chunks
    float timbreVariation = 0.0f;   // mean MFCC 1..12 std (0 without features)
    float silenceRatio = 0.0f;
};

MoodInputs moodInputs(const SlowSnapshot& s) noexcept;

// 0..1: how far to believe the onset detector and beat tracker. Working on a normalized flux,
// they also fire on the flutter of a sustained pad (≈10 onsets/s, a steady "tempo"); a real
// pulse shows as percussive power (8 % -> 0, 30 % -> 1) or as a strong mean onset envelope
// (0.01 -> 0, 0.025 -> 1), whichever says more.
float onsetConfidence(const MoodInputs& in) noexcept;
// 0..1: how a wall of distorted guitars or cymbals drives, where flux and HPSS read it as
// sustained: a large share of power above 2 kHz (4 % -> 0, 15 % -> 1) at a loud level
// (-20 LUFS -> 0, -10 LUFS -> 1).
float fullBandDrive(const MoodInputs& in) noexcept;
// 0..1: how clearly a steady beat goes on (pulse clarity): the tempo stability of the window
// (0.5 -> 0, 0.9 -> 1) where at least 3 beats were tracked. A drum machine or a steady groove
// reads near 1; rubato orchestral music, whose local tempi wander, near 0.
float pulseClarity(const MoodInputs& in) noexcept;
// 0..1: how much is moving, the part of energy and arousal that does not depend on a tempo:
// the mean onset envelope (spectral flux, 0.025 -> 0, 0.07 -> 1) and the percussive share
// (15 % -> 0, 40 % -> 1) half and half, or the full-band drive, or 0.6 x the pulse clarity,
// whichever says most; 0 in silence.
float activity(const MoodInputs& in) noexcept;
// Onsets per second × onsetConfidence.
float effectiveOnsetRate(const MoodInputs& in) noexcept;

// Loudness on the 0..1 scale the metrics share: an absolute anchor (-50 LUFS -> 0,
// -8 LUFS -> 1) blended half and half with `relative` (0..1, the loudness against the run's
// own loudest stretch, see MoodMetrics).
float absoluteLoudness(float lufs) noexcept;
// The blend: 0.5 absolute + 0.5 relative, and 0 at or below -60 LUFS.
float loudness01(float lufs, float relative) noexcept;

// The eleven SPEC §5.2 formulas (docs/MOOD.md), unsmoothed, each 0..1 and finite.
MoodValues rawMoodMetrics(const MoodInputs& in, float relativeLoudness) noexcept;

// Mood metrics over a stream of slow updates: the raw formulas with the relative loudness
// taken against a decaying running maximum of the window loudness, then a one-pole
// smoother whose time constant is in seconds (independent of the update interval).
class MoodMetrics // analysis thread
{
  public:
    static constexpr float kSmoothingSeconds = 4.0f; // one-pole time constant
    static constexpr float kReferenceDecayLuPerSecond = 0.1f;
    static constexpr float kRelativeRangeLu = 20.0f; // reference - 20 LU reads 0

    void prepare(double intervalSeconds) noexcept;
    void reset() noexcept;

    // Returns the smoothed metrics after this update.
    const MoodValues& update(const MoodInputs& in) noexcept;
    const MoodValues& values() const noexcept { return smoothed_; }
    // the last update's unsmoothed metrics (the state machine has its own hysteresis)
    const MoodValues& raw() const noexcept { return raw_; }

    // 0..1 loudness of `lufs` against the current running reference (0.5 before any sound)
    float relativeLoudness(float lufs) const noexcept;
    float reference() const noexcept { return reference_; }
    bool hasReference() const noexcept { return hasReference_; }

  private:
    float dt_ = 2.0f, alpha_ = 0.4f;
    float reference_ = -70.0f;
    bool hasReference_ = false, primed_ = false;
    MoodValues smoothed_ {}, raw_ {};
};

} // namespace moodscope
