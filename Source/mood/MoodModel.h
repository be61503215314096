// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mood/HopEvents.h"
#include "mood/MoodLabels.h"
#include "mood/MoodMetrics.h"
#include "mood/MoodStateMachine.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <cstdint>

namespace moodscope {

// The mood layer the Analyzer calls (SPEC §5.2, §5.3; docs/MOOD.md): per hop it watches the
// momentary loudness for drops and silence (FastFrame::events), and at every slow update it
// turns the fingerprint and mood features into the eleven metrics, the category and
// quadrant labels, the eight-state machine and the section events. Fixed-size state only:
// nothing allocates after prepare().
class MoodModel // analysis thread
{
  public:
    void prepare(double hopSeconds, double intervalSeconds) noexcept;
    void reset() noexcept;

    // Every hop, after computeFast(): adds the hop's drop/silence bits to frame.events.
    // momentaryLufs comes from the loudness meter, not the frame: with the fast signals
    // switched off (file mode) the frame does not carry it.
    void onHop(FastFrame& frame, float momentaryLufs) noexcept;

    // Every slow update, after the fingerprint and features are filled. A warming-up
    // snapshot gets nothing (and the events seen so far are dropped with it).
    void update(SlowSnapshot& s) noexcept;

    // Whole-file summary: the same formulas without smoothing or history; the file is its
    // own loudness reference and the state comes from the whole-file values.
    static void summarize(SlowSnapshot& s) noexcept;

  private:
    HopEventDetector hops_;
    MoodMetrics metrics_;
    MoodLabeler labels_;
    MoodStateMachine states_;
    std::uint32_t pendingEvents_ = 0;
    double momentarySum_ = 0.0; // momentary loudness summed over the hops since the last update
    int momentaryCount_ = 0;
};

} // namespace moodscope
