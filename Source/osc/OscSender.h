// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/Fanout.h"
#include "osc/OscTarget.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace moodscope {

// What a bundle's timetag says. Now: the sender's wall clock (receivers can see when an update
// left, but ones that schedule by timetag hold the bundle while the sender's clock is ahead of
// theirs). Immediate: the OSC "immediately" timetag (1), dispatched on arrival whatever the clocks.
enum class OscTimetag
{
    Now,
    Immediate
};

// What the stream looks like. Default: the address space of docs/OSC.md (what bridges read).
// Lighting: every address one float in 0..1 with pulses, automatic gain and zeros in silence,
// for lighting consoles (docs/OSC.md "Lighting profile").
enum class OscProfile
{
    Default,
    Lighting
};

struct OscSettings
{
    std::vector<OscTarget> targets { OscTarget {} };
    std::string prefix = "/moodscope"; // address prefix, must start with '/'
    bool fast = true;                  // levels, bands, beat, phase, bpm, onset
    bool slow = true;                  // mood metrics, label, state, key, /fingerprint
    bool perDimension = true;          // /fp/<name> for each of the 25 dimensions
    bool events = true;                // /event s
    double maxFastRateHz = 60.0;       // fast messages are rate-limited to this
    // false: every message in its own datagram, no timetag, for receivers that cannot read
    // bundles (small microcontroller libraries; QLC+ before 4.10.4).
    bool bundles = true;
    OscTimetag timetag = OscTimetag::Now; // bundles only
    OscProfile profile = OscProfile::Default;
};

struct OscStats
{
    std::uint64_t messagesSent = 0; // OSC messages, all targets
    double messagesPerSecond = 0.0; // over the last second
    std::uint64_t errors = 0;
    std::vector<OscTargetStatus> targets;
};

// Sends what the analysis publishes as UDP OSC 1.0 (SPEC §7). Owns one non-real-time thread
// that subscribes to the two fan-outs; the analysis thread only ever publishes to them, so a
// slow or unreachable target can never delay it.
class OscSender // own sender thread; start/stop/setSettings/stats from any one control thread
{
  public:
    OscSender(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow);
    ~OscSender(); // stops
    OscSender(const OscSender&) = delete;
    OscSender& operator=(const OscSender&) = delete;

    void start(const OscSettings& settings);
    void stop() noexcept;
    bool isRunning() const noexcept;
    void setSettings(const OscSettings& settings); // takes effect on the sender thread
    OscStats stats() const;

    // Sends everything still queued (CLI end of file); returns when done or after timeoutMs.
    // Settings given before the call have been taken by then.
    void flush(int timeoutMs = 500);

    // Rate-limited human log lines (unreachable host, ...); default writes to stderr.
    using LogFunction = OscLogFunction;
    void setLogFunction(LogFunction log) noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace moodscope
