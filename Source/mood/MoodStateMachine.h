// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <array>
#include <cstdint>

namespace moodscope {

// What the state machine reads at one slow update.
struct StateInputs
{
    bool silent = true;        // the per-hop silence detector (or the loudness gate)
    float loudnessLufs = -70;  // recent loudness: mean momentary loudness of the hops since the last update
    float onsetRate = 0.0f;    // onsets per second over the window
    float energy = 0.0f;       // energy 0..1 (see MoodModel: loudness term from the recent loudness)
    float belowReference = 0;  // LU the recent loudness is below the run's loudest recent stretch
    float beatStrength = 0.0f; // unsmoothed beat strength 0..1 (the machine has its own hysteresis)
    bool drop = false;         // a drop fired since the previous update
};

// Exponentially weighted mean and variance with a time constant in seconds, for running
// z-scores. The std has a floor so steady input does not turn noise into big z-scores.
class RunningZ // analysis thread
{
  public:
    void prepare(float alpha, float stdFloor) noexcept
    {
        alpha_ = alpha;
        floor_ = stdFloor;
        reset();
    }
    void reset() noexcept
    {
        mean_ = var_ = 0.0f;
        count_ = 0;
    }
    // z of x against the statistics so far (0 before the first value)
    float z(float x) const noexcept;
    void add(float x) noexcept;
    int count() const noexcept { return count_; }
    float mean() const noexcept { return mean_; }

  private:
    float alpha_ = 0.1f, floor_ = 1.0f, mean_ = 0.0f, var_ = 0.0f;
    int count_ = 0;
};

// SPEC §5.3 eight states and the slow section events (docs/MOOD.md "Labels and states").
// Running z-scores of loudness and onset density (time constant kStatsSeconds) say where the
// music stands against its own recent past; a least-squares loudness slope over the last
// kBuildWindowSeconds that climbs steadily (no single step faster than kMaxBuildRate, which
// tells a swell from a drop's jump) says a build is under way; absolute energy and beat
// strength separate chill from groove from intense.
// Every threshold has a hysteresis margin while its state is current, and a state is held
// kMinHoldSeconds before it may change, except into and out of silence and right after a
// drop, which switch at once.
class MoodStateMachine // analysis thread
{
  public:
    static constexpr float kStatsSeconds = 45.0f;
    static constexpr float kLoudnessStdFloorLu = 3.0f, kOnsetStdFloor = 1.0f;
    static constexpr float kBuildWindowSeconds = 6.0f;
    static constexpr float kMaxBuildRate = 5.0f; // LU/s; a faster step is a jump, not a build
    static constexpr int kMaxHistory = 32;       // updates kept for the slope
    static constexpr float kEnergySlowSeconds = 16.0f;
    static constexpr float kMinHoldSeconds = 6.0f;
    static constexpr float kEventGapSeconds = 6.0f; // between two energy_rise / energy_fall
    static constexpr int kWarmUpdates = 3;          // z-scores count after this many updates

    void prepare(double intervalSeconds) noexcept;
    void reset() noexcept;

    // Returns the MoodEvent bits that fire at this update.
    std::uint32_t update(const StateInputs& in) noexcept;
    MoodState state() const noexcept { return state_; }

    // Without history (whole-file summary): loudness and onset z-scores 0, no trend.
    static MoodState classifyStatic(const StateInputs& in) noexcept;

    // the last update's readings, for tests and docs
    float loudnessZ() const noexcept { return zLoud_; }
    float loudnessSlope() const noexcept { return slope_; } // LU/s over the build window

  private:
    struct Reading
    {
        float zLoud = 0.0f, zOnset = 0.0f;
        float slope = 0.0f, rise = 0.0f;               // loudness LU/s and LU over the build window
        float maxStepRate = 0.0f, lastStepRate = 0.0f; // LU/s between consecutive updates
        float onsetSlope = 0.0f;                       // onsets/s per s
    };
    static MoodState classify(const StateInputs& in, const Reading& r, MoodState current) noexcept;

    float dt_ = 2.0f;
    void measureTrend(Reading& r) const noexcept;

    float energyAlpha_ = 0.1f;
    RunningZ loud_, onsets_;
    std::array<float, kMaxHistory> loudHistory_ {}, onsetHistory_ {}; // ring, newest at head_
    int head_ = 0, stored_ = 0, trendPoints_ = 4;
    float slowEnergy_ = 0.0f;
    bool energyPrimed_ = false, riseArmed_ = true, fallArmed_ = true;
    float sinceEnergyEvent_ = 1e9f;
    MoodState state_ = MoodState::Silence;
    bool primed_ = false;
    float held_ = 0.0f;
    float zLoud_ = 0.0f, zOnset_ = 0.0f, slope_ = 0.0f;
};

} // namespace moodscope
