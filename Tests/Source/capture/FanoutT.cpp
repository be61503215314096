// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/Fanout.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using moodscope::Fanout;

TEST_CASE("every subscriber gets every item", "[fanout]")
{
    Fanout<int> fan(16);
    auto a = fan.subscribe();
    auto b = fan.subscribe();
    REQUIRE(a);
    REQUIRE(b);
    for (int i = 0; i < 10; ++i)
        fan.publish(i);
    for (auto* sub : { &a, &b })
    {
        int v = -1;
        for (int i = 0; i < 10; ++i)
        {
            REQUIRE(sub->pop(v));
            CHECK(v == i);
        }
        CHECK_FALSE(sub->pop(v));
    }
}

TEST_CASE("a full queue drops and counts instead of blocking the producer", "[fanout]")
{
    Fanout<int> fan(4);
    auto slow = fan.subscribe();
    for (int i = 0; i < 100; ++i)
        fan.publish(i);
    int v = -1;
    int got = 0;
    while (slow.pop(v))
        ++got;
    CHECK(got >= 4);
    CHECK(slow.dropped() == static_cast<std::uint64_t>(100 - got));
}

TEST_CASE("latest() keeps only the newest item", "[fanout]")
{
    Fanout<int> fan(64);
    auto sub = fan.subscribe();
    for (int i = 0; i < 20; ++i)
        fan.publish(i);
    int v = -1;
    REQUIRE(sub.latest(v));
    CHECK(v == 19);
    CHECK_FALSE(sub.latest(v));
}

TEST_CASE("slots are limited, released on unsubscribe and start clean", "[fanout]")
{
    Fanout<int> fan(8);
    std::vector<Fanout<int>::Subscription> subs;
    for (int i = 0; i < Fanout<int>::kMaxSubscribers; ++i)
        subs.push_back(fan.subscribe());
    CHECK_FALSE(fan.subscribe());
    CHECK(fan.activeSubscribers() == Fanout<int>::kMaxSubscribers);

    fan.publish(42);
    subs[3].reset();
    auto again = fan.subscribe();
    REQUIRE(again);
    int v = -1;
    CHECK_FALSE(again.pop(v)); // the old consumer's 42 is gone
    fan.publish(7);
    REQUIRE(again.pop(v));
    CHECK(v == 7);
}

TEST_CASE("consumers come and go while the producer publishes", "[fanout][stress]")
{
    Fanout<std::uint64_t> fan(128);
    std::atomic<bool> consumerDone { false };
    std::thread producer([&] {
        for (std::uint64_t i = 1; !consumerDone.load(); ++i)
            fan.publish(i);
    });

    bool monotone = true;
    std::uint64_t received = 0;
    std::thread consumer([&] {
        for (int cycle = 0; cycle < 500; ++cycle)
        {
            auto sub = fan.subscribe();
            std::uint64_t last = 0, v = 0;
            // no poll bound: under CPU load the producer may be descheduled for a while
            while (received < static_cast<std::uint64_t>(cycle + 1) * 50)
                if (sub.pop(v))
                {
                    monotone = monotone && v > last;
                    last = v;
                    ++received;
                }
        } // unsubscribed here, while the producer keeps publishing
        consumerDone.store(true);
    });
    consumer.join();
    producer.join();
    CHECK(monotone);
    CHECK(received >= 500 * 50);
    CHECK(fan.activeSubscribers() == 0);
}

TEST_CASE("a subscription may outlive its fan-out", "[fanout]")
{
    Fanout<int>::Subscription late;
    {
        Fanout<int> fan(8);
        late = fan.subscribe();
        fan.publish(7);
        REQUIRE(fan.activeSubscribers() == 1);
    } // the engine goes first, the consumer is torn down after it
    REQUIRE(late);
    int v = 0;
    CHECK(late.pop(v)); // what was published before is still there
    CHECK(v == 7);
    CHECK_FALSE(late.pop(v));
    CHECK(late.dropped() == 0);
    late.reset();
    CHECK_FALSE(late);
}
