// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <cstdint>

namespace moodscope {

// Per-hop `drop` and `silence` detection from the momentary loudness (SPEC §5.3, §6), so a
// lighting rig can switch scenes within a few hops instead of at the next slow update.
// A few compares and one multiply-add per hop; no allocation.
//  - silence: momentary loudness at or below kSilenceLufs for kSilenceSeconds (fires once,
//    only after sound; leaving needs kSoundLufs, 5 LU of hysteresis).
//  - drop: the momentary loudness at least kDropJumpLu above its own slow average (time
//    constant kAverageSeconds) for kDropConfirmSeconds, loud in absolute terms, and after
//    at least kSettleSeconds of sound (while sound settles after silence the average tracks
//    the loudness exactly, so music starting is not a drop); then kDropRefractorySeconds
//    before the next one.
class HopEventDetector // analysis thread
{
  public:
    static constexpr float kSilenceLufs = -60.0f, kSoundLufs = -55.0f;
    static constexpr float kSilenceSeconds = 1.0f;
    static constexpr float kAverageSeconds = 3.0f;
    static constexpr float kDropJumpLu = 9.0f;
    static constexpr float kDropMinLufs = -40.0f;
    static constexpr float kDropConfirmSeconds = 0.15f;
    static constexpr float kDropRefractorySeconds = 8.0f;
    static constexpr float kSettleSeconds = 2.0f;

    void prepare(double hopSeconds) noexcept;
    void reset() noexcept;

    // Returns the MoodEvent bits that fire in this hop.
    std::uint32_t process(float momentaryLufs) noexcept;

    bool silent() const noexcept { return silent_; }

  private:
    float hop_ = 0.0116f, alpha_ = 0.004f;
    float average_ = -70.0f;
    float quietFor_ = 0.0f, soundFor_ = 0.0f, jumpFor_ = 0.0f, refractory_ = 0.0f;
    bool silent_ = true, hadSound_ = false;
};

} // namespace moodscope
