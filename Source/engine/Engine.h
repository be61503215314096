// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/AnalysisThread.h"
#include "engine/Analyzer.h"
#include "model/EngineConfig.h"
#include "capture/Fanout.h"
#include "capture/HostTransport.h"
#include "capture/StereoRing.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <atomic>
#include <memory>

namespace moodscope {

// The live engine the plugin and the standalone app wrap: capture ring, analysis thread,
// and the fan-outs its results leave through.
// capture() and setHostTransport() are the only audio-thread entry points. prepare()/release() run on a
// non-real-time thread and never concurrently with capture() (JUCE's prepareToPlay /
// processBlock contract). Subscriptions may be taken from any consumer thread at any time
// and survive re-preparation.
class Engine final : private AnalysisSink // audio thread: capture(), setHostTransport(); analysis thread: sink
{
  public:
    Engine();
    ~Engine() override;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void prepare(double sampleRate, int maxBlockSize, const EngineConfig& config = {});
    void release() noexcept;

    // Audio thread: copies the block into the ring and returns. Nothing else.
    void capture(const float* const* channels, int numChannels, int numFrames) noexcept
    {
        if (ring_ != nullptr && numFrames > 0)
            capturedFrames_ += ring_->write(channels, numChannels, static_cast<std::size_t>(numFrames));
    }

    // Audio thread, wait-free: the host transport for the block about to be captured (call it
    // before capture() of that block, e.g. from AudioPlayHead::getPosition in processBlock).
    // transport.samplePosition is ignored: the engine knows where the block lands in the
    // analyzed stream. FastFrames then carry host-synced beats (hostSynced, hostBeat, ...).
    void setHostTransport(const HostTransport& transport) noexcept
    {
        HostTransport t = transport;
        t.samplePosition = capturedFrames_;
        analyzer_.setHostTransport(t);
    }

    Fanout<FastFrame>& fastOutput() noexcept { return fast_; }
    Fanout<SlowSnapshot>& slowOutput() noexcept { return slow_; }

    // Status readers below: message thread (the thread that calls prepare/release) only.
    bool isRunning() const noexcept { return thread_ != nullptr && thread_->isRunning(); }
    double sampleRate() const noexcept { return analyzer_.sampleRate(); }
    const EngineConfig& config() const noexcept { return analyzer_.config(); }
    std::uint64_t droppedFrames() const noexcept { return ring_ != nullptr ? ring_->droppedFrames() : 0; }
    // Frames captured but not yet analyzed, and the ring's size: a backlog meter.
    std::size_t pendingFrames() const noexcept { return ring_ != nullptr ? ring_->available() : 0; }
    std::size_t ringCapacity() const noexcept { return ring_ != nullptr ? ring_->capacity() : 0; }
    std::uint64_t overrunEvents() const noexcept { return ring_ != nullptr ? ring_->overrunEvents() : 0; }

    static constexpr std::size_t kFastQueueCapacity = 1024; // > 10 s of hops
    static constexpr std::size_t kSlowQueueCapacity = 64;

  private:
    void onFast(const FastFrame& frame) noexcept override { fast_.publish(frame); }
    void onSlow(const SlowSnapshot& snapshot) noexcept override { slow_.publish(snapshot); }

    Fanout<FastFrame> fast_ { kFastQueueCapacity };
    Fanout<SlowSnapshot> slow_ { kSlowQueueCapacity };
    Analyzer analyzer_;
    std::unique_ptr<StereoRing> ring_;
    std::uint64_t capturedFrames_ = 0; // audio thread (reset by prepare): frames the analysis will see
    std::unique_ptr<AnalysisThread> thread_;
};

} // namespace moodscope
