// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>

namespace moodscope {

// The evidence for each metrical level across the successive windows of one stream.
//
// TempoEstimator climbs from a slow level to the next faster one when the weaker of the faster
// level's two interleaved halves carries enough of the strength of the stronger. One window
// of a few seconds holds few such events, so a song whose eighths come close to the bar reads
// its beat in one window and twice its beat in the next; a listener keeps tapping one level.
// Here the on- and mid-point strengths of every climb are summed per tempo (kBinsPerOctave
// log-spaced bins, each climb split between its two nearest), older windows faded with
// kMemorySeconds, and the climb is decided on the sums. A single window (a file's summary)
// decides exactly as without memory.
class LevelMemory // analysis thread
{
  public:
    static constexpr int kBinsPerOctave = 12;
    // every climb's target (twice a level of 40 BPM or more, at most 220 BPM), with a bin to spare
    static constexpr double kLowestBpm = 60.0;
    static constexpr int kBins = 2 * kBinsPerOctave + 2; // 60 .. 240 BPM

    // the evidence of a window fades with this time constant: a song keeps its level, the next
    // song at a related tempo is not read at the level of the last one for long
    static constexpr double kMemorySeconds = 30.0;

    // windowEverySeconds: how often the owner starts a new window; 0 = no memory
    void setInterval(double windowEverySeconds) noexcept;
    bool enabled() const noexcept { return keep_ > 0.0; }
    void reset() noexcept;

    // a new window begins: the past weighs less
    void age() noexcept;
    // The climb to `bpm` in this window: the summed strength of the stronger (on) and the weaker
    // (mid) half of that level's grid. Returns the mid / on ratio to decide it on: over the
    // remembered windows and this one, or this window's alone without memory.
    float pool(double bpm, double on, double mid) noexcept;

  private:
    double keep_ = 0.0;
    std::array<double, kBins> on_ {}, mid_ {};
};

} // namespace moodscope
