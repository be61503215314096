// SPDX-License-Identifier: GPL-3.0-or-later
#include "link/LinkLeader.h"

#include "link/LinkTimeMap.h"
#include "util/WorkerHandover.h"

#include <ableton/Link.hpp>

#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>

namespace moodscope {

namespace {
constexpr auto kPoll = std::chrono::milliseconds(2);
constexpr double kMinBpm = 20.0, kMaxBpm = 999.0; // Link's own tempo range

// The detected (or the host's) beat grid of one hop: tempo and the position in the 4-beat bar
// at the hop's end.
struct Grid
{
    bool beat = false; // a pulse in this hop
    double bpm = 0.0;
    double barPosition = 0.0; // 0..4
};

std::optional<Grid> gridOf(const FastFrame& f, bool followHost)
{
    if (followHost && f.hostSynced && f.hostBpm > 0.0f)
        return Grid { f.hostBeat, f.hostBpm, f.hostBarPhase };
    if (f.bpm > 0.0f && f.bpmConfidence >= LinkLeader::kLockedConfidence)
        return Grid { f.beat, f.bpm, f.barPhase };
    return std::nullopt;
}
} // namespace

struct LinkLeader::Impl // control thread and the Link thread; the hand-over under handover.mutex
{
    explicit Impl(Fanout<FastFrame>& f) : fastFan(f) {}

    Fanout<FastFrame>& fastFan;
    WorkerHandover<LinkSettings, LinkStatus> handover;

    void run(LinkSettings settings, Fanout<FastFrame>::Subscription fast)
    {
        auto& h = handover;
        ableton::Link link(120.0);
        link.enable(true);
        LinkTimeMap map;
        LinkStatus status;
        for (;;)
        {
            {
                std::unique_lock<std::mutex> lock(h.mutex);
                if (h.wake.wait_for(lock, kPoll, [&h] { return h.stopRequested; }))
                    break;
                if (h.pendingSettings)
                {
                    settings = *h.pendingSettings;
                    h.pendingSettings.reset();
                }
            }
            const bool followHost = settings.followHost;
            FastFrame f;
            while (fast.pop(f))
            {
                map.observe(f.time, link.clock().micros().count());
                const auto grid = gridOf(f, followHost);
                status.leading = grid.has_value();
                if (!grid || !grid->beat || !map.valid())
                    continue;
                steer(link, *grid, std::chrono::microseconds(map.linkMicros(f.time)), status);
            }
            status.peers = link.numPeers();
            status.sessionBpm = link.captureAppSessionState().tempo();
            std::lock_guard<std::mutex> lock(h.mutex);
            h.published = status;
        }
        link.enable(false);
    }

    // At the hop's end (Link time t) the music stands at grid.barPosition in its bar: the
    // session's tempo becomes the music's and its beat at t the nearest one in that bar position.
    static void steer(ableton::Link& link, const Grid& grid, std::chrono::microseconds t, LinkStatus& status)
    {
        auto state = link.captureAppSessionState();
        const double bpm = std::clamp(grid.bpm, kMinBpm, kMaxBpm);
        if (std::abs(state.tempo() - bpm) > 0.01)
        {
            state.setTempo(bpm, t);
            ++status.tempoSets;
        }
        const double current = state.beatAtTime(t, kQuantum);
        double delta = std::fmod(grid.barPosition - current, kQuantum);
        if (delta >= kQuantum / 2.0)
            delta -= kQuantum;
        if (delta < -kQuantum / 2.0)
            delta += kQuantum;
        if (std::abs(delta) * 60.0 / bpm > kPhaseToleranceSeconds)
        {
            state.forceBeatAtTime(current + delta, t, kQuantum);
            ++status.phaseCorrections;
        }
        link.commitAppSessionState(state);
    }
};

LinkLeader::LinkLeader(Fanout<FastFrame>& fast) : impl_(std::make_unique<Impl>(fast)) {}

LinkLeader::~LinkLeader()
{
    stop();
}

void LinkLeader::start(const LinkSettings& settings)
{
    if (isRunning())
    {
        setSettings(settings);
        return;
    }
    auto fast = impl_->fastFan.subscribe();
    if (!fast)
        return;
    Impl* impl = impl_.get();
    impl->handover.start([impl, settings, fast = std::move(fast)]() mutable { impl->run(settings, std::move(fast)); },
                         [] {});
}

void LinkLeader::stop() noexcept
{
    impl_->handover.stop();
}

bool LinkLeader::isRunning() const noexcept
{
    return impl_->handover.isRunning();
}

void LinkLeader::setSettings(const LinkSettings& settings)
{
    impl_->handover.setSettings(settings);
}

LinkStatus LinkLeader::status() const
{
    return impl_->handover.stats();
}

} // namespace moodscope
