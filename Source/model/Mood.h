// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace moodscope {

// SPEC §5.2 mood metrics, each 0..1.
enum class Mood : int
{
    Energy,
    Valence,
    Arousal,
    Intensity,
    Brightness,
    BeatStrength,
    SpectralWarmth,
    RhythmRegularity,
    HarmonicRatio,
    Complexity,
    Danceability,
    Count
};
constexpr int kNumMoods = static_cast<int>(Mood::Count);

std::string_view moodName(Mood m) noexcept;

// SPEC §5.3 eight-state machine, from running z-scores of loudness and onset density.
enum class MoodState : std::uint8_t
{
    Silence,
    Ambient,
    Breakdown,
    Chill,
    Groove,
    Build,
    Peak,
    Intense,
    Count
};
std::string_view moodStateName(MoodState s) noexcept;

// SPEC §5.3 arousal × valence quadrant.
enum class Quadrant : std::uint8_t
{
    Calm,  // low arousal, high valence
    Happy, // high arousal, high valence
    Tense, // high arousal, low valence
    Sad,   // low arousal, low valence
    Count
};
std::string_view quadrantName(Quadrant q) noexcept;

// SPEC §5.3 section events; a set of them travels as a bit mask (bit i = event i).
enum class MoodEvent : int
{
    Drop,
    BuildStart,
    BreakdownStart,
    Climax,
    Silence,
    EnergyRise,
    EnergyFall,
    Count
};
constexpr int kNumMoodEvents = static_cast<int>(MoodEvent::Count);
std::string_view moodEventName(MoodEvent e) noexcept;
constexpr std::uint32_t eventBit(MoodEvent e) noexcept
{
    return 1u << static_cast<int>(e);
}

// SPEC §5.3 category: energy × brightness × intensity, each 0 (calm/dark/gentle),
// 1 (moderate/neutral/-), 2 (energetic/bright/intense).
struct MoodCategory
{
    std::uint8_t energy = 0, brightness = 1, intensity = 1;
};
// e.g. "energetic bright intense", "calm dark" (the neutral intensity adds no word)
std::string moodCategoryLabel(const MoodCategory& c);

// "C", "C#", ... "B"; key < 0 → "" (no tonal content)
std::string_view keyName(int key) noexcept;

} // namespace moodscope
