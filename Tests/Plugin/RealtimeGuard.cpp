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
