// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/Dimensions.h"
#include "model/Mood.h"
#include "model/MoodFeatures.h"

#include <array>
#include <cstdint>
#include <type_traits>

namespace moodscope {

// Slow results, every interval over the rolling window. Only fields whose bit is set in
// the valid masks were computed; the others are 0 and must not be shown or sent.
struct SlowSnapshot
{
    double time = 0.0;          // end of the window, seconds since prepare
    double windowSeconds = 0.0; // configured window
    float windowFill = 0.0f;    // 0..1 of the window that holds audio
    bool warmingUp = true;      // window less than the warm-up fraction full
    std::array<float, kNumDims> fingerprint {};
    std::uint32_t fingerprintValid = 0; // bit i = Dim i computed
    std::array<float, kNumMoods> mood {};
    std::uint32_t moodValid = 0;
    MoodFeatures features {};
    bool featuresValid = false;
    bool tempoSkipped = false; // lazy tempo: tempo_bpm repeats the last value (or 0)
    MoodCategory category {};  // valid with moodValid
    Quadrant quadrant = Quadrant::Calm;
    MoodState state = MoodState::Silence;
    std::uint32_t events = 0; // MoodEvent bits that fired since the previous snapshot

    bool has(Mood m) const noexcept { return (moodValid >> static_cast<int>(m)) & 1u; }
    void set(Mood m, float v) noexcept
    {
        mood[static_cast<std::size_t>(m)] = v;
        moodValid |= 1u << static_cast<int>(m);
    }
    float get(Mood m) const noexcept { return mood[static_cast<std::size_t>(m)]; }

    bool has(Dim d) const noexcept { return (fingerprintValid >> static_cast<int>(d)) & 1u; }
    void set(Dim d, float v) noexcept
    {
        fingerprint[static_cast<std::size_t>(d)] = v;
        fingerprintValid |= 1u << static_cast<int>(d);
    }
    float get(Dim d) const noexcept { return fingerprint[static_cast<std::size_t>(d)]; }
};
static_assert(std::is_trivially_copyable_v<SlowSnapshot>);

} // namespace moodscope
