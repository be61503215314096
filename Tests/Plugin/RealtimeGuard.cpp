// SPDX-License-Identifier: GPL-3.0-or-later
#include "RealtimeGuard.h"

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {
// Plain thread_local in the executable: local-exec TLS, no allocation on access.
thread_local bool t_counting = false;
std::atomic<std::uint64_t> g_allocations { 0 }, g_frees { 0 }, g_locks { 0 };

using MutexFn = int (*)(pthread_mutex_t*);
MutexFn g_realLock = nullptr;
MutexFn g_realTrylock = nullptr;

// Resolved before main (dlsym may allocate): counting only ever starts later.
struct ResolveMutexFunctions
{
    ResolveMutexFunctions()
    {
        g_realLock = reinterpret_cast<MutexFn>(dlsym(RTLD_NEXT, "pthread_mutex_lock"));
        g_realTrylock = reinterpret_cast<MutexFn>(dlsym(RTLD_NEXT, "pthread_mutex_trylock"));
    }
} g_resolve;

inline void countAlloc()
{
    if (t_counting)
        g_allocations.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

extern "C" {
void* malloc(std::size_t n)
{
    countAlloc();
    return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b)
{
    countAlloc();
    return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n)
{
    countAlloc();
    return __libc_realloc(p, n);
}
void* memalign(std::size_t alignment, std::size_t n)
{
    countAlloc();
    return __libc_memalign(alignment, n);
}
void* aligned_alloc(std::size_t alignment, std::size_t n)
{
    countAlloc();
    return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n)
{
    countAlloc();
    void* p = __libc_memalign(alignment, n);
    if (p == nullptr)
        return ENOMEM;
    *out = p;
    return 0;
}
void free(void* p)
{
    if (t_counting && p != nullptr)
        g_frees.fetch_add(1, std::memory_order_relaxed);
    __libc_free(p);
}
int pthread_mutex_lock(pthread_mutex_t* m)
{
    if (t_counting)
        g_locks.fetch_add(1, std::memory_order_relaxed);
    if (g_realLock == nullptr) // called during static initialisation, before g_resolve
        g_realLock = reinterpret_cast<MutexFn>(dlsym(RTLD_NEXT, "pthread_mutex_lock"));
    return g_realLock(m);
}
// The other blocking primitives an audio path could reach, forwarded via dlsym.
#define MOODSCOPE_COUNTED_LOCK(name, Arg)                                                                              \
    int name(Arg a)                                                                                                    \
    {                                                                                                                  \
        if (t_counting)                                                                                                \
            g_locks.fetch_add(1, std::memory_order_relaxed);                                                           \
        static auto real = reinterpret_cast<int (*)(Arg)>(dlsym(RTLD_NEXT, #name));                                    \
        return real(a);                                                                                                \
    }
MOODSCOPE_COUNTED_LOCK(pthread_rwlock_rdlock, pthread_rwlock_t*)
MOODSCOPE_COUNTED_LOCK(pthread_rwlock_wrlock, pthread_rwlock_t*)
MOODSCOPE_COUNTED_LOCK(pthread_spin_lock, pthread_spinlock_t*)
MOODSCOPE_COUNTED_LOCK(sem_wait, sem_t*)
#undef MOODSCOPE_COUNTED_LOCK

int pthread_mutex_trylock(pthread_mutex_t* m)
{
    if (t_counting)
        g_locks.fetch_add(1, std::memory_order_relaxed);
    if (g_realTrylock == nullptr)
        g_realTrylock = reinterpret_cast<MutexFn>(dlsym(RTLD_NEXT, "pthread_mutex_trylock"));
    return g_realTrylock(m);
}
}

namespace moodscope::test {

ScopedRealtimeCounter::ScopedRealtimeCounter()
{
    g_allocations.store(0);
    g_frees.store(0);
    g_locks.store(0);
    t_counting = true;
}

ScopedRealtimeCounter::~ScopedRealtimeCounter()
{
    t_counting = false;
}

RealtimeCounts ScopedRealtimeCounter::counts() const
{
    return { g_allocations.load(), g_frees.load(), g_locks.load() };
}

} // namespace moodscope::test

// ---- system-call trap --------------------------------------------------------------------
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
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
