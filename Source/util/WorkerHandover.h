// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace moodscope {

// What a control thread and one worker thread (an output's sender) hand each other - the stop
// request, new settings, the published statistics - under one mutex, and the worker thread
// itself. The worker waits on `wake` with the mutex held; every request notifies it. An owner
// with more to hand over (a flush) keeps it next to this, under the same mutex.
template <typename Settings, typename Stats>
struct WorkerHandover // control thread and worker thread; the fields under mutex
{
    mutable std::mutex mutex;
    std::condition_variable wake;
    bool stopRequested = false;
    std::optional<Settings> pendingSettings;
    Stats published {};

    // Clears the requests and statistics, calls clear() under the mutex for the owner's own
    // hand-over fields, and starts run on a new thread.
    template <typename Run, typename Clear> void start(Run&& run, Clear&& clear)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopRequested = false;
            pendingSettings.reset();
            published = {};
            clear();
        }
        thread_ = std::thread(std::forward<Run>(run));
        running_.store(true);
    }

    // Asks the worker to stop and waits for it; false when none was running.
    bool stop() noexcept
    {
        if (!thread_.joinable())
            return false;
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopRequested = true;
        }
        wake.notify_all();
        thread_.join();
        running_.store(false);
        return true;
    }

    bool isRunning() const noexcept { return running_.load(); }

    void setSettings(const Settings& settings)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            pendingSettings = settings;
        }
        wake.notify_all();
    }

    Stats stats() const
    {
        std::lock_guard<std::mutex> lock(mutex);
        return published;
    }

  private:
    std::thread thread_;
    std::atomic<bool> running_ { false };
};

} // namespace moodscope
