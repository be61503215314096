// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstdint>

namespace moodscope {

struct FastFrame;

// What a host's transport (JUCE AudioPlayHead::PositionInfo) says about one audio block.
struct HostTransport
{
    bool playing = false;
    double bpm = 0.0;          // quarter notes per minute; <= 0 or non-finite = unknown
    double ppqPosition = 0.0;  // quarter notes at samplePosition
    double barStartPpq = -1.0; // ppq of the last bar start; < 0 or non-finite = unknown (bars counted from 0)
    int numerator = 4;         // time signature
    int denominator = 4;
    // Analyzed samples since prepare() at which ppqPosition holds. Engine::setHostTransport
    // fills it in from its captured-frame count; direct Analyzer users give it themselves.
    std::uint64_t samplePosition = 0;
};

// The transport `seconds` of playback after it was stated: a playing position moves on at
// its tempo, anything else stays. For hosts that state the position only when it changes
// other than by playing on (LV2).
HostTransport advancedBy(const HostTransport& t, double seconds) noexcept;

// Latest transport, handed from one writer thread (the audio thread) to the analysis thread
// as a sequence lock: the writer never waits, the reader retries a few times and keeps what
// it had if a write kept racing it.
class HostTransportMailbox // written by one thread (audio), read by another (analysis)
{
  public:
    void write(const HostTransport& t) noexcept;
    // true and t filled when a transport was ever written and a consistent copy was read
    bool read(HostTransport& t) const noexcept;
    void clear() noexcept;

  private:
    std::atomic<std::uint32_t> sequence_ { 0 }; // odd while a write is in progress; 0 = never written
    std::atomic<bool> playing_ { false };
    std::atomic<double> bpm_ { 0.0 }, ppq_ { 0.0 }, barStart_ { -1.0 };
    std::atomic<int> numerator_ { 4 }, denominator_ { 4 };
    std::atomic<std::uint64_t> samplePosition_ { 0 };

    static_assert(std::atomic<double>::is_always_lock_free && std::atomic<std::uint64_t>::is_always_lock_free,
                  "the audio thread may only touch lock-free atomics");
};

// Turns the latest transport into the host fields of each FastFrame: the position is
// extrapolated at the host tempo from where the host stated it to the end of the hop.
// Beats are the time signature's beat unit (quarter notes in x/4); hostBarPhase runs
// 0..numerator. A beat fires in the hop in which the position crosses a whole beat.
class HostBeatClock // analysis thread
{
  public:
    void prepare(double sampleRate) noexcept;
    void reset() noexcept;

    // hopEndSample: analyzed samples since prepare at the end of this hop; hopSamples: its length
    void fill(const HostTransportMailbox& mailbox, std::uint64_t hopEndSample, std::size_t hopSamples,
              FastFrame& f) noexcept;

  private:
    double sampleRate_ = 48000.0;
    HostTransport last_;
    bool have_ = false, wasSynced_ = false;
    double previousBeat_ = 0.0;
};

} // namespace moodscope
