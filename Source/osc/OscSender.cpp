// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscSender.h"

#include "osc/OscAddressSpace.h"
#include "osc/OscFastMerger.h"
#include "osc/OscLighting.h"
#include "osc/OscTargetSocket.h"
#include "util/WorkerHandover.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>

namespace moodscope {

namespace {
using Clock = std::chrono::steady_clock;

// Fan-outs have no wake-up (the analysis thread must not make system calls for us), so the
// sender polls; 2 ms keeps a beat's extra latency far below a light's reaction time.
constexpr auto kPoll = std::chrono::milliseconds(2);
constexpr auto kStatsEvery = std::chrono::milliseconds(50);
// Lighting profile: the input counts as stopped after kLightStoppedSeconds without a frame;
// the zeros then go out twice, a second apart, so one lost datagram does not leave lights on.
const auto kStopped = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kLightStoppedSeconds));
constexpr auto kStoppedRepeat = std::chrono::seconds(1);
constexpr int kStoppedZeros = 2;

void writeToStderr(const std::string& line)
{
    std::fprintf(stderr, "%s\n", line.c_str());
}

lo_timetag bundleTag(OscTimetag kind)
{
    lo_timetag t { 0, 1 }; // OSC "immediately"
    if (kind == OscTimetag::Now)
        lo_timetag_now(&t);
    return t;
}

// Out-of-range settings are pulled into range (a plugin keeps running with whatever the host
// restores), never rejected.
OscSettings sanitized(OscSettings s)
{
    if (s.timetag != OscTimetag::Now && s.timetag != OscTimetag::Immediate)
        s.timetag = OscTimetag::Now;
    if (s.profile != OscProfile::Default && s.profile != OscProfile::Lighting)
        s.profile = OscProfile::Default;
    if (!std::isfinite(s.maxFastRateHz) || s.maxFastRateHz <= 0.0)
        s.maxFastRateHz = OscSettings {}.maxFastRateHz;
    s.maxFastRateHz = std::clamp(s.maxFastRateHz, 1.0, 1000.0);
    std::vector<OscTarget> unique;
    for (const auto& t : s.targets)
        if (std::find(unique.begin(), unique.end(), t) == unique.end())
            unique.push_back(t);
    s.targets = std::move(unique);
    return s;
}
} // namespace

struct OscSender::Impl // control thread and sender thread; the hand-over under handover.mutex
{
    Impl(Fanout<FastFrame>& f, Fanout<SlowSnapshot>& s) : fastFan(f), slowFan(s) {}

    Fanout<FastFrame>& fastFan;
    Fanout<SlowSnapshot>& slowFan;
    std::atomic<LogFunction> log { &writeToStderr };

    WorkerHandover<OscSettings, OscStats> handover;
    // a flush, handed over under handover.mutex
    std::condition_variable flushed;
    std::uint64_t flushRequested = 0, flushDone = 0;

    void run(OscSettings settings, Fanout<FastFrame>::Subscription fast, Fanout<SlowSnapshot>::Subscription slow);
};

namespace {
// Everything the sender thread owns.
class SenderLoop // sender thread
{
  public:
    explicit SenderLoop(std::atomic<OscSender::LogFunction>& log) : log_(log) {}

