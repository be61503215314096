// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodStateMachine.h"

#include "mood/MoodMath.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

float RunningZ::z(float x) const noexcept
{
    if (count_ == 0)
        return 0.0f;
    const float sd = std::max(std::sqrt(var_), floor_);
    return clampFinite((x - mean_) / sd, -10.0f, 10.0f, 0.0f);
}

void RunningZ::add(float x) noexcept
{
    if (!std::isfinite(x))
        return;
    if (count_ == 0)
    {
        mean_ = x;
        var_ = 0.0f;
    }
    else
    {
        // West's exponentially weighted variance
        const float d = x - mean_;
        mean_ += alpha_ * d;
        var_ = (1.0f - alpha_) * (var_ + alpha_ * d * d);
    }
    if (count_ < 1000000)
        ++count_;
}

void MoodStateMachine::prepare(double intervalSeconds) noexcept
{
    dt_ = static_cast<float>(std::isfinite(intervalSeconds) && intervalSeconds > 0.0 ? intervalSeconds : 2.0);
    const float statsAlpha = onePoleAlpha(dt_, kStatsSeconds);
    loud_.prepare(statsAlpha, kLoudnessStdFloorLu);
    onsets_.prepare(statsAlpha, kOnsetStdFloor);
    trendPoints_ = std::clamp(static_cast<int>(std::lround(kBuildWindowSeconds / dt_)) + 1, 3, kMaxHistory);
    energyAlpha_ = onePoleAlpha(dt_, kEnergySlowSeconds);
    reset();
}

void MoodStateMachine::reset() noexcept
{
    loud_.reset();
    onsets_.reset();
    loudHistory_ = {};
    onsetHistory_ = {};
    head_ = stored_ = 0;
    slowEnergy_ = 0.0f;
    energyPrimed_ = false;
    riseArmed_ = fallArmed_ = true;
    sinceEnergyEvent_ = 1e9f;
    state_ = MoodState::Silence;
    primed_ = false;
    held_ = 0.0f;
    zLoud_ = zOnset_ = slope_ = 0.0f;
}

void MoodStateMachine::measureTrend(Reading& r) const noexcept
{
    const int n = std::min(stored_, trendPoints_);
    if (n < 3)
        return;
    // least squares over the last n updates, x in seconds (0 = oldest)
    double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, so = 0.0, sxo = 0.0;
    float maxStep = 0.0f, prev = 0.0f;
    for (int i = 0; i < n; ++i)
    {
        const auto k = static_cast<std::size_t>((head_ - (n - 1 - i) + kMaxHistory) % kMaxHistory);
        const double x = i * static_cast<double>(dt_);
        const float y = loudHistory_[k];
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        so += onsetHistory_[k];
        sxo += x * onsetHistory_[k];
        if (i > 0)
        {
            maxStep = std::max(maxStep, std::abs(y - prev));
            r.lastStepRate = (y - prev) / dt_;
        }
        prev = y;
    }
    const double denom = n * sxx - sx * sx;
    if (denom <= 0.0)
        return;
    r.slope = static_cast<float>((n * sxy - sx * sy) / denom);
    r.onsetSlope = static_cast<float>((n * sxo - sx * so) / denom);
    r.rise = r.slope * static_cast<float>(n - 1) * dt_;
    r.maxStepRate = maxStep / dt_;
}

MoodState MoodStateMachine::classify(const StateInputs& in, const Reading& r, MoodState current) noexcept
{
    // a threshold eases by `m` while its state is the current one (hysteresis)
    auto ease = [current](MoodState s, float m) { return current == s ? m : 0.0f; };
    if (in.silent)
        return MoodState::Silence;

    // steady climb: no jump in the window and not falling now
    const bool steady = r.maxStepRate <= kMaxBuildRate && r.lastStepRate >= -0.25f;
    const bool louder = r.slope >= 0.4f - ease(MoodState::Build, 0.2f) && r.rise >= 2.5f - ease(MoodState::Build, 1.0f);
    const bool denser = r.onsetSlope >= 0.3f - ease(MoodState::Build, 0.1f) && r.slope >= 0.15f;
    if (steady && (louder || denser) && !in.drop)
        return MoodState::Build;
    if (r.zLoud >= 1.0f - ease(MoodState::Peak, 0.4f) && r.zOnset >= -0.5f &&
        in.energy >= 0.5f - ease(MoodState::Peak, 0.05f))
        return MoodState::Peak;
    if (r.zLoud <= -1.0f + ease(MoodState::Breakdown, 0.4f) || r.zOnset <= -1.0f + ease(MoodState::Breakdown, 0.4f) ||
        in.belowReference >= 10.0f - ease(MoodState::Breakdown, 2.0f))
        return MoodState::Breakdown;
    if (in.energy >= 0.72f - ease(MoodState::Intense, 0.05f) && in.onsetRate >= 3.0f - ease(MoodState::Intense, 0.5f))
        return MoodState::Intense;
    if (in.beatStrength >= 0.35f - ease(MoodState::Groove, 0.05f) &&
        in.energy >= 0.45f - ease(MoodState::Groove, 0.05f))
        return MoodState::Groove;
    if (in.energy >= 0.3f - ease(MoodState::Chill, 0.05f) || in.beatStrength >= 0.3f - ease(MoodState::Chill, 0.05f))
        return MoodState::Chill;
    return MoodState::Ambient;
}

