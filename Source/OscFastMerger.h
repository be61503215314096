// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Snapshot.h"

#include <algorithm>

namespace moodscope {

// Collapses the fast frames that arrive within one send period into one: the newest levels,
// phases and bands, but every pulse (beat, onset, host beat) that happened in between, so the
// rate limit never swallows a beat. Events are not merged: the sender sends them at once.
class OscFastMerger // sender thread
{
  public:
    void add(const FastFrame& f) noexcept
    {
        const FastFrame previous = merged_;
        const bool had = pending_;
        merged_ = f;
        pending_ = true;
        if (!had)
            return;
        if (!f.beat && previous.beat)
        {
            merged_.beat = true;
            merged_.beatCount = previous.beatCount;
            merged_.beatStrength = previous.beatStrength;
            merged_.beatLatency = previous.beatLatency;
        }
        if (previous.onset)
        {
            merged_.onset = true;
            merged_.onsetStrength =
                f.onset ? std::max(f.onsetStrength, previous.onsetStrength) : previous.onsetStrength;
        }
        merged_.hostBeat = f.hostBeat || previous.hostBeat;
        merged_.events = f.events | previous.events;
    }

    bool pending() const noexcept { return pending_; }

    // The merged frame; starts a new period.
    FastFrame take() noexcept
    {
        pending_ = false;
        return merged_;
    }

    void clear() noexcept { pending_ = false; }

  private:
    FastFrame merged_ {};
    bool pending_ = false;
};

} // namespace moodscope
