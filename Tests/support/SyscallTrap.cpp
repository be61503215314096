// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyscallTrap.h"

#include <atomic>
#include <cerrno>

// A sanitizer's runtime makes system calls of its own on instrumented threads (ThreadSanitizer's
// dies of the SIGSYS, AddressSanitizer and UBSan exit silently), so sanitizer builds have no trap
// (CMake defines MOODSCOPE_NO_SYSCALL_TRAP for them).
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__)) && !defined(MOODSCOPE_NO_SYSCALL_TRAP)
#include <csignal>
#include <cstddef>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

namespace {
thread_local bool t_trapping = false;
std::atomic<std::uint64_t> g_syscalls { 0 };
std::atomic<long> g_firstSyscall { -1 };

void onSigsys(int, siginfo_t* info, void* context)
{
    auto* uc = static_cast<ucontext_t*>(context);
    if (t_trapping)
    {
        g_syscalls.fetch_add(1, std::memory_order_relaxed);
        long expected = -1;
        g_firstSyscall.compare_exchange_strong(expected, info->si_syscall);
    }
#if defined(__x86_64__)
    uc->uc_mcontext.gregs[REG_RAX] = -ENOSYS;
#else
    uc->uc_mcontext.regs[0] = static_cast<unsigned long long>(-ENOSYS);
#endif
}
} // namespace

namespace moodscope::test {

bool ScopedSyscallTrap::supported()
{
    return true;
}

ScopedSyscallTrap::ScopedSyscallTrap()
{
    struct sigaction sa
    {};
    sa.sa_sigaction = onSigsys;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, nullptr) != 0)
        return;

        // Allow only what returning from the handler and ending the thread need.
#if defined(__x86_64__)
    constexpr unsigned kArch = AUDIT_ARCH_X86_64;
#else
    constexpr unsigned kArch = AUDIT_ARCH_AARCH64;
#endif
    sock_filter filter[] = {
        // a call through another ABI (e.g. int 0x80) is trapped whatever its number
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigreturn, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    };
    sock_fprog program { static_cast<unsigned short>(sizeof(filter) / sizeof(filter[0])), filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return;
    g_syscalls.store(0);
    g_firstSyscall.store(-1);
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0)
        return;
    installed_ = true;
    t_trapping = true;
}

ScopedSyscallTrap::~ScopedSyscallTrap()
{
    t_trapping = false;
}

std::uint64_t ScopedSyscallTrap::count() const
{
    return g_syscalls.load();
}

long ScopedSyscallTrap::firstSyscall() const
{
    return g_firstSyscall.load();
}

} // namespace moodscope::test
#else
namespace moodscope::test {
bool ScopedSyscallTrap::supported()
{
    return false;
}
ScopedSyscallTrap::ScopedSyscallTrap() = default;
ScopedSyscallTrap::~ScopedSyscallTrap() = default;
std::uint64_t ScopedSyscallTrap::count() const
{
    return 0;
}
long ScopedSyscallTrap::firstSyscall() const
{
    return -1;
}
} // namespace moodscope::test
#endif
