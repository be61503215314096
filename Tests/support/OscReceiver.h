// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An in-process OSC receiver for tests: a liblo server on a loopback UDP port, read on its
// own thread, recording every message with its arguments and the bundle it came in.
#include <lo/lo.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace moodscope::test {

struct OscArgValue
{
    char type = 0;
    float f = 0.0f;
    std::int32_t i = 0;
    std::string s;
};

struct ReceivedOsc
{
    std::string path;
    std::string types;
    std::vector<OscArgValue> args;
    int bundle = -1; // index of the bundle it arrived in, -1 outside any bundle
    lo_timetag time {};
};

// A UDP port on 127.0.0.1 that nothing listens on (bound once to pick it, then closed).
inline int closedUdpPort()
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

class OscReceiver // test thread reads; the receive thread writes under mutex_
{
  public:
    explicit OscReceiver(int port = 0)
    {
        const std::string p = std::to_string(port);
        server_ = lo_server_new_with_proto(port == 0 ? nullptr : p.c_str(), LO_UDP, nullptr);
        if (server_ == nullptr)
            return;
        lo_server_add_method(server_, nullptr, nullptr, &OscReceiver::onMessage, this);
        lo_server_add_bundle_handlers(server_, &OscReceiver::onBundleStart, &OscReceiver::onBundleEnd, this);
        port_ = lo_server_get_port(server_);
        thread_ = std::thread([this] {
            while (!stop_.load())
            {
                if (lo_server_recv_noblock(server_, 5) == 0)
                    idlePolls_.fetch_add(1);
            }
        });
    }
    ~OscReceiver()
    {
        stop_.store(true);
        if (thread_.joinable())
            thread_.join();
        if (server_ != nullptr)
            lo_server_free(server_);
    }
    OscReceiver(const OscReceiver&) = delete;
    OscReceiver& operator=(const OscReceiver&) = delete;

    bool ok() const noexcept { return server_ != nullptr; }
    int port() const noexcept { return port_; }

    // Returns once everything already in the socket buffer has been read: two empty polls
    // that started after the call.
    void drain()
    {
        const auto start = idlePolls_.load();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (idlePolls_.load() < start + 2 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    std::vector<ReceivedOsc> messages() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return messages_;
    }
    int bundles() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return bundles_;
    }
    void clear()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        messages_.clear();
    }
    std::vector<ReceivedOsc> at(const std::string& path) const
    {
        std::vector<ReceivedOsc> out;
        for (auto& m : messages())
            if (m.path == path)
                out.push_back(m);
        return out;
    }
    // Waits until a message at path has arrived (or 10 s passed).
    bool waitFor(const std::string& path, std::size_t count = 1) const
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline)
        {
            if (at(path).size() >= count)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    }

  private:
    static int onMessage(const char* path, const char* types, lo_arg** argv, int argc, lo_message, void* user)
    {
        auto* self = static_cast<OscReceiver*>(user);
        ReceivedOsc r;
        r.path = path;
        r.types = types;
        for (int i = 0; i < argc; ++i)
        {
            OscArgValue a;
            a.type = types[i];
            if (a.type == 'f')
                a.f = argv[i]->f;
            else if (a.type == 'i')
                a.i = argv[i]->i;
            else if (a.type == 's')
                a.s = &argv[i]->s;
            r.args.push_back(a);
        }
        std::lock_guard<std::mutex> lock(self->mutex_);
        r.bundle = self->inBundle_ ? self->bundles_ - 1 : -1;
        r.time = self->bundleTime_;
        self->messages_.push_back(std::move(r));
        return 0;
    }
    static int onBundleStart(lo_timetag time, void* user)
    {
        auto* self = static_cast<OscReceiver*>(user);
        std::lock_guard<std::mutex> lock(self->mutex_);
        ++self->bundles_;
        self->inBundle_ = true;
        self->bundleTime_ = time;
        return 0;
    }
    static int onBundleEnd(void* user)
    {
        auto* self = static_cast<OscReceiver*>(user);
        std::lock_guard<std::mutex> lock(self->mutex_);
        self->inBundle_ = false;
        self->bundleTime_ = {};
        return 0;
    }

    lo_server server_ = nullptr;
    int port_ = 0;
    std::thread thread_;
    std::atomic<bool> stop_ { false };
    std::atomic<std::uint64_t> idlePolls_ { 0 };
    mutable std::mutex mutex_;
    std::vector<ReceivedOsc> messages_;
    int bundles_ = 0;
    bool inBundle_ = false;
    lo_timetag bundleTime_ {};
};

} // namespace moodscope::test
