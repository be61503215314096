// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Counts heap and mutex calls made by the current thread while a guard is active.
// The interposers (RealtimeGuard.cpp) replace malloc/calloc/realloc/free/memalign family
// and pthread_mutex_lock/trylock for the whole test binary; JUCE's AudioBuffer and FFTW
// allocate with malloc, so counting operator new alone would miss them.
#include <cstdint>

namespace moodscope::test {

struct RealtimeCounts
{
    std::uint64_t allocations = 0; // malloc, calloc, realloc, memalign, posix_memalign, aligned_alloc
    std::uint64_t frees = 0;
    std::uint64_t locks = 0; // pthread_mutex_lock / trylock
};

class ScopedRealtimeCounter
{
  public:
    ScopedRealtimeCounter();
    ~ScopedRealtimeCounter();
    RealtimeCounts counts() const;
};

} // namespace moodscope::test
