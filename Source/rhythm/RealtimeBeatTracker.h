// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dsp/Loudness.h"
#include "rhythm/Tempo.h"
#include "rhythm/TempoHold.h"

#include <array>
#include <cstdint>
#include <vector>

namespace moodscope {

struct FastFrame;

// Causal beat tracker for lights (SPEC §6): beat pulses, beat and bar phase, BPM, confidence.
//
// Tempo: every kUpdateSeconds (half that before the first lock) the fingerprint's TempoEstimator (comb-filtered
// autocorrelation with the 120 BPM prior and its octave climb) runs over the onset envelope: the last
// kLockHistorySeconds before a lock, after it up to kHistorySeconds back to the start of the window that gave the
// held tempo. The first lock wants a comb of kClearComb, or two agreeing estimates with at least kFirstLockComb (a
// few seconds of noise can show a weaker comb peak), over a window of at least kFirstLockPeriods of its period (two
// chance hits a slow period apart make a clear comb in the first seconds). A new tempo close to the current one is
// blended in; a slower related one is ignored while the held tempo keeps TempoHold::kKeepSupport of its comb (on real
// mixes the comb peak wanders between 3:2, 5:4 relations; in the short window after the beats miss, a fill's figure
// rules), except the octave below: once locked, the estimator pools the octave evidence of its windows
// (TempoEstimator::rememberLevels), so its octave is the stream's verdict; any other must be seen twice in a row before
// the tracker switches. A pulse shown at its tempo for kOctaveHoldSeconds whose beats keep landing on their onsets
// keeps its octave: on real songs most of the octave changes the pooled verdict still brings by then go away from the
// level the song is annotated at. Through a passage too weak for a tempo a locked
// tracker keeps pulsing while its period still has TempoHold::kHoldComb, or while the window's best tempo is still
// the held one and its beats keep landing on their onsets (kLostHitRate, kTightRate), or while nearly every beat lands
// within kTightSeconds of its onset amid clear onsets (kSureTightRate): notes off the grid can bury the comb of a pulse
// that goes on, and the window's own best tempo with it.
//
// Phase: at each tempo update a comb of kPhaseBeats teeth at the beat period, recent teeth weighted more, is slid over
// the last period of the envelope; its best offset is the latest beat. The tracker moves half-way towards it when it
// agrees (kPhaseAgree: further away is mostly another peak of the comb, a pushed part's), and jumps to it when it has
// disagreed kPhaseMisses times in a row - unless the grid has held kPhaseSettleSeconds and its own comb still has
// kPhaseKeep of the new offset's (on- and off-beat of real mixes trade places section by section; a pulse that swaps
// with them is no pulse to follow). Where a grid is chosen (a lock, a new tempo) the bass drum decides between it and
// the grid half a period away (kOffBeatLowRatio). Between updates it is a phase-locked predictor: beats are predicted
// one period ahead, and once the envelope around a predicted beat is complete the strongest peak within
// kCorrectFraction of a period corrects the next prediction (phase) and the period itself (frequency), by small gains.
//
// Pulses are shown only while the beats find their onsets (hit rate at least kLostHitRate; a new lock takes the hit
// rate its grid has over the history it locked on): a rubato line or random hits can hold a lock for a while, not the
// hits. A pulse is switched on only while at least kTightRate of the beats also find their onset within kTightSeconds
// (hits at random times fall anywhere in the correction window, played beats within a few tens of ms), and for a grid
// taken while locked (a new tempo) only once kOwnBeats of its own beats have been checked: the rates it starts with are
// the previous grid's, and a rubato line hops from one chance grid to the next. A pulse shown for kEstablishedBeats
// stays shown down to kSilentHitRate: a break or a fill leaves some beats without onsets, and a light show must not go
// dark at each; below it, in a stop (the music sounding on without onsets) it counts on for up to kFlywheelSeconds:
// musicians count through a stop, and the beats come back on the grid. A shown pulse whose beats have lost their onsets
// takes them back only on clear peaks (kRegainContrast): noise after the music has a peak near every beat. Pulses are
// predictive: a beat's pulse comes in the hop whose span holds the predicted beat time, so it is never later than one
// hop after the beat. Envelope peaks lag their onsets by OnsetDetector::kPeakDelaySeconds, which is taken off every
// envelope time.
//
// Downbeat: the rise of the < 100 Hz band at each beat is averaged per position in a 4-beat bar; the position with the
// clearly strongest low accent (the kick) becomes beat 1. With a kick on 1 and 3 this picks either of them.
//
// Strength and confidence: the tempo's confidence is the comb's periodicity times the hit rate; a pulse's strength is
// the envelope peak its place in the bar has carried, over twice the beats' usual peak (kSlowPeakCoeff), times the
// pulse's own confidence, in which the tight rate stands in for the periodicity where it is higher: beats that land on
// their onsets are sure of themselves whatever notes between them do to the comb.
class RealtimeBeatTracker // analysis thread
{
  public:
    static constexpr double kHistorySeconds = 10.0;
    static constexpr double kLockHistorySeconds = 6.0; // the window before a lock
    static constexpr double kUpdateSeconds = 0.5;
    // below this hit rate the tempo is re-estimated over the last kShortHistorySeconds only, and
    // no pulse is shown
    static constexpr float kLostHitRate = 0.6f;
    static constexpr float kSilentHitRate = 0.4f;
    static constexpr double kEstablishedBeats = 8.0;
    // Where an established pulse's hit rate falls below kSilentHitRate, it is a stop when the onset envelope's recent
    // mean (kRecentSeconds) is below kFlywheelQuiet of its long mean (kLongSeconds) at the last beat that found its
    // onset while the beats landed (not refreshed while the rate sits below kLostHitRate): a held chord, a breakdown's
    // pad has no onsets of its own. The pulse then stays shown below kSilentHitRate for at most kFlywheelSeconds from
    // the fall (the clock is reset only once the beats land again, kLostHitRate, or the pulse goes dark; in between
    // the rate of kSilentHitRate keeps it shown as before; a grid taken or moved since the fall gets none), while the
    // momentary loudness, held over about a beat, stays within kFlywheelDropLu of its long mean (of power) at that beat
    // and above kFlywheelFloorLufs: silence and a fade past that end it at once. The gate judges how busy the envelope
    // is, not how loud: the onset detector's envelope is relative to its own level reference, so noise at the music's
    // loudness or above ends the pulse at the fall, and noise some LU below it can pass for a stop.
    static constexpr double kFlywheelSeconds = 3.0;
    static constexpr float kFlywheelDropLu = 30.0f;
    static constexpr float kFlywheelFloorLufs = -60.0f;
    static constexpr float kFlywheelQuiet = 0.7f;
    static constexpr double kRecentSeconds = 0.5; // time constants of the running means
    static constexpr double kLongSeconds = 4.0;
    // a pulse shown this long at its tempo, its beats landing (kLostHitRate, kTightRate), is not moved an octave: by
    // then the pooled octave evidence (LevelMemory) has had its time constant to build up, and on real songs most of
    // the octave changes it still brings go away from the level the song is annotated at and often come back. Music
    // that doubles its tempo keeps the slower pulse, whose beats still land; where every other beat loses its onset
    // the pooled evidence decides as before.
    static constexpr double kOctaveHoldSeconds = LevelMemory::kMemorySeconds;
    static constexpr double kTightSeconds = 0.04;
    static constexpr float kTightRate = 0.5f;
    // beats this sure of their onsets hold a lock through a passage too weak for a tempo while the estimate's
    // window still has clear onsets (TempoEstimator::hadClearOnsets): at random times even 8 notes a second put an
    // onset within kTightSeconds of a beat less than half the time, and the running rate reaches this only after
    // eight or more such beats in a row. Noise has a local maximum near every beat but no clear onsets.
    static constexpr float kSureTightRate = 0.9f;
    // Once a shown pulse's hit rate falls below kLostHitRate, a beat's peak counts as a hit again only where it
    // stands this many times above the mean envelope around it (localMean), until the rate is back or a new grid is
    // taken: when the music gives way to noise, the running beat peak sinks to the noise's own maxima, one of which
    // lies near every beat, and counting them would take the lost beats back and pulse on through the noise.
    static constexpr float kRegainContrast = 1.75f;
    // a grid taken while locked (a new tempo) is switched on only after this many of its own
    // beats: until then its hit and tight rates are the previous grid's
    static constexpr int kOwnBeats = 3;
    static constexpr double kShortHistorySeconds = 3.5;
    static constexpr int kPhaseBeats = 16;
    static constexpr double kPhaseDecay = 0.92; // weight of each older comb tooth
    // of a period: phase estimates this close are blended; one further away is mostly another peak
    // of the comb (a pushed or dotted part), and a grid averaged with it walks onto the push
    static constexpr double kPhaseAgree = 0.15;
    static constexpr double kRephaseGain = 0.5; // ... by this much
    static constexpr int kPhaseMisses = 3;      // disagreeing phase estimates in a row that move it
    static constexpr double kPhaseKeep = 0.6;   // ... unless the held grid keeps this share of the new one's comb
    static constexpr double kPhaseSettleSeconds = 8.0; // ... and has held this long
    static constexpr double kCorrectFraction = 0.12;   // of a period: onsets this close to a beat correct it
    static constexpr double kPhaseGain = 0.25, kPeriodGain = 0.05;
    static constexpr double kTempoAgree = TempoHold::kAgree;
    static constexpr double kCoastSeconds = 4.0;     // keeps predicting this long without a tempo estimate
    static constexpr float kMinComb = 0.15f;         // weaker periodicity than this is no tempo
    static constexpr float kFirstLockComb = 0.2f;    // first lock: two agreeing estimates above this
    static constexpr float kClearComb = 0.3f;        // ... one above this
    static constexpr double kFirstLockPeriods = 3.0; // ... over a window at least this many periods long
    static constexpr double kReturnSeconds = 20.0;   // a lock lost this recently is no first lock
    static constexpr float kDownbeatMargin = 1.25f;
    // A pulse comes before its onset, so its strength is the running envelope peak its place in the
    // bar has carried since the grid was taken or moved (a downbeat's crash, a backbeat's snare),
    // against the beats' usual peak since the lock: the mean of the beats the lock was fitted to, then
    // a running one over about 1 / kSlowPeakCoeff beats (half a minute). Before the confidence, a beat
    // as strong as usual reads 0.5, and a section whose beats stand out more than those of the half
    // minute before, more. A short mean (a few beats) would not do: a strong beat would lower the
    // pulses after it.
    static constexpr float kSlowPeakCoeff = 0.02f;
    static constexpr double kOffBeatLowRatio = 1.5; // low-band rises: off-beat grid over beat grid

