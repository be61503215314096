// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodLabels.h"

#include <cmath>

namespace moodscope {

namespace {
float metric(const MoodValues& v, Mood m) noexcept
{
    return v[static_cast<std::size_t>(m)];
}

// Three levels split at kLow/kHighThreshold. From `current`, a level moves up only once
// the value is `margin` above the threshold and down only once it is `margin` below.
std::uint8_t level(float x, std::uint8_t current, float margin) noexcept
{
    const float thresholds[2] = { MoodLabeler::kLowThreshold, MoodLabeler::kHighThreshold };
    int l = current > 2 ? 1 : current;
    while (l < 2 && x >= thresholds[l] + margin)
        ++l;
    while (l > 0 && x < thresholds[l - 1] - margin)
        --l;
    return static_cast<std::uint8_t>(l);
}

bool high(float x, bool currentlyHigh, float margin) noexcept
{
    return currentlyHigh ? x >= MoodLabeler::kQuadrantThreshold - margin
                         : x >= MoodLabeler::kQuadrantThreshold + margin;
}

Quadrant quadrantFrom(bool aroused, bool positive) noexcept
{
    if (aroused)
        return positive ? Quadrant::Happy : Quadrant::Tense;
    return positive ? Quadrant::Calm : Quadrant::Sad;
}

bool isAroused(Quadrant q) noexcept
{
    return q == Quadrant::Happy || q == Quadrant::Tense;
}

bool isPositive(Quadrant q) noexcept
{
    return q == Quadrant::Happy || q == Quadrant::Calm;
}

MoodCategory categoryFrom(const MoodValues& v, const MoodCategory& current, float margin) noexcept
{
    MoodCategory c;
    c.energy = level(metric(v, Mood::Energy), current.energy, margin);
    c.brightness = level(metric(v, Mood::Brightness), current.brightness, margin);
    c.intensity = level(metric(v, Mood::Intensity), current.intensity, margin);
    return c;
}

bool operator!=(const MoodCategory& a, const MoodCategory& b) noexcept
{
    return a.energy != b.energy || a.brightness != b.brightness || a.intensity != b.intensity;
}
} // namespace

void MoodLabeler::prepare(double intervalSeconds) noexcept
{
    dt_ = static_cast<float>(std::isfinite(intervalSeconds) && intervalSeconds > 0.0 ? intervalSeconds : 2.0);
    reset();
}

void MoodLabeler::reset() noexcept
{
    primed_ = false;
    category_ = {};
    quadrant_ = Quadrant::Calm;
    categoryHeld_ = quadrantHeld_ = 0.0f;
}

MoodCategory MoodLabeler::categorize(const MoodValues& metrics) noexcept
{
    return categoryFrom(metrics, MoodCategory {}, 0.0f);
}

Quadrant MoodLabeler::quadrantOf(const MoodValues& metrics) noexcept
{
    return quadrantFrom(high(metric(metrics, Mood::Arousal), false, 0.0f),
                        high(metric(metrics, Mood::Valence), false, 0.0f));
}

void MoodLabeler::update(const MoodValues& metrics) noexcept
{
    if (!primed_)
    {
        category_ = categorize(metrics);
        quadrant_ = quadrantOf(metrics);
        categoryHeld_ = quadrantHeld_ = 0.0f;
        primed_ = true;
        return;
    }
    categoryHeld_ += dt_;
    quadrantHeld_ += dt_;
    // Tiny tolerance: with an interval that divides the hold time, float sums of dt_ must
    // still reach it on the expected update.
    constexpr float kEpsilon = 1e-3f;

    const MoodCategory c = categoryFrom(metrics, category_, kHysteresis);
    if (c != category_ && categoryHeld_ + kEpsilon >= kMinHoldSeconds)
    {
        category_ = c;
        categoryHeld_ = 0.0f;
    }
    const Quadrant q = quadrantFrom(high(metric(metrics, Mood::Arousal), isAroused(quadrant_), kHysteresis),
                                    high(metric(metrics, Mood::Valence), isPositive(quadrant_), kHysteresis));
    if (q != quadrant_ && quadrantHeld_ + kEpsilon >= kMinHoldSeconds)
    {
        quadrant_ = q;
        quadrantHeld_ = 0.0f;
    }
}

} // namespace moodscope
