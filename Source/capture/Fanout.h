// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/QueueTsanSupport.h"

#include <readerwriterqueue/readerwriterqueue.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

namespace moodscope {

// One producer, up to kMaxSubscribers consumers, each with its own pre-sized SPSC queue.
// The producer (analysis thread) never blocks or allocates: a full queue drops the item
// and counts it. Consumers (GUI, OSC sender, CLI writer) subscribe and unsubscribe at any
// time from their own thread; all queues are allocated up front so a subscription never
// races with the producer over memory. A slot passes from one consumer to the next only
// through `claimed` (release/acquire), so each queue always has exactly one consumer; an
// enqueue in flight while a slot changes hands just delivers one recent item to the new one.
// The slots are shared with the subscriptions: a subscription that outlives its Fanout (a
// consumer torn down after the engine) still points at valid memory and simply receives
// nothing more.
template <typename T> class Fanout // analysis thread publishes; each Subscription is read by one consumer thread
{
  public:
    static constexpr int kMaxSubscribers = 8;

  private:
    struct Slot
    {
        std::unique_ptr<moodycamel::ReaderWriterQueue<T>> queue;
        std::atomic<bool> claimed { false }; // slot owned by a subscription (or not yet released)
        std::atomic<bool> active { false };  // producer should enqueue
        std::atomic<std::uint64_t> dropped { 0 };
    };
    using Slots = std::array<Slot, kMaxSubscribers>;

  public:
    explicit Fanout(std::size_t queueCapacity) : slots_(std::make_shared<Slots>())
    {
        for (auto& slot : *slots_)
            slot.queue = std::make_unique<moodycamel::ReaderWriterQueue<T>>(queueCapacity);
    }

    class Subscription
    {
      public:
        Subscription() = default;
        Subscription(std::shared_ptr<Slots> slots, int slot) : slots_(std::move(slots)), slot_(slot) {}
        Subscription(Subscription&& o) noexcept : slots_(std::move(o.slots_)), slot_(o.slot_) {}
        Subscription& operator=(Subscription&& o) noexcept
        {
            if (this != &o)
            {
                reset();
                slots_ = std::move(o.slots_);
                slot_ = o.slot_;
            }
            return *this;
        }
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        ~Subscription() { reset(); }

        explicit operator bool() const noexcept { return slots_ != nullptr; }

        bool pop(T& out) noexcept { return slots_ != nullptr && slot().queue->try_dequeue(out); }

        // Drains everything queued and keeps only the newest: what a display wants.
        bool latest(T& out) noexcept
        {
            bool any = false;
            while (pop(out))
                any = true;
            return any;
        }

        std::uint64_t dropped() const noexcept
        {
            return slots_ != nullptr ? slot().dropped.load(std::memory_order_relaxed) : 0;
        }

        void reset() noexcept
        {
            if (slots_ != nullptr)
            {
                slot().active.store(false, std::memory_order_release);
                slot().claimed.store(false, std::memory_order_release);
            }
            slots_.reset();
        }

      private:
        Slot& slot() const noexcept { return (*slots_)[static_cast<std::size_t>(slot_)]; }

        std::shared_ptr<Slots> slots_;
        int slot_ = 0;
    };

    // Consumer side. Returns an empty subscription when all slots are taken.
    Subscription subscribe() noexcept
    {
        for (int i = 0; i < kMaxSubscribers; ++i)
        {
            bool expected = false;
            auto& slot = (*slots_)[static_cast<std::size_t>(i)];
            if (slot.claimed.compare_exchange_strong(expected, true, std::memory_order_acq_rel))
            {
                T discard;
                while (slot.queue->try_dequeue(discard))
                {} // a previous consumer's leftovers
                slot.dropped.store(0, std::memory_order_relaxed);
                slot.active.store(true, std::memory_order_release);
                return Subscription(slots_, i);
            }
        }
        return {};
    }

    // Producer side (analysis thread only).
    void publish(const T& item) noexcept
    {
        for (auto& slot : *slots_)
        {
            if (!slot.active.load(std::memory_order_acquire))
                continue;
            if (!slot.queue->try_enqueue(item))
                slot.dropped.fetch_add(1, std::memory_order_relaxed);
        }
    }

    int activeSubscribers() const noexcept
    {
        int n = 0;
        for (const auto& slot : *slots_)
            n += slot.active.load(std::memory_order_relaxed) ? 1 : 0;
        return n;
    }

  private:
    std::shared_ptr<Slots> slots_;
};

} // namespace moodscope