    void apply(const OscSettings& requested)
    {
        const OscSettings next = sanitized(requested);
        const bool lighting = next.profile == OscProfile::Lighting;
        // lights driven by the old addresses must not hold their last state
        if (lighting_ != nullptr && (!lighting || lighting_->prefix() != OscAddressSpace::normalizePrefix(next.prefix)))
        {
            sendZeros();
            lighting_.reset();
        }
        settings_ = next;
        if (space_ == nullptr || space_->prefix() != OscAddressSpace::normalizePrefix(settings_.prefix))
            space_ = std::make_unique<OscAddressSpace>(settings_.prefix);
        if (lighting && lighting_ == nullptr)
            lighting_ = std::make_unique<OscLighting>(settings_.prefix);
        period_ =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / settings_.maxFastRateHz));
        std::vector<std::unique_ptr<OscTargetSocket>> nextTargets;
        for (const auto& t : settings_.targets)
        {
            auto same = std::find_if(targets_.begin(), targets_.end(),
                                     [&](const auto& s) { return s != nullptr && s->target() == t; });
            if (same != targets_.end())
                nextTargets.push_back(std::move(*same));
            else
                nextTargets.push_back(std::make_unique<OscTargetSocket>(t));
        }
        for (const auto& gone : targets_)
            if (gone != nullptr)
                retiredErrors_ += gone->status().errors;
        targets_ = std::move(nextTargets);
        if (!settings_.fast && !settings_.events)
            merger_.clear();
    }

    // The input is gone for good (the sender stops): lights fall to 0.
    void finish()
    {
        if (lighting_ != nullptr)
            sendZeros();
    }

    // One pass: returns when the next pass is due.
    Clock::time_point step(Fanout<FastFrame>::Subscription& fast, Fanout<SlowSnapshot>::Subscription& slow,
                           bool flushing)
    {
        const auto log = log_.load();
        auto now = Clock::now();
        for (auto& t : targets_)
            t->update(now, log);

        // A frame's events ride in the bundle that carries the frame (SPEC §7: one update, one
        // bundle); that bundle leaves at once, inside the rate-limit period too, because a cue
        // on a drop must not wait. So does a beat pulse (its own or the host's): a light on the
        // beat would otherwise lag by up to one period (16.7 ms at 60 Hz). Both are at most a
        // few per second, so the rate stays bounded; onsets, up to 20 a second, keep the period.
        FastFrame f;
        bool sendNow = false;
        while (fast.pop(f))
        {
            if (lighting_ != nullptr)
            {
                // every frame: the pulses' holds end on the analysis clock the frames carry
                lighting_->observe(f);
                if (settings_.fast || settings_.events)
                    merger_.add(f);
                stoppedZeros_ = kStoppedZeros;
                stoppedAt_ = now + kStopped;
                continue;
            }
            if (settings_.fast || (settings_.events && f.events != 0))
                merger_.add(f);
            sendNow = sendNow || (settings_.events && f.events != 0) || (settings_.fast && (f.beat || f.hostBeat));
        }
        if (lighting_ != nullptr && lighting_->takeSilenceStart())
            sendZeros();
        SlowSnapshot s;
        while (slow.pop(s))
        {
            if (lighting_ != nullptr)
            {
                lighting_->observe(s);
                OscBundle b(bundleTag(settings_.timetag));
                lighting_->addSlow(b, channels());
                send(b);
                continue;
            }
            const bool events = settings_.events && s.events != 0;
            if (!events && !settings_.slow && !settings_.perDimension)
                continue;
            OscBundle b(bundleTag(settings_.timetag));
            if (events)
                space_->addEvents(b, s.events);
            if (settings_.slow || settings_.perDimension)
                space_->addSlow(b, s, { settings_.slow, settings_.perDimension });
            send(b);
        }
        now = Clock::now();
        const bool due = now >= nextFast_;
        // a beat, downbeat, event or state change leaves at once, as in the default profile
        const bool pulse = lighting_ != nullptr && lighting_->pulseWaiting();
        if ((merger_.pending() || pulse) && (due || flushing || sendNow || pulse))
        {
            OscBundle b(bundleTag(settings_.timetag));
            const FastFrame& merged = merger_.take();
            if (lighting_ != nullptr)
                lighting_->addFast(b, channels());
            else
            {
                if (settings_.events && merged.events != 0)
                    space_->addEvents(b, merged.events);
                if (settings_.fast)
                {
                    for (int i = 0; i < merger_.earlierBeats(); ++i)
                        space_->addBeat(b, merger_.earlierBeat(i).count, merger_.earlierBeat(i).strength);
                    space_->addFast(b, merged);
                }
            }
            send(b);
            // The schedule advances by whole periods, so polling late does not lower the rate
            // (now + period gave 59.75 Hz at 60); after a pause it starts afresh.
            if (due)
                nextFast_ = now - nextFast_ < period_ ? nextFast_ + period_ : now + period_;
        }
        if (lighting_ != nullptr && stoppedZeros_ > 0 && now >= stoppedAt_)
        {
            sendZeros();
            --stoppedZeros_;
            stoppedAt_ = now + kStoppedRepeat;
        }
        return merger_.pending() ? std::min(nextFast_, now + kPoll) : now + kPoll;
    }

    void fillStats(OscStats& out, Clock::time_point now)
    {
        out.messagesSent = messagesSent_;
        out.errors = retiredErrors_;
        out.targets.clear();
        for (const auto& t : targets_)
        {
            out.targets.push_back(t->status());
            out.errors += out.targets.back().errors;
        }
        const double elapsed = std::chrono::duration<double>(now - rateMark_).count();
        if (elapsed >= 1.0)
        {
            rate_ = static_cast<double>(messagesSent_ - sentAtMark_) / elapsed;
            rateMark_ = now;
            sentAtMark_ = messagesSent_;
        }
        out.messagesPerSecond = rate_;
    }

  private:
    LightChannels channels() const noexcept
    {
        return { settings_.fast, settings_.slow, settings_.perDimension, settings_.events };
    }

    void sendZeros()
    {
        OscBundle b(bundleTag(settings_.timetag));
        lighting_->addZeros(b, channels());
        send(b);
    }

    void send(const OscBundle& b)
    {
        if (b.empty())
            return;
        if (settings_.bundles)
        {
            if (encoded(b.serialise(wire_)))
                sendWire(b.messages());
            return;
        }
        for (int i = 0; i < b.messages(); ++i)
            if (encoded(b.serialiseMessage(i, wire_)))
                sendWire(1);
    }

    bool encoded(bool ok)
    {
        if (!ok)
            if (const auto log = log_.load())
                log("osc: liblo could not encode a bundle");
        return ok;
    }

    void sendWire(int messages)
    {
        const auto log = log_.load();
        const auto now = Clock::now();
        for (auto& t : targets_)
            if (t->send(wire_, messages, now, log))
                messagesSent_ += static_cast<std::uint64_t>(messages);
    }

    std::atomic<OscSender::LogFunction>& log_;
    OscSettings settings_;
    std::unique_ptr<OscAddressSpace> space_;
    std::unique_ptr<OscLighting> lighting_; // the lighting profile's state, while it is chosen
    int stoppedZeros_ = 0;                  // zero bundles still to send once the frames stop
    Clock::time_point stoppedAt_ {};
    std::vector<std::unique_ptr<OscTargetSocket>> targets_;
    OscFastMerger merger_;
    Clock::duration period_ {};
    Clock::time_point nextFast_ {};
    std::vector<char> wire_;
    std::uint64_t messagesSent_ = 0, retiredErrors_ = 0, sentAtMark_ = 0;
    Clock::time_point rateMark_ = Clock::now();
    double rate_ = 0.0;
};
} // namespace

