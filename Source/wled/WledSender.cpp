// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledSender.h"

#include "wled/WledPacket.h"
#include "wled/WledScaler.h"
#include "util/WorkerHandover.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>

namespace moodscope {

namespace {
using Clock = std::chrono::steady_clock;

// Fan-outs have no wake-up (the analysis thread makes no system calls for us), so the sender polls.
constexpr auto kPoll = std::chrono::milliseconds(2);
constexpr auto kStatsEvery = std::chrono::milliseconds(50);

void writeToStderr(const std::string& line)
{
    std::fprintf(stderr, "%s\n", line.c_str());
}

// Out-of-range settings are pulled into range (a plugin keeps running with whatever the host
// restores), never rejected.
WledSettings sanitized(WledSettings s)
{
    s.multicastTtl = std::clamp(s.multicastTtl, 1, 255);
    std::vector<WledTarget> unique;
    for (const auto& t : s.targets)
        if (std::find(unique.begin(), unique.end(), t) == unique.end())
            unique.push_back(t);
    s.targets = std::move(unique);
    return s;
}

class WledLoop // sender thread
{
  public:
    WledLoop(std::atomic<WledLogFunction>& log, Fanout<FastFrame>::Subscription& fast) : fast_(fast), log_(log) {}

    void apply(const WledSettings& requested)
    {
        const WledSettings s = sanitized(requested);
        const bool socketsChange =
            s.multicastTtl != settings_.multicastTtl || s.multicastInterface != settings_.multicastInterface;
        std::vector<std::unique_ptr<WledSocket>> next;
        for (const auto& t : s.targets)
        {
            auto same = std::find_if(targets_.begin(), targets_.end(),
                                     [&](const auto& k) { return k != nullptr && k->target() == t; });
            if (same != targets_.end() && !socketsChange)
                next.push_back(std::move(*same));
            else
                next.push_back(std::make_unique<WledSocket>(t, s.multicastTtl, s.multicastInterface));
        }
        for (const auto& gone : targets_)
            if (gone != nullptr)
                retiredErrors_ += gone->status().errors;
        targets_ = std::move(next);
        settings_ = s;
    }

    Clock::time_point step()
    {
        const auto log = log_.load();
        auto now = Clock::now();
        for (auto& t : targets_)
            t->update(now, log);
        FastFrame f;
        while (fast_.pop(f))
        {
            latest_ = f;
            fresh_ = true;
            peak_ = peak_ || f.beat || f.onset;
        }
        now = Clock::now();
        if (!fresh_ || now < next_)
            return fresh_ ? std::min(next_, now + kPoll) : now + kPoll;
        const double seconds = lastSent_ == Clock::time_point {}
                                   ? std::chrono::duration<double>(WledSender::kInterval).count()
                                   : std::chrono::duration<double>(now - lastSent_).count();
        const WledPacketBytes packet = encodeWledPacket(scaler_.next(latest_, peak_, seconds));
        for (auto& t : targets_)
            if (t->send(packet.data(), packet.size(), now, log))
                ++sent_;
        fresh_ = peak_ = false;
        lastSent_ = now;
        // whole intervals, so polling late does not lower the rate; after a pause, afresh
        next_ = now - next_ < WledSender::kInterval ? next_ + WledSender::kInterval : now + WledSender::kInterval;
        return std::min(next_, now + kPoll);
    }

    void fillStats(WledStats& out, Clock::time_point now)
    {
        out.targets.clear();
        out.errors = retiredErrors_;
        for (const auto& t : targets_)
        {
            out.targets.push_back(t->status());
            out.errors += out.targets.back().errors;
        }
        out.packetsSent = sent_;
        const double elapsed = std::chrono::duration<double>(now - rateMark_).count();
        if (elapsed >= 1.0)
        {
            rate_ = static_cast<double>(sent_ - sentAtMark_) / elapsed;
            rateMark_ = now;
            sentAtMark_ = sent_;
        }
        out.packetsPerSecond = rate_;
    }

  private:
    Fanout<FastFrame>::Subscription& fast_;
    std::atomic<WledLogFunction>& log_;
    WledSettings settings_ {};
    std::vector<std::unique_ptr<WledSocket>> targets_;
    WledScaler scaler_;
    FastFrame latest_ {};
    bool fresh_ = false, peak_ = false;
    Clock::time_point next_ {}, lastSent_ {};
    std::uint64_t sent_ = 0, retiredErrors_ = 0, sentAtMark_ = 0;
    Clock::time_point rateMark_ = Clock::now();
    double rate_ = 0.0;
};
} // namespace

struct WledSender::Impl // control thread and sender thread; the hand-over under handover.mutex
{
    explicit Impl(Fanout<FastFrame>& f) : fastFan(f) {}

    Fanout<FastFrame>& fastFan;
    std::atomic<WledLogFunction> log { &writeToStderr };
    WorkerHandover<WledSettings, WledStats> handover;

    void run(WledSettings settings, Fanout<FastFrame>::Subscription fast)
    {
        WledLoop loop(log, fast);
        loop.apply(settings);
        auto nextStats = Clock::now();
        auto& h = handover;
        for (;;)
        {
            {
                std::lock_guard<std::mutex> lock(h.mutex);
                if (h.stopRequested)
                    break;
                if (h.pendingSettings)
                {
                    loop.apply(*h.pendingSettings);
                    h.pendingSettings.reset();
                    nextStats = Clock::now();
                }
            }
            const auto due = loop.step();
            const auto now = Clock::now();
            std::unique_lock<std::mutex> lock(h.mutex);
            if (now >= nextStats)
            {
                loop.fillStats(h.published, now);
                nextStats = now + kStatsEvery;
            }
            h.wake.wait_until(lock, due, [&h] { return h.stopRequested || h.pendingSettings.has_value(); });
        }
        std::lock_guard<std::mutex> lock(h.mutex);
        loop.fillStats(h.published, Clock::now());
    }
};

WledSender::WledSender(Fanout<FastFrame>& fast) : impl_(std::make_unique<Impl>(fast)) {}

WledSender::~WledSender()
{
    stop();
}

void WledSender::start(const WledSettings& settings)
{
    if (isRunning())
    {
        setSettings(settings);
        return;
    }
    auto fast = impl_->fastFan.subscribe();
    if (!fast)
    {
        if (const auto log = impl_->log.load())
            log("wled: the engine's outputs have no free subscriber slot; WLED output stays off");
        return;
    }
    Impl* impl = impl_.get();
    impl->handover.start([impl, settings, fast = std::move(fast)]() mutable { impl->run(settings, std::move(fast)); },
                         [] {});
}

void WledSender::stop() noexcept
{
    impl_->handover.stop();
}

bool WledSender::isRunning() const noexcept
{
    return impl_->handover.isRunning();
}

void WledSender::setSettings(const WledSettings& settings)
{
    impl_->handover.setSettings(settings);
}

WledStats WledSender::stats() const
{
    return impl_->handover.stats();
}

void WledSender::setLogFunction(WledLogFunction log) noexcept
{
    impl_->log.store(log != nullptr ? log : &writeToStderr);
}

} // namespace moodscope