    void prepare(double hopSeconds);
    void reset() noexcept;

    // hopEnd: seconds of audio at the end of this hop; onset: this hop's OnsetDetector value;
    // lowDb: the unsmoothed < 100 Hz light band in dB; loudnessLufs: the momentary loudness (LoudnessMeter).
    // Fills the beat fields of f.
    void process(double hopEnd, float onset, float lowDb, float loudnessLufs, FastFrame& f) noexcept;

    bool locked() const noexcept { return locked_; }
    double period() const noexcept { return period_; }

  private:
    const float* view() const noexcept { return env_.data() + write_; } // last n_ values, oldest first
    const float* lowView() const noexcept { return low_.data() + write_; }
    double indexOf(double onsetTime) const noexcept; // fractional index into view()
    double timeOf(double index) const noexcept;      // onset time of a view index: indexOf's inverse
    float envAt(double onsetTime) const noexcept;
    void updateTempo() noexcept;
    void rephase(bool force) noexcept;
    double lowScore(double anchor, int teeth) const noexcept; // low-band rises on a grid
    struct EnvelopePeak
    {
        std::size_t at = 0; // view index
        float value = 0.0f;
        bool isPeak = false; // a local maximum of the envelope
    };
    // the strongest envelope value at view indices ceil(lo)..floor(hi)
    EnvelopePeak strongestIn(double lo, double hi) const noexcept;
    // a beat hits when the strongest value near it is a clear peak against the running beat peak
    bool isHit(const EnvelopePeak& p) const noexcept;
    float localMean(std::size_t at) const noexcept; // the mean envelope around view index `at` (kOnsetMeanSeconds)
    void checkBeat() noexcept;                      // phase-locked correction and accents of the last emitted beat
    // hit rate and beat peak of a new grid from history; returns the beats seen (0, nothing set, with too little)
    int seedHits(double anchor, int teeth) noexcept;
    void newGrid() noexcept; // a grid taken or moved now
    void emit(FastFrame& f, bool audible) noexcept;

