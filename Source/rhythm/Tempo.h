// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/Dimensions.h"
#include "rhythm/LevelMemory.h"

#include <cstddef>
#include <vector>

namespace moodscope {

struct TempoResult
{
    float bpm = 0.0f;        // 40..220, or 0 when the window holds no periodic onsets
    float confidence = 0.0f; // 0..1: the comb-filtered autocorrelation at the chosen period
};

// Global tempo of an onset envelope (SPEC §4.3 tempo_bpm).
//
// 0. Pulse: an envelope with fewer than kMinOnsets clear onsets, or fewer than kMinOnsetRate a
//    second (countOnsets), has no tempo: a held chord, a drone or stationary noise reads 0 BPM.
// 1. Periodicity: the unbiased autocorrelation R of the mean-removed envelope (lags up to
//    kMaxLagSeconds, at most half the window) is scored on a 0.05 BPM grid by a comb: the mean of
//    R at the first few multiples of the (fractional, linearly interpolated) period. Several teeth
//    sharpen the peak far below one hop, which is what makes +-1 BPM possible at an ~86 Hz frame
//    rate, and a period only scores if the pulse repeats at its multiples too.
// 2. Family: the comb times a log-Gaussian prior (centre kPriorBpm, kPriorOctaves wide) picks the
//    strongest period. The prior only chooses which family of octave-related periods is meant.
// 3. Octave (the anchor's defect, SPEC §4.8): within the family every period T * 2^j in range
//    is a candidate metrical level, and the beat is the fastest level reached by climbing from
//    the slowest one while each next level is fully supported: on the next level's grid, its
//    phase chosen on all its events, the weaker of its two interleaved halves (each a grid of
//    the slower level) must carry at least kAccentRatio * prior(slower) / prior(faster) of the
//    strength of the stronger, with the prior kClimbOctaves wide: narrower than the family's,
//    because it models where listeners tap rather than which periods occur. Half-note and bar
//    levels pass (the off positions hold beats), subdivisions fail (hats and other off-beats
//    are weaker than the beats they divide), so the answer is the level whose pulses are all
//    accented alike - the beat. The prior scales the bar: climbing from 58 to 116 BPM needs
//    0.21 (a level slower than 60 BPM with anything regular between its pulses is a half-note
//    level); from 70 to 140 it needs 0.34, which eighth-note hats under a backbeat (0.29) miss;
//    from 85 to 170 0.55, from 95 to 190 0.73 (between the charted 95 BPM song whose eighths
//    carry 0.71 and the 190 BPM one whose weak beats carry 0.79) and from 105 to 210 0.95: a
//    tactus faster than 200 BPM is rare, and equal clicks faster than about 214 BPM (a bar of
//    1) read at half their rate.
//    A stream's successive windows (the rolling fingerprint, the live tracker) pool these
//    strengths per tempo over the last half minute (rememberLevels, LevelMemory): a few seconds
//    hold few off positions, and a song near the bar would otherwise flip between two levels
//    from one window to the next. A single estimate (a file's summary) decides on its own.
// Caveat: a tactus with equally strong off-beats (straight eighths of equal weight) is read at the
// eighth-note rate if that rate is in range and below about 214 BPM, and triple relations (3:1)
// are not resolved.
class TempoEstimator // analysis thread
{
  public:
    static constexpr float kMinBpm = kTempoMinBpm, kMaxBpm = kTempoMaxBpm;
    static constexpr double kGridStep = 0.05; // BPM
    static constexpr float kPriorBpm = 120.0f, kPriorOctaves = 1.5f;
    static constexpr float kAccentRatio = 0.55f, kClimbOctaves = 0.75f;
    static constexpr double kMaxLagSeconds = 4.0;
    static constexpr double kMinSeconds = 3.0; // shorter envelopes give 0 BPM
    // fewer clear onsets (OnsetCount.h) than this, or than this many per second, give 0 BPM
    static constexpr double kMinOnsets = 3.0, kMinOnsetRate = 0.5;
    static constexpr float kPulseSpread = 3.0f;

    // maxFrames: the longest envelope estimate() will see (a longer one uses its latest frames).
    void prepare(std::size_t maxFrames, double hopSeconds);

    // onsetEnvelope: n onset strengths, one per hop, oldest first.
    TempoResult estimate(const float* onsetEnvelope, std::size_t n) noexcept;

    // The comb at the best period within bpm * (1 +- span) on the envelope of the last estimate(),
    // also when that found no tempo (too few clear onsets, too weak a comb); 0 after silence or
    // too short an envelope. Lets a tracker ask whether the tempo it holds still explains the
    // envelope about as well as the estimate's own choice, or still shows at all.
    float support(double bpm, double span) const noexcept;

    // Whether the envelope of the last estimate() held the clear onsets a tempo needs (step 0):
    // stationary noise does not, however often its maxima fall near a held grid's beats.
    bool hadClearOnsets() const noexcept { return clearOnsets_; }

    // A stream's successive windows, one every windowEverySeconds, decide the octave on their
    // pooled accents (LevelMemory); 0 (the default) decides on each window alone.
    void rememberLevels(double windowEverySeconds) noexcept { levels_.setInterval(windowEverySeconds); }
    void forgetLevels() noexcept { levels_.reset(); }
    bool remembersLevels() const noexcept { return levels_.enabled(); }

  private:
    float combAt(double bpm) const noexcept;
    // log-Gaussian around kPriorBpm, `octaves` wide, 1 at the centre
    static float prior(double bpm, float octaves) noexcept;
    static double gridBpm(std::size_t i) noexcept { return kMinBpm + static_cast<double>(i) * kGridStep; }
    double refine(double bpm, double span) const noexcept; // best comb peak within bpm * (1 +- span)
    struct Accents
    {
        double on = 0.0, mid = 0.0;
    };
    Accents accents(double bpm, std::size_t n) const noexcept;

    double hop_ = 0.0116;
    std::size_t maxFrames_ = 0, maxLag_ = 0, lag_ = 0, accentWidth_ = 1;
    bool acfValid_ = false, clearOnsets_ = false;
    std::vector<float> x_;     // mean-removed envelope
    std::vector<float> peaks_; // baseline-removed envelope, max-filtered over +- accentWidth_
    std::vector<float> sorted_;
    std::vector<float> acf_;
    std::vector<float> gridPrior_; // prior(gridBpm(i))
    LevelMemory levels_;
};

} // namespace moodscope
