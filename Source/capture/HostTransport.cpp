// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/HostTransport.h"

#include "model/FastFrame.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

// Sequence lock without fences (ThreadSanitizer does not model them): every field is stored
// with release, so a reader that sees any field of a write also sees that write's odd
// sequence number; every field is loaded with acquire, so the closing sequence load cannot move
// before the field loads.
void HostTransportMailbox::write(const HostTransport& t) noexcept
{
    const std::uint32_t s = sequence_.load(std::memory_order_relaxed);
    sequence_.store(s + 1, std::memory_order_relaxed); // odd: write in progress
    playing_.store(t.playing, std::memory_order_release);
    bpm_.store(t.bpm, std::memory_order_release);
    ppq_.store(t.ppqPosition, std::memory_order_release);
    barStart_.store(t.barStartPpq, std::memory_order_release);
    numerator_.store(t.numerator, std::memory_order_release);
    denominator_.store(t.denominator, std::memory_order_release);
    samplePosition_.store(t.samplePosition, std::memory_order_release);
    // skip 0 on wrap-around: it means "never written"
    sequence_.store(s + 2 == 0 ? 2 : s + 2, std::memory_order_release);
}

bool HostTransportMailbox::read(HostTransport& t) const noexcept
{
    for (int attempt = 0; attempt < 4; ++attempt)
    {
        const std::uint32_t before = sequence_.load(std::memory_order_acquire);
        if (before == 0)
            return false;
        if (before & 1u)
            continue;
        HostTransport copy;
        copy.playing = playing_.load(std::memory_order_acquire);
        copy.bpm = bpm_.load(std::memory_order_acquire);
        copy.ppqPosition = ppq_.load(std::memory_order_acquire);
        copy.barStartPpq = barStart_.load(std::memory_order_acquire);
        copy.numerator = numerator_.load(std::memory_order_acquire);
        copy.denominator = denominator_.load(std::memory_order_acquire);
        copy.samplePosition = samplePosition_.load(std::memory_order_acquire);
        if (sequence_.load(std::memory_order_relaxed) == before)
        {
            t = copy;
            return true;
        }
    }
    return false;
}

HostTransport advancedBy(const HostTransport& t, double seconds) noexcept
{
    HostTransport out = t;
    if (t.playing && std::isfinite(t.bpm) && t.bpm > 0.0 && std::isfinite(seconds) && seconds > 0.0)
        out.ppqPosition += seconds * t.bpm / 60.0;
    return out;
}

void HostTransportMailbox::clear() noexcept
{
    sequence_.store(0, std::memory_order_release);
}

void HostBeatClock::prepare(double sampleRate) noexcept
{
    sampleRate_ = sampleRate > 0.0 && std::isfinite(sampleRate) ? sampleRate : 48000.0;
    reset();
}

void HostBeatClock::reset() noexcept
{
    last_ = {};
    have_ = wasSynced_ = false;
    previousBeat_ = 0.0;
}

void HostBeatClock::fill(const HostTransportMailbox& mailbox, std::uint64_t hopEndSample, std::size_t hopSamples,
                         FastFrame& f) noexcept
{
    // a torn or missing read keeps the previous transport: its extrapolation is still right
    // unless the host jumped in the meantime
    HostTransport t;
    if (mailbox.read(t))
    {
        last_ = t;
        have_ = true;
    }
    const bool bpmKnown = have_ && std::isfinite(last_.bpm) && last_.bpm > 0.0 && last_.bpm < 10000.0;
    f.hostBpm = bpmKnown ? static_cast<float>(last_.bpm) : 0.0f;
    const bool synced = bpmKnown && last_.playing && std::isfinite(last_.ppqPosition);
    f.hostSynced = synced;
    if (!synced)
    {
        wasSynced_ = false;
        return;
    }

    const int numerator = std::clamp(last_.numerator, 1, 64);
    const int denominator = std::clamp(last_.denominator, 1, 64);
    const double beatsPerQuarter = denominator / 4.0;
    // signed: the host may state a position for a block the analysis has not reached yet
    const double elapsed =
        (static_cast<double>(hopEndSample) - static_cast<double>(last_.samplePosition)) / sampleRate_;
    const double quarters = last_.ppqPosition + elapsed * last_.bpm / 60.0;
    const double beat = quarters * beatsPerQuarter;
    const double barStart =
        std::isfinite(last_.barStartPpq) && last_.barStartPpq >= 0.0 ? last_.barStartPpq * beatsPerQuarter : 0.0;

    const double whole = std::floor(beat);
    f.hostBeatPhase = std::clamp(static_cast<float>(beat - whole), 0.0f, 0.999999f);
    double inBar = std::fmod(beat - barStart, static_cast<double>(numerator));
    if (inBar < 0.0)
        inBar += numerator;
    f.hostBarPhase = std::clamp(static_cast<float>(inBar), 0.0f, static_cast<float>(numerator) - 1e-4f);

    if (wasSynced_)
        f.hostBeat = whole != std::floor(previousBeat_);
    else
    {
        // playback starting on a beat: the beat belongs to this hop if it lies within it
        const double hopBeats = static_cast<double>(hopSamples) / sampleRate_ * last_.bpm / 60.0 * beatsPerQuarter;
        f.hostBeat = beat - whole <= hopBeats * (1.0 + 1e-9);
    }
    previousBeat_ = beat;
    wasSynced_ = true;
}

} // namespace moodscope
