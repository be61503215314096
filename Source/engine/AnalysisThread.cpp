// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/AnalysisThread.h"

#include <algorithm>
#include <chrono>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace moodscope {

namespace {
void lowerPriorityOfThisThread() noexcept
{
#if defined(__linux__)
    // Linux nice values are per thread: below the message thread (nice 0), still
    // scheduled under load, unlike SCHED_IDLE which a busy GUI could starve.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    setpriority(PRIO_PROCESS, tid, AnalysisThread::kNiceValue);
#endif
}

void flushDenormalsOnThisThread() noexcept
{
#if defined(__SSE__)
    _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ | DAZ
#endif
}
} // namespace

AnalysisThread::AnalysisThread(StereoRing& ring, Analyzer& analyzer, AnalysisSink& sink)
    : ring_(ring), analyzer_(analyzer), sink_(sink)
{
    // a chunk of one hop keeps each fast result as early as the audio allows
    const std::size_t chunk = std::max<std::size_t>(analyzer_.hopSize(), 256);
    left_.assign(chunk, 0.0f);
    right_.assign(chunk, 0.0f);
}

AnalysisThread::~AnalysisThread()
{
    stop();
}

void AnalysisThread::start()
{
    if (thread_.joinable())
        return;
    stopRequested_.store(false, std::memory_order_relaxed);
    thread_ = std::thread([this] { run(); });
}

void AnalysisThread::stop() noexcept
{
    stopRequested_.store(true, std::memory_order_relaxed);
    if (thread_.joinable())
        thread_.join();
}

void AnalysisThread::run() noexcept
{
    lowerPriorityOfThisThread();
    flushDenormalsOnThisThread();

    const auto hopDuration =
        std::chrono::duration<double>(static_cast<double>(analyzer_.hopSize()) / analyzer_.sampleRate());
    const auto idleSleep = std::chrono::duration_cast<std::chrono::microseconds>(hopDuration / 4);

    while (!stopRequested_.load(std::memory_order_relaxed))
    {
        const std::size_t n = ring_.read(left_.data(), right_.data(), left_.size());
        if (n == 0)
        {
            std::this_thread::sleep_for(std::max(idleSleep, std::chrono::microseconds(500)));
            continue;
        }
        analyzer_.setDroppedFrames(ring_.droppedFrames());
        analyzer_.process(left_.data(), right_.data(), n, sink_);
    }
}

} // namespace moodscope
