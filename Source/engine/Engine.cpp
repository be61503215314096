// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/Engine.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

Engine::Engine() = default;

Engine::~Engine()
{
    release();
}

void Engine::prepare(double sampleRate, int maxBlockSize, const EngineConfig& config)
{
    release();
    analyzer_.prepare(sampleRate, config);
    const auto ringFrames =
        static_cast<std::size_t>(std::lround(analyzer_.config().ringSeconds * analyzer_.sampleRate()));
    // At least four of the largest blocks, so one slow analysis pass never drops audio.
    // A host's block size is trusted only up to 1 M frames: the ring stays allocatable.
    const auto block = static_cast<std::size_t>(std::clamp(maxBlockSize, 1, 1 << 20));
    capturedFrames_ = 0;
    ring_ = std::make_unique<StereoRing>(std::max(ringFrames, 4 * block));
    thread_ = std::make_unique<AnalysisThread>(*ring_, analyzer_, static_cast<AnalysisSink&>(*this));
    thread_->start();
}

void Engine::release() noexcept
{
    if (thread_ != nullptr)
        thread_->stop();
    thread_.reset();
    ring_.reset();
}

} // namespace moodscope
