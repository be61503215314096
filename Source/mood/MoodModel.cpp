// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodModel.h"

#include "mood/MoodMath.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
void publish(SlowSnapshot& s, const MoodValues& values) noexcept
{
    for (int i = 0; i < kNumMoods; ++i)
        s.set(static_cast<Mood>(i), values[static_cast<std::size_t>(i)]);
}

float value(const MoodValues& v, Mood m) noexcept
{
    return v[static_cast<std::size_t>(m)];
}
} // namespace

void MoodModel::prepare(double hopSeconds, double intervalSeconds) noexcept
{
    hops_.prepare(hopSeconds);
    metrics_.prepare(intervalSeconds);
    labels_.prepare(intervalSeconds);
    states_.prepare(intervalSeconds);
    reset();
}

void MoodModel::reset() noexcept
{
    hops_.reset();
    metrics_.reset();
    labels_.reset();
    states_.reset();
    pendingEvents_ = 0;
    momentarySum_ = 0.0;
    momentaryCount_ = 0;
}

void MoodModel::onHop(FastFrame& frame, float momentaryLufs) noexcept
{
    const std::uint32_t events = hops_.process(momentaryLufs);
    frame.events |= events;
    pendingEvents_ |= events;
    momentarySum_ += static_cast<double>(std::isfinite(momentaryLufs) ? momentaryLufs : -70.0f);
    ++momentaryCount_;
}

void MoodModel::update(SlowSnapshot& s) noexcept
{
    const bool sawHops = momentaryCount_ > 0;
    const float recentLufs = sawHops ? static_cast<float>(momentarySum_ / momentaryCount_) : -70.0f;
    momentarySum_ = 0.0;
    momentaryCount_ = 0;
    if (s.warmingUp || !s.has(Dim::Lufs))
    {
        pendingEvents_ = 0;
        return;
    }
    const MoodInputs in = moodInputs(s);
    const MoodValues& values = metrics_.update(in);
    publish(s, values);
    labels_.update(values);
    s.category = labels_.category();
    s.quadrant = labels_.quadrant();

    StateInputs state;
    // The interval's mean momentary loudness follows a change within one update, where the
    // window's would lag by the window length; without hops (a caller feeding snapshots
    // only) the window loudness stands in.
    state.silent = sawHops ? hops_.silent() : in.lufs <= HopEventDetector::kSilenceLufs;
    state.loudnessLufs = sawHops ? recentLufs : in.lufs;
    state.onsetRate = effectiveOnsetRate(in);
    // The state machine has its own hysteresis and hold, so it reads the unsmoothed metrics;
    // and as the window's loudness lags a change by up to the window length, it swaps the
    // window loudness in the energy formula (weight 0.5) for the recent loudness, so a drop
    // or a breakdown moves it at the next update.
    const float recentLoud = loudness01(state.loudnessLufs, metrics_.relativeLoudness(state.loudnessLufs));
    const float windowLoud = loudness01(in.lufs, metrics_.relativeLoudness(in.lufs));
    state.energy =
        clampFinite(value(metrics_.raw(), Mood::Energy) + 0.5f * (recentLoud - windowLoud), 0.0f, 1.0f, 0.0f);
    if (metrics_.hasReference() && !state.silent)
        state.belowReference = std::max(0.0f, metrics_.reference() - state.loudnessLufs);
    state.beatStrength = value(metrics_.raw(), Mood::BeatStrength);
    state.drop = (pendingEvents_ & eventBit(MoodEvent::Drop)) != 0;
    s.events = pendingEvents_ | states_.update(state);
    s.state = states_.state();
    pendingEvents_ = 0;
}

void MoodModel::summarize(SlowSnapshot& s) noexcept
{
    if (!s.has(Dim::Lufs))
        return;
    const MoodInputs in = moodInputs(s);
    const bool silent = in.lufs <= HopEventDetector::kSilenceLufs || in.silenceRatio >= 0.9f;
    const MoodValues values = rawMoodMetrics(in, silent ? 0.0f : 1.0f);
    publish(s, values);
    s.category = MoodLabeler::categorize(values);
    s.quadrant = MoodLabeler::quadrantOf(values);
    StateInputs state;
    state.silent = silent;
    state.loudnessLufs = in.lufs;
    state.onsetRate = effectiveOnsetRate(in);
    state.energy = value(values, Mood::Energy);
    state.beatStrength = value(values, Mood::BeatStrength);
    s.state = MoodStateMachine::classifyStatic(state);
    s.events = 0;
}

} // namespace moodscope
