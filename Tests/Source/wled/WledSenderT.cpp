// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscResolver.h"
#include "wled/WledSender.h"
#include "OscReceiver.h"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace moodscope;

namespace {
using Clock = std::chrono::steady_clock;

// A plain UDP socket on 127.0.0.1 reading raw datagrams.
class UdpReceiver
{
  public:
    UdpReceiver()
    {
        fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t length = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &length);
        port_ = ntohs(a.sin_port);
        timeval timeout { 0, 100000 };
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~UdpReceiver() { ::close(fd_); }
    int port() const { return port_; }
    std::vector<std::vector<std::uint8_t>> receive(std::chrono::milliseconds for_)
    {
        std::vector<std::vector<std::uint8_t>> out;
        const auto end = Clock::now() + for_;
        while (Clock::now() < end)
        {
            std::vector<std::uint8_t> buffer(2048);
            const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
            if (n > 0)
            {
                buffer.resize(static_cast<std::size_t>(n));
                out.push_back(std::move(buffer));
            }
        }
        return out;
    }

  private:
    int fd_ = -1;
    int port_ = 0;
};

std::mutex logMutex;
std::vector<std::string> logged;
void keepLog(const std::string& line)
{
    std::lock_guard<std::mutex> lock(logMutex);
    logged.push_back(line);
}

FastFrame loud(bool beat)
{
    FastFrame f;
    f.peakDb = -6.0f;
    f.geq[3] = 0.1f;
    f.majorPeakHz = 250.0f;
    f.majorPeakAmplitude = 0.5f;
    f.beat = beat;
    return f;
}
} // namespace

TEST_CASE("WLED sender: a unicast receiver gets 44-byte V2 packets, a beat raises samplePeak", "[wled]")
{
    UdpReceiver receiver;
    Fanout<FastFrame> fast(64);
    WledSender sender(fast);
    WledSettings settings;
    settings.targets = { WledTarget { "127.0.0.1", receiver.port() } };
    sender.start(settings);
    std::thread publisher([&] {
        for (int i = 0; i < 60; ++i)
        {
            fast.publish(loud(i % 20 == 10));
            std::this_thread::sleep_for(std::chrono::milliseconds(12));
        }
    });
    const auto packets = receiver.receive(std::chrono::milliseconds(900));
    publisher.join();
    sender.stop();
    REQUIRE(packets.size() >= 5);
    bool peak = false;
    for (const auto& p : packets)
    {
        REQUIRE(p.size() == 44);
        CHECK(std::memcmp(p.data(), "00002\0", 6) == 0);
        peak = peak || p[16] == 1;
    }
    CHECK(peak);
    const auto stats = sender.stats();
    CHECK(stats.packetsSent == packets.size());
    CHECK(stats.errors == 0);
}

TEST_CASE("WLED sender: nothing is sent while no new hop arrives", "[wled]")
{
    UdpReceiver receiver;
    Fanout<FastFrame> fast(64);
    WledSender sender(fast);
    WledSettings settings;
    settings.targets = { WledTarget { "127.0.0.1", receiver.port() } };
    sender.start(settings);
    fast.publish(loud(false));
    const auto first = receiver.receive(std::chrono::milliseconds(300));
    const auto later = receiver.receive(std::chrono::milliseconds(300));
    sender.stop();
    CHECK(first.size() == 1);
    CHECK(later.empty());
}

TEST_CASE("WLED sender: a closed port and a name that never resolves are logged and counted, stop() is prompt",
          "[wled]")
{
    OscResolver::setLookupFunction([](const std::string&, int) {
        std::this_thread::sleep_for(std::chrono::seconds(3));
        return OscResolveResult {};
    });
    {
        std::lock_guard<std::mutex> lock(logMutex);
        logged.clear();
    }
    Fanout<FastFrame> fast(64);
    WledSender sender(fast);
    sender.setLogFunction(&keepLog);
    WledSettings settings;
    settings.targets = { WledTarget { "127.0.0.1", moodscope::test::closedUdpPort() },
                         WledTarget { "never.invalid", 11988 } };
    sender.start(settings);
    for (int i = 0; i < 40; ++i)
    {
        fast.publish(loud(false));
        std::this_thread::sleep_for(std::chrono::milliseconds(12));
    }
    const auto stats = sender.stats();
    const auto before = Clock::now();
    sender.stop();
    CHECK(Clock::now() - before < std::chrono::milliseconds(500));
    OscResolver::setLookupFunction(nullptr);
    REQUIRE(stats.targets.size() == 2);
    CHECK(stats.targets[0].errors > 0);
    CHECK_FALSE(stats.targets[0].reachable);
    std::lock_guard<std::mutex> lock(logMutex);
    REQUIRE(logged.size() == 1); // the same problem again is not logged again within 5 s
    CHECK(logged[0].find("refused") != std::string::npos);
    CHECK(logged[0].find("wled: 127.0.0.1:") == 0);
}
