// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mood/MoodMetrics.h"
#include "model/SlowSnapshot.h"

namespace moodscope {

// SPEC §5.3 labels from the smoothed metrics: the energy × brightness × intensity category
// and the arousal × valence quadrant. Each axis has hysteresis around its thresholds, and a
// published label is held at least kMinHoldSeconds before it may change (docs/MOOD.md).
class MoodLabeler // analysis thread
{
  public:
    static constexpr float kLowThreshold = 0.35f, kHighThreshold = 0.65f; // category axes
    static constexpr float kQuadrantThreshold = 0.5f;                     // arousal, valence
    static constexpr float kHysteresis = 0.05f;    // a level moves only this far past a threshold
    static constexpr float kMinHoldSeconds = 8.0f; // per label (category, quadrant)

    void prepare(double intervalSeconds) noexcept;
    void reset() noexcept;

    void update(const MoodValues& metrics) noexcept;
    const MoodCategory& category() const noexcept { return category_; }
    Quadrant quadrant() const noexcept { return quadrant_; }

    // Without history (whole-file summary): plain thresholds.
    static MoodCategory categorize(const MoodValues& metrics) noexcept;
    static Quadrant quadrantOf(const MoodValues& metrics) noexcept;

  private:
    float dt_ = 2.0f;
    bool primed_ = false;
    MoodCategory category_ {};
    Quadrant quadrant_ = Quadrant::Calm;
    float categoryHeld_ = 0.0f, quadrantHeld_ = 0.0f; // seconds since the last change
};

} // namespace moodscope