MoodState MoodStateMachine::classifyStatic(const StateInputs& in) noexcept
{
    return classify(in, Reading {}, MoodState::Count);
}

std::uint32_t MoodStateMachine::update(const StateInputs& in) noexcept
{
    Reading r;
    const float loud = clampFinite(in.loudnessLufs, -70.0f, 30.0f, -70.0f);
    const float onsets = clampFinite(in.onsetRate, 0.0f, 50.0f, 0.0f);
    if (!in.silent)
    {
        // z against the past only, so a sudden change shows at full size
        if (loud_.count() >= kWarmUpdates)
        {
            r.zLoud = loud_.z(loud);
            r.zOnset = onsets_.z(onsets);
        }
        loud_.add(loud);
        onsets_.add(onsets);
        head_ = (head_ + 1) % kMaxHistory;
        loudHistory_[static_cast<std::size_t>(head_)] = loud;
        onsetHistory_[static_cast<std::size_t>(head_)] = onsets;
        stored_ = std::min(stored_ + 1, kMaxHistory);
        measureTrend(r);
    }
    zLoud_ = r.zLoud;
    zOnset_ = r.zOnset;
    slope_ = r.slope;

    std::uint32_t events = 0;
    const MoodState next = classify(in, r, primed_ ? state_ : MoodState::Count);
    held_ += dt_;
    constexpr float kEpsilon = 1e-3f; // float sums of dt_ must reach an exact multiple
    if (!primed_)
    {
        state_ = next;
        held_ = 0.0f;
        primed_ = true;
    }
    else if (next != state_)
    {
        const bool immediate = next == MoodState::Silence || state_ == MoodState::Silence || in.drop;
        if (immediate || held_ + kEpsilon >= kMinHoldSeconds)
        {
            switch (next)
            {
            case MoodState::Build:
                events |= eventBit(MoodEvent::BuildStart);
                break;
            case MoodState::Breakdown:
                events |= eventBit(MoodEvent::BreakdownStart);
                break;
            case MoodState::Peak:
                events |= eventBit(MoodEvent::Climax);
                break;
            case MoodState::Silence:
                events |= eventBit(MoodEvent::Silence);
                break;
            default:
                break;
            }
            state_ = next;
            held_ = 0.0f;
        }
    }

    // energy_rise / energy_fall: the state energy (unsmoothed) against its own slower average, each
    // re-armed only once the difference has come back near zero
    const float energy = clampFinite(in.energy, 0.0f, 1.0f, 0.0f);
    if (!energyPrimed_)
    {
        slowEnergy_ = energy;
        energyPrimed_ = true;
    }
    const float diff = energy - slowEnergy_;
    slowEnergy_ += energyAlpha_ * diff;
    sinceEnergyEvent_ += dt_;
    if (diff <= 0.04f)
        riseArmed_ = true;
    if (diff >= -0.04f)
        fallArmed_ = true;
    if (sinceEnergyEvent_ + kEpsilon >= kEventGapSeconds)
    {
        if (riseArmed_ && diff >= 0.12f)
        {
            events |= eventBit(MoodEvent::EnergyRise);
            riseArmed_ = false;
            sinceEnergyEvent_ = 0.0f;
        }
        else if (fallArmed_ && diff <= -0.12f)
        {
            events |= eventBit(MoodEvent::EnergyFall);
            fallArmed_ = false;
            sinceEnergyEvent_ = 0.0f;
        }
    }
    return events;
}

} // namespace moodscope
