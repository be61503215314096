// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscLighting.h"

#include <cmath>

namespace moodscope {

namespace {
using S = LightSignal;
constexpr int kZeroRepeats = 2; // a pulse's 0 goes out twice: one lost datagram must not latch a light
constexpr double kNoEnvelope = -1.0e9;
constexpr float kEnvelopeFloor = 1.0f / 512.0f; // below half a DMX step it reads 0
} // namespace

bool LightChannels::on(LightChannel c) const noexcept
{
    switch (c)
    {
    case LightChannel::Fast:
        return fast;
    case LightChannel::Slow:
        return slow;
    case LightChannel::PerDimension:
        return perDimension;
    case LightChannel::Events:
        return events;
    }
    return false;
}

void OscLighting::Pulse::trigger(double t) noexcept
{
    if (restart)
        return;
    if (!high)
    {
        high = true;
        sent = false;
        until = t + kLightPulseHoldSeconds;
    }
    else if (sent && t >= until)
        again = true;
}

float OscLighting::Pulse::next(double now) noexcept
{
    if (restart)
    {
        *this = Pulse {};
        high = sent = true;
        until = now + kLightPulseHoldSeconds;
        return 1.0f;
    }
    if (high)
    {
        if (!sent || now < until)
        {
            sent = true;
            return 1.0f;
        }
        high = false;
        zerosLeft = kZeroRepeats;
        restart = again;
        again = false;
    }
    if (zerosLeft > 0)
    {
        --zerosLeft;
        return 0.0f;
    }
    return -1.0f;
}

float OscLighting::to01(float v, float lo, float hi) noexcept
{
    const float x = (v - lo) / (hi - lo);
    return x >= 0.0f ? (x <= 1.0f ? x : 1.0f) : 0.0f;
}

OscLighting::OscLighting(const std::string& prefix)
    : prefix_(OscAddressSpace::normalizePrefix(prefix)), addresses_(lightingAddresses(prefix_))
{
    for (std::size_t i = addresses_.size(); i-- > 0;)
        base_[static_cast<std::size_t>(addresses_[i].row->signal)] = i;
    pulses_.resize(addresses_.size());
    slowValues_.assign(addresses_.size(), 0.0f);
    slowValid_.assign(addresses_.size(), false);
    envelopeSince_.fill(kNoEnvelope);
}

void OscLighting::trigger(LightSignal s, int i, double t) noexcept
{
    Pulse& p = pulses_[at(s, i)];
    const bool was = p.high && !p.sent;
    p.trigger(t);
    pulseWaiting_ = pulseWaiting_ || (p.high && !p.sent && !was);
}

void OscLighting::observe(const FastFrame& f) noexcept
{
    double dt = f.time - now_;
    if (!started_ || !(dt >= 0.0))
    {
        // a new stream (the analysis restarted its clock): pulses of the old one end now
        for (auto& p : pulses_)
            if (p.high)
                p.until = f.time;
        envelopeSince_.fill(kNoEnvelope);
        dt = 0.0;
        started_ = true;
    }
    now_ = f.time;
    last_ = f;

    const bool quiet = !(f.rmsDb >= kLightSilenceDb);
    if (quiet && !quiet_)
        quietSince_ = f.time;
    quiet_ = quiet;
    const bool silent = quiet && f.time - quietSince_ >= kLightSilenceSeconds;
    silenceStarted_ = silenceStarted_ || (silent && !silent_);
    silent_ = silent;

    for (std::size_t b = 0; b < bands_.size(); ++b)
        bands_[b] = silent_ ? 0.0f : agc_[b].process(f.bands[b], dt);

    if (!silent_)
    {
        if (f.beat)
        {
            trigger(S::Beat, 0, f.time);
            envelopeSince_[0] = f.time;
            if (f.barPhase < 1.0f)
            {
                trigger(S::Downbeat, 0, f.time);
                envelopeSince_[1] = f.time;
            }
        }
        if (f.onset)
        {
            trigger(S::Onset, 0, f.time);
            envelopeSince_[2] = f.time;
        }
    }
    for (int e = 0; e < kNumMoodEvents; ++e)
        if ((f.events >> e) & 1u)
            trigger(S::Event, e, f.time);
}

void OscLighting::observe(const SlowSnapshot& s) noexcept
{
    // on the frames' clock: a snapshot's own time may run a little ahead of the frames popped so far
    const double t = now_;
    for (int e = 0; e < kNumMoodEvents; ++e)
        if ((s.events >> e) & 1u)
            trigger(S::Event, e, t);
    if (s.warmingUp)
    {
        slowValues_[at(S::Window)] = to01(s.windowFill, 0.0f, 1.0f);
        slowValid_[at(S::Window)] = true;
        return;
    }
    if (s.moodValid != 0 && static_cast<int>(s.state) != lastState_)
    {
        lastState_ = static_cast<int>(s.state);
        trigger(S::State, lastState_, t);
    }
    if (s.has(Mood::Arousal) && s.has(Mood::Valence) && static_cast<int>(s.quadrant) != lastQuadrant_)
    {
        lastQuadrant_ = static_cast<int>(s.quadrant);
        trigger(S::Quadrant, lastQuadrant_, t);
    }
    slowValues_[at(S::Window)] = to01(s.windowFill, 0.0f, 1.0f);
    slowValid_[at(S::Window)] = true;
    for (int m = 0; m < kNumMoods; ++m)
    {
        const auto a = at(S::Mood, m);
        slowValid_[a] = s.has(static_cast<Mood>(m));
        slowValues_[a] = to01(s.get(static_cast<Mood>(m)), 0.0f, 1.0f);
    }
    for (int d = 0; d < kNumDims; ++d)
    {
        const auto a = at(S::Dim, d);
        slowValid_[a] = s.has(static_cast<Dim>(d));
        slowValues_[a] = to01(s.get(static_cast<Dim>(d)), addresses_[a].lo, addresses_[a].hi);
    }
}

bool OscLighting::takeSilenceStart() noexcept
{
    const bool started = silenceStarted_;
    silenceStarted_ = false;
    return started;
}

void OscLighting::add(OscBundle& b, std::size_t address, float v) const
{
    lo_message m = lo_message_new();
    lo_message_add_float(m, v);
    b.add(addresses_[address].path, m);
}

float OscLighting::envelope(double since) const noexcept
{
    if (silent_ || since <= kNoEnvelope)
        return 0.0f;
    const auto v = static_cast<float>(std::exp2(-(now_ - since) / kLightEnvelopeHalfLifeSeconds));
    return v >= kEnvelopeFloor ? std::min(v, 1.0f) : 0.0f;
}

void OscLighting::addFast(OscBundle& b, LightChannels channels)
{
    pulseWaiting_ = false;
    if (channels.fast)
    {
        const FastFrame& f = last_;
        const auto& t = lightingTable();
        const auto level = [&](S s, float v) {
            const LightRow& r = t[static_cast<std::size_t>(s)];
            add(b, at(s), silent_ ? 0.0f : to01(v, r.lo, r.hi));
        };
        level(S::Level, f.rmsDb);
        level(S::Peak, f.peakDb);
        level(S::Loudness, f.momentaryLufs);
        level(S::LoudnessShort, f.shortTermLufs);
        for (int band = 0; band < 4; ++band)
            add(b, at(S::BandBeat) + static_cast<std::size_t>(band), bands_[static_cast<std::size_t>(band)]);
        add(b, at(S::BeatEnvelope), envelope(envelopeSince_[0]));
        add(b, at(S::DownbeatEnvelope), envelope(envelopeSince_[1]));
        add(b, at(S::OnsetEnvelope), envelope(envelopeSince_[2]));
        level(S::BeatPhase, f.beatPhase);
        level(S::BarPhase, f.barPhase);
        level(S::Bpm, f.bpm);
        level(S::BpmConfidence, f.bpmConfidence);
    }
    for (std::size_t a = 0; a < addresses_.size(); ++a)
        if (addresses_[a].row->kind == LightKind::Pulse && channels.on(addresses_[a].row->channel))
            if (const float v = pulses_[a].next(now_); v >= 0.0f)
                add(b, a, v);
}

void OscLighting::addSlow(OscBundle& b, LightChannels channels) const
{
    for (std::size_t a = 0; a < addresses_.size(); ++a)
    {
        const LightRow& r = *addresses_[a].row;
        if (slowValid_[a] && (r.channel == LightChannel::Slow || r.channel == LightChannel::PerDimension) &&
            channels.on(r.channel))
            add(b, a, silent_ ? 0.0f : slowValues_[a]);
    }
}

void OscLighting::addZeros(OscBundle& b, LightChannels channels)
{
    for (std::size_t a = 0; a < addresses_.size(); ++a)
        if (channels.on(addresses_[a].row->channel))
            add(b, a, 0.0f);
    clearPulses();
    last_ = FastFrame {};
    bands_.fill(0.0f);
}

void OscLighting::clearPulses() noexcept
{
    for (auto& p : pulses_)
        p.clear();
    envelopeSince_.fill(kNoEnvelope);
    pulseWaiting_ = false;
}

} // namespace moodscope
