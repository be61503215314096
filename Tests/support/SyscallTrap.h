// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace moodscope::test {

// Traps every system call the current thread makes from construction on (seccomp filter
// returning SECCOMP_RET_TRAP; a SIGSYS handler counts it and makes it fail with ENOSYS).
// A seccomp filter cannot be removed, so the thread must do nothing but finish after the
// measurement: construct this only in a thread made for the purpose. Linux x86_64/aarch64,
// not in a sanitizer build (supported() is false there). Blind spots: vDSO calls
// (clock_gettime, gettimeofday) never enter the kernel, and page faults are not system calls.
class ScopedSyscallTrap
{
  public:
    static bool supported();
    ScopedSyscallTrap();
    ~ScopedSyscallTrap();
    bool installed() const { return installed_; }
    std::uint64_t count() const;
    long firstSyscall() const; // number of the first trapped call, -1 if none

  private:
    bool installed_ = false;
};

} // namespace moodscope::test
