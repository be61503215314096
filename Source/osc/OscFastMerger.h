// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/FastFrame.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace moodscope {

struct OscBeatPulse
{
    std::uint32_t count = 0;
    float strength = 0.0f;
};

// Collapses the fast frames that arrive within one send period into one: the newest levels,
// phases and bands, but every pulse that happened in between, so the rate limit never
// swallows a beat or an onset. Onsets and host beats are OR-ed; beats are kept one by one
// (two in one period only happen when the sender was starved, and then each still counts).
// Events are OR-ed too; a frame with events makes the sender send the merged frame at once.
class OscFastMerger // sender thread
{
  public:
    static constexpr int kMaxEarlierBeats = 16;

    void add(const FastFrame& f) noexcept
    {
        const FastFrame previous = merged_;
        const bool had = pending_;
        merged_ = f;
        pending_ = true;
        if (!had)
        {
            earlier_ = 0;
            return;
        }
        if (previous.beat)
        {
            if (f.beat)
                keepEarlier({ previous.beatCount, previous.beatStrength });
            else
            {
                merged_.beat = true;
                merged_.beatCount = previous.beatCount;
                merged_.beatStrength = previous.beatStrength;
                merged_.beatLatency = previous.beatLatency;
            }
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

    // The merged frame (carrying the latest beat); starts a new period.
    const FastFrame& take() noexcept
    {
        pending_ = false;
        return merged_;
    }
    // Beats of the period just taken that came before the one in the merged frame, oldest first.
    int earlierBeats() const noexcept { return earlier_; }
    const OscBeatPulse& earlierBeat(int i) const noexcept { return beats_[static_cast<std::size_t>(i)]; }

    void clear() noexcept
    {
        pending_ = false;
        earlier_ = 0;
    }

  private:
    void keepEarlier(OscBeatPulse p) noexcept
    {
        if (earlier_ == kMaxEarlierBeats) // a sender starved that long: keep the newest
        {
            std::move(beats_.begin() + 1, beats_.end(), beats_.begin());
            --earlier_;
        }
        beats_[static_cast<std::size_t>(earlier_++)] = p;
    }

    FastFrame merged_ {};
    bool pending_ = false;
    std::array<OscBeatPulse, kMaxEarlierBeats> beats_ {};
    int earlier_ = 0;
};

} // namespace moodscope
