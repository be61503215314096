// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscResolver.h"
#include "util/ThrottledReport.h"
#include "wled/WledTarget.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace moodscope {

struct WledTargetStatus
{
    WledTarget target;
    std::uint64_t sent = 0, errors = 0;
    bool reachable = true;
    std::string lastError; // empty when none
};

// One WLED destination: a multicast group (TTL and outgoing interface applied) or a unicast
// device. Resolves names off-thread, sends on a non-blocking connected UDP socket, logs each
// kind of failure once (then every kLogInterval at most) and retries with backoff by itself.
class WledSocket // sender thread
{
  public:
    using Clock = std::chrono::steady_clock;

    WledSocket(const WledTarget& target, int ttl, const std::string& interface);
    ~WledSocket();
    WledSocket(const WledSocket&) = delete;
    WledSocket& operator=(const WledSocket&) = delete;

    const WledTarget& target() const noexcept { return target_; }
    void update(Clock::time_point now, WledLogFunction log);
    bool send(const std::uint8_t* bytes, std::size_t size, Clock::time_point now, WledLogFunction log);
    WledTargetStatus status() const;

    static constexpr std::chrono::seconds kLogInterval { 5 };
    static constexpr std::chrono::milliseconds kFirstRetry { 500 };
    static constexpr std::chrono::seconds kMaxRetry { 30 };

  private:
    void open(const OscResolveResult& address, Clock::time_point now, WledLogFunction log);
    void fail(const std::string& what, Clock::time_point now, WledLogFunction log);
    void closeSocket() noexcept;

    WledTarget target_;
    int ttl_;
    std::string interface_;
    OscResolver resolver_;
    int fd_ = -1;
    Clock::time_point retryAt_ {};
    std::chrono::milliseconds backoff_ { kFirstRetry };
    std::uint64_t sent_ = 0, errors_ = 0;
    bool failing_ = false;
    std::string lastError_;
    ThrottledReport report_ { kLogInterval };
};

} // namespace moodscope
