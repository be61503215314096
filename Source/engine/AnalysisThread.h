// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/Analyzer.h"
#include "capture/StereoRing.h"

#include <atomic>
#include <thread>
#include <vector>

namespace moodscope {

// Drains the capture ring into the Analyzer at low priority. The audio thread cannot wake
// it (that would be a system call), so it polls: a sleep of a fraction of a hop keeps the
// fast signals' added latency well under one hop at negligible CPU.
class AnalysisThread // owns the analysis thread; start/stop from one non-real-time thread
{
  public:
    AnalysisThread(StereoRing& ring, Analyzer& analyzer, AnalysisSink& sink);
    ~AnalysisThread();
    AnalysisThread(const AnalysisThread&) = delete;
    AnalysisThread& operator=(const AnalysisThread&) = delete;

    void start();
    void stop() noexcept;
    bool isRunning() const noexcept { return thread_.joinable(); }

    static constexpr int kNiceValue = 10;

  private:
    void run() noexcept;

    StereoRing& ring_;
    Analyzer& analyzer_;
    AnalysisSink& sink_;
    std::vector<float> left_, right_;
    std::thread thread_;
    std::atomic<bool> stopRequested_ { false };
};

} // namespace moodscope
