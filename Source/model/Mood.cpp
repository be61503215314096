// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/Mood.h"

#include <algorithm>
#include <array>

namespace moodscope {

std::string_view moodName(Mood m) noexcept
{
    static constexpr std::array<std::string_view, kNumMoods> names {
        "energy",          "valence",           "arousal",        "intensity",  "brightness",   "beat_strength",
        "spectral_warmth", "rhythm_regularity", "harmonic_ratio", "complexity", "danceability",
    };
    const auto i = static_cast<int>(m);
    return (i >= 0 && i < kNumMoods) ? names[static_cast<std::size_t>(i)] : std::string_view {};
}

std::string_view moodStateName(MoodState s) noexcept
{
    static constexpr std::array<std::string_view, static_cast<std::size_t>(MoodState::Count)> names {
        "silence", "ambient", "breakdown", "chill", "groove", "build", "peak", "intense",
    };
    const auto i = static_cast<std::size_t>(s);
    return i < names.size() ? names[i] : std::string_view {};
}

std::string_view quadrantName(Quadrant q) noexcept
{
    static constexpr std::array<std::string_view, static_cast<std::size_t>(Quadrant::Count)> names {
        "calm",
        "happy",
        "tense",
        "sad",
    };
    const auto i = static_cast<std::size_t>(q);
    return i < names.size() ? names[i] : std::string_view {};
}

std::string_view moodEventName(MoodEvent e) noexcept
{
    static constexpr std::array<std::string_view, kNumMoodEvents> names {
        "drop", "build_start", "breakdown_start", "climax", "silence", "energy_rise", "energy_fall",
    };
    const auto i = static_cast<int>(e);
    return (i >= 0 && i < kNumMoodEvents) ? names[static_cast<std::size_t>(i)] : std::string_view {};
}

std::string moodCategoryLabel(const MoodCategory& c)
{
    static constexpr std::array<std::string_view, 3> energy { "calm", "moderate", "energetic" };
    static constexpr std::array<std::string_view, 3> brightness { "dark", "neutral", "bright" };
    std::string label(energy[std::min<std::size_t>(c.energy, 2)]);
    label += ' ';
    label += brightness[std::min<std::size_t>(c.brightness, 2)];
    if (c.intensity == 0)
        label += " gentle";
    else if (c.intensity >= 2)
        label += " intense";
    return label;
}

std::string_view keyName(int key) noexcept
{
    static constexpr std::array<std::string_view, 12> names {
        "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
    };
    return (key >= 0 && key < 12) ? names[static_cast<std::size_t>(key)] : std::string_view {};
}

} // namespace moodscope
