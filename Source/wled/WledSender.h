// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/Fanout.h"
#include "model/FastFrame.h"
#include "wled/WledSocket.h"
#include "wled/WledTarget.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace moodscope {

struct WledStats
{
    std::uint64_t packetsSent = 0; // all targets
    double packetsPerSecond = 0.0; // over the last second
    std::uint64_t errors = 0;
    std::vector<WledTargetStatus> targets;
};

// Sends WLED Audio Sync V2 packets (docs/WLED.md) from its own thread, fed by the engine's fast
// fan-out: every kInterval, when a new hop has arrived, the newest hop scaled the way WLED's own
// sender scales its microphone. The analysis thread only publishes, so a missing network or a
// bad target costs it nothing.
class WledSender // own sender thread; start/stop/setSettings/stats from any one control thread
{
  public:
    // WLED sends when more than 20 ms have passed since its last packet (audio_reactive.h, loop()).
    static constexpr std::chrono::milliseconds kInterval { 21 };

    explicit WledSender(Fanout<FastFrame>& fast);
    ~WledSender(); // stops
    WledSender(const WledSender&) = delete;
    WledSender& operator=(const WledSender&) = delete;

    void start(const WledSettings& settings);
    void stop() noexcept;
    bool isRunning() const noexcept;
    void setSettings(const WledSettings& settings); // takes effect on the sender thread
    WledStats stats() const;

    void setLogFunction(WledLogFunction log) noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace moodscope