void OscSender::Impl::run(OscSettings settings, Fanout<FastFrame>::Subscription fast,
                          Fanout<SlowSnapshot>::Subscription slow)
{
    SenderLoop loop(log);
    loop.apply(settings);
    auto nextStats = Clock::now();
    for (;;)
    {
        std::uint64_t flushing = 0;
        {
            std::unique_lock<std::mutex> lock(handover.mutex);
            if (handover.stopRequested)
                break;
            if (handover.pendingSettings)
            {
                loop.apply(*handover.pendingSettings);
                handover.pendingSettings.reset();
                nextStats = Clock::now();
            }
            if (flushRequested > flushDone)
                flushing = flushRequested;
        }
        const auto due = loop.step(fast, slow, flushing != 0);
        const auto now = Clock::now();
        std::unique_lock<std::mutex> lock(handover.mutex);
        if (now >= nextStats || flushing != 0)
        {
            loop.fillStats(handover.published, now);
            nextStats = now + kStatsEvery;
        }
        if (flushing != 0)
        {
            flushDone = flushing;
            flushed.notify_all();
        }
        handover.wake.wait_until(lock, due, [this] {
            return handover.stopRequested || handover.pendingSettings || flushRequested > flushDone;
        });
    }
    loop.finish();
    std::lock_guard<std::mutex> lock(handover.mutex);
    loop.fillStats(handover.published, Clock::now());
}

OscSender::OscSender(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow) : impl_(std::make_unique<Impl>(fast, slow)) {}

OscSender::~OscSender()
{
    stop();
}

void OscSender::start(const OscSettings& settings)
{
    if (isRunning())
    {
        setSettings(settings);
        return;
    }
    auto fast = impl_->fastFan.subscribe();
    auto slow = impl_->slowFan.subscribe();
    if (!fast || !slow)
    {
        if (const auto log = impl_->log.load())
            log("osc: the engine's outputs have no free subscriber slot; OSC output stays off");
        return;
    }
    Impl* impl = impl_.get();
    impl->handover.start([impl, settings, fast = std::move(fast),
                          slow = std::move(slow)]() mutable { impl->run(settings, std::move(fast), std::move(slow)); },
                         [impl] { impl->flushRequested = impl->flushDone = 0; });
}

void OscSender::stop() noexcept
{
    if (impl_->handover.stop())
        impl_->flushed.notify_all();
}

bool OscSender::isRunning() const noexcept
{
    return impl_->handover.isRunning();
}

void OscSender::setSettings(const OscSettings& settings)
{
    impl_->handover.setSettings(settings);
}

OscStats OscSender::stats() const
{
    return impl_->handover.stats();
}

void OscSender::flush(int timeoutMs)
{
    if (!isRunning())
        return;
    std::unique_lock<std::mutex> lock(impl_->handover.mutex);
    const std::uint64_t ticket = ++impl_->flushRequested;
    impl_->handover.wake.notify_all();
    impl_->flushed.wait_for(lock, std::chrono::milliseconds(std::max(0, timeoutMs)),
                            [&] { return impl_->flushDone >= ticket || impl_->handover.stopRequested; });
}

void OscSender::setLogFunction(LogFunction log) noexcept
{
    impl_->log.store(log != nullptr ? log : &writeToStderr);
}

} // namespace moodscope