    TempoEstimator tempo_;
    double hop_ = 0.0116, delay_ = 0.018;
    std::size_t n_ = 0, write_ = 0, filled_ = 0;
    std::size_t updateHops_ = 43, sinceUpdate_ = 0, shortHistory_ = 300, lockHistory_ = 517, meanReach_ = 9;
    std::vector<float> env_, low_; // 2 * n_: each value stored twice so the last n_ are contiguous
    double now_ = 0.0;             // end of the current hop
    float lastLowDb_ = -120.0f;

    bool locked_ = false, audible_ = false;
    double period_ = 0.5, estimatedPeriod_ = 0.5; // seconds
    double nextBeat_ = 0.0, lastBeat_ = -1e9;     // onset times, seconds
    double candidate_ = 0.0;
    int candidateCount_ = 0, phaseMisses_ = 0;
    double lastSupport_ = 0.0;  // when the estimator last found a tempo
    double lastLocked_ = -1e9;  // the last hop the tracker was locked in
    double phaseSince_ = 0.0;   // when the phase last jumped (lock, new tempo, or kPhaseMisses)
    double audibleSince_ = 0.0; // when the pulse was last switched on
    double silentSince_ = -1.0; // when an established pulse's hit rate fell below kSilentHitRate; -1 = it has not
    bool stopping_ = false;     // ... into a stop (kFlywheelQuiet)
    // the onset envelope's running means over kRecentSeconds and kLongSeconds, the loudness's (as power) over
    // kLongSeconds, and the long ones at the last beat that found its onset while the beats landed
    float recentCoeff_ = 0.0f, longCoeff_ = 0.0f;
    float recentOnset_ = 0.0f, longOnset_ = 0.0f, beatOnset_ = 0.0f;
    double longPower_ = 0.0;
    float beatLufs_ = LoudnessMeter::kFloorLufs, heldLufs_ = LoudnessMeter::kFloorLufs;
    double tempoFrom_ = 0.0;  // start of the envelope window that gave the held tempo
    double tempoSince_ = 0.0; // when the held tempo was taken (a lock or a new tempo)
    float comb_ = 0.0f, hitRate_ = 0.0f, tightRate_ = 0.0f, beatPeak_ = 0.0f, strength_ = 0.0f;
    std::uint32_t count_ = 0;
    int beatInBar_ = -1, checkSlot_ = 0;
    int ownBeats_ = 0; // beats checked on the current grid, up to kOwnBeats
    bool checkPending_ = false;
    bool checkOnGrid_ = false; // the pending beat was emitted on the current grid
    bool fading_ = false;      // kRegainContrast applies
    double checkBeat_ = 0.0;
    std::array<float, 4> accents_ {};
    std::array<int, 4> accentCount_ {};
    std::array<float, 4> peakAccents_ {}; // the running envelope peak at each bar position of this grid
    std::array<int, 4> peakCount_ {};
    float slowPeak_ = 0.0f; // ... at every beat since the lock, over kSlowPeakCoeff
    int slowCount_ = 0;
};

} // namespace moodscope
