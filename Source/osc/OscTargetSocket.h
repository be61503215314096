// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscResolver.h"
#include "osc/OscTarget.h"
#include "util/ThrottledReport.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace moodscope {

// One OSC destination: resolves its host off-thread, owns a non-blocking connected UDP socket
// (connected so that a closed port's ICMP refusal comes back as ECONNREFUSED), sends the
// already-encoded bundles, counts and logs failures (rate-limited) and recovers by itself.
class OscTargetSocket // sender thread
{
  public:
    using Clock = std::chrono::steady_clock;
    using Log = OscLogFunction;

    explicit OscTargetSocket(const OscTarget& target);
    ~OscTargetSocket();
    OscTargetSocket(const OscTargetSocket&) = delete;
    OscTargetSocket& operator=(const OscTargetSocket&) = delete;

    const OscTarget& target() const noexcept { return target_; }

    // Starts or finishes name resolution and reconnects after backoff; cheap when idle.
    void update(Clock::time_point now, Log log);
    bool ready() const noexcept { return fd_ >= 0; }

    // One datagram; false (and counted) when it could not be handed to the kernel.
    bool send(const std::vector<char>& bytes, int messages, Clock::time_point now, Log log);

    OscTargetStatus status() const;
    std::uint64_t messagesSent() const noexcept { return messagesSent_; }

    static constexpr std::chrono::seconds kLogInterval { 5 };
    static constexpr std::chrono::milliseconds kFirstRetry { 500 };
    static constexpr std::chrono::seconds kMaxRetry { 30 };
    static constexpr std::chrono::seconds kRefresh { 60 }; // names are looked up again this often
    static constexpr std::chrono::seconds kQuietBeforeBack { 2 };

  private:
    void useAddress(const OscResolveResult& r, Clock::time_point now, Log log);
    void fail(const std::string& what, Clock::time_point now, Log log);
    void scheduleRetry(Clock::time_point now);
    void closeSocket() noexcept;
    std::string name() const;

    OscTarget target_;
    bool numericHost_ = false;
    OscResolver resolver_;
    int fd_ = -1;
    std::string address_;          // numeric form of the connected address
    Clock::time_point retryAt_ {}; // next resolution / connection attempt
    std::chrono::milliseconds backoff_ { kFirstRetry };
    Clock::time_point refreshAt_ {};

    std::uint64_t sent_ = 0, errors_ = 0, unsent_ = 0, messagesSent_ = 0;
    bool reachable_ = true;
    std::string lastError_;

    bool failing_ = false;
    Clock::time_point lastFailure_ {};
    std::uint64_t errorsAtFailureStart_ = 0;
    ThrottledReport report_ { kLogInterval };
};

} // namespace moodscope
