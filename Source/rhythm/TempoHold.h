// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rhythm/Tempo.h"

#include <cmath>

namespace moodscope {

// Keeps a tempo across successive windows of one stream (the rolling fingerprint every 2 s).
// On real mixes the strongest comb of a short window wanders from the beat to slower related
// periods (2:1, 3:2, 4:3, 5:4: a 170 BPM metal song reads 136 or 113 for a few windows, then 170
// again); a listener's tempo does not. A slower estimate therefore does not replace the held
// tempo while the window's envelope still gives the held tempo kKeepSupport of the comb the
// estimate itself found - except the octave below when the estimator pools the stream's octave
// evidence (see outweighs()). A faster one always does: every slower level of a pulse has a comb as
// strong as its own, so holding off a faster level would lock the half tempo in. A window too
// dense or too quiet for a tempo of its own keeps the held one while its comb there is still
// kHoldComb (noise and drones stay below it); otherwise it reads 0 and ends the hold.
class TempoHold // analysis thread
{
  public:
    static constexpr float kKeepSupport = 0.7f; // of the estimate's comb
    static constexpr double kAgree = 0.04;      // relative: estimates this close are the same tempo
    static constexpr float kHoldComb = 0.1f;    // the held tempo's comb that carries it through a window without one

    void reset() noexcept { held_ = 0.0; }

    // The two rules, for every holder of a tempo (this and the live tracker), on the envelope of
    // estimator's last estimate(): a slower estimate `bpm` with comb `comb` does not replace
    // heldBpm - unless it is the octave below and the estimator pools the octave evidence of the
    // stream's windows (TempoEstimator::rememberLevels): that octave is then the stream's verdict,
    // not one window's wandering, and holding it off would keep every ×2 reading for good ...
    static bool outweighs(const TempoEstimator& estimator, double heldBpm, float comb, double bpm) noexcept
    {
        if (estimator.remembersLevels() && octaveBelow(heldBpm, bpm))
            return false;
        return estimator.support(heldBpm, 0.5 * kAgree) >= kKeepSupport * comb;
    }
    // ... and a window without a tempo of its own keeps heldBpm while it still shows.
    static bool stillShows(const TempoEstimator& estimator, double heldBpm) noexcept
    {
        return estimator.support(heldBpm, 0.5 * kAgree) >= kHoldComb;
    }
    // bpm is half of heldBpm, within kAgree
    static bool octaveBelow(double heldBpm, double bpm) noexcept
    {
        return std::abs(heldBpm / bpm - 2.0) < 2.0 * kAgree;
    }

    // estimate: what estimator.estimate() just returned for this window; returns the tempo to report.
    float apply(const TempoEstimator& estimator, const TempoResult& estimate) noexcept;

    float held() const noexcept { return static_cast<float>(held_); }

  private:
    double held_ = 0.0;
};

} // namespace moodscope
