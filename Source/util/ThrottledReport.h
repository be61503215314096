// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace moodscope {

// The error lines of a sender whose target keeps failing (a light desk switched off for the
// night): the first failure after a success and every new kind of failure are logged at once,
// a repeat of the last one at most once per interval, with the count of repeats held back.
class ThrottledReport // owned by one sender thread
{
  public:
    using Clock = std::chrono::steady_clock;
    using Log = void (*)(const std::string& line);

    explicit ThrottledReport(std::chrono::seconds interval) noexcept : interval_(interval) {}

    // prefix + what, unless it repeats the last line within the interval; fresh: the first
    // failure since the target last worked
    void report(const std::string& prefix, const std::string& what, bool fresh, Clock::time_point now, Log log);

  private:
    std::chrono::seconds interval_;
    Clock::time_point lastLog_ {};
    std::string lastLogged_;
    std::uint64_t suppressed_ = 0;
};

} // namespace moodscope
