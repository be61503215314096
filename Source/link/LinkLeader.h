// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/Fanout.h"
#include "model/FastFrame.h"

#include <cstdint>
#include <memory>

namespace moodscope {

struct LinkSettings
{
    // Plugin: while the host's transport runs with a tempo, Link follows the host's tempo and
    // beats instead of the detected ones (docs/LINK.md: the host wins).
    bool followHost = false;
};

struct LinkStatus
{
    std::size_t peers = 0;   // other Link peers in the session
    bool leading = false;    // the last hop was locked and steered the session
    double sessionBpm = 0.0; // the session's tempo as this peer sees it
    std::uint64_t tempoSets = 0, phaseCorrections = 0;
};

// Joins an Ableton Link session and leads it from the real-time beat tracker (docs/LINK.md):
// while the tracker is locked (bpm > 0 and confidence >= kLockedConfidence) each beat pulse
// sets the session tempo to the detected tempo and moves the session's beat and bar phase
// (quantum 4, beat 1 from the bar tracker) onto the detected beat; unlocked, it leaves the
// session alone. Runs on its own thread fed by the engine's fast fan-out and uses Link's
// application-thread API only; the audio thread never touches Link.
class LinkLeader // own thread; start/stop/setSettings/status from any one control thread
{
  public:
    static constexpr float kLockedConfidence = 0.3f;
    static constexpr double kQuantum = 4.0;
    // phase errors below this are left alone, so the session does not jitter with each beat
    static constexpr double kPhaseToleranceSeconds = 0.004;

    explicit LinkLeader(Fanout<FastFrame>& fast);
    ~LinkLeader(); // stops, leaves the session
    LinkLeader(const LinkLeader&) = delete;
    LinkLeader& operator=(const LinkLeader&) = delete;

    void start(const LinkSettings& settings);
    void stop() noexcept;
    bool isRunning() const noexcept;
    void setSettings(const LinkSettings& settings);
    LinkStatus status() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace moodscope
