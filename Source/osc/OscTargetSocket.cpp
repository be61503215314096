// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscTargetSocket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace moodscope {

namespace {
std::string describeErrno(int error)
{
    switch (error)
    {
    case ECONNREFUSED:
        return "refused: nothing is listening on that port (ECONNREFUSED)";
    case EAGAIN:
        return "socket buffer full, bundle dropped (EAGAIN)";
    case EMSGSIZE:
        return "bundle larger than a UDP datagram may be (EMSGSIZE)";
    case EHOSTUNREACH:
        return "host unreachable (EHOSTUNREACH)";
    case ENETUNREACH:
        return "network unreachable (ENETUNREACH)";
    default:
        return std::strerror(error);
    }
}

std::string numericAddress(const sockaddr_storage& a, socklen_t length)
{
    char host[NI_MAXHOST] = {};
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&a), length, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0)
        return {};
    return host;
}

// An ICMP error that arrived for an earlier datagram; reading it clears it.
int takeSocketError(int fd) noexcept
{
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        return 0;
    return error;
}
} // namespace

OscTargetSocket::OscTargetSocket(const OscTarget& target) : target_(target)
{
    numericHost_ = OscResolver::numeric(target_.host, 1).has_value();
}

OscTargetSocket::~OscTargetSocket()
{
    closeSocket();
}

std::string OscTargetSocket::name() const
{
    const bool v6 = target_.host.find(':') != std::string::npos;
    return (v6 ? "[" + target_.host + "]" : target_.host) + ":" + std::to_string(target_.port);
}

void OscTargetSocket::closeSocket() noexcept
{
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

void OscTargetSocket::scheduleRetry(Clock::time_point now)
{
    retryAt_ = now + backoff_;
    backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, kMaxRetry);
}

void OscTargetSocket::update(Clock::time_point now, Log log)
{
    if (target_.port < 1 || target_.port > 65535 || target_.host.empty())
    {
        if (!failing_)
            fail("invalid target (host must not be empty, port 1..65535)", now, log);
        return;
    }
    if (resolver_.busy())
    {
        auto r = resolver_.poll();
        if (!r)
            return;
        if (r->ok)
            useAddress(*r, now, log);
        else if (fd_ < 0)
        {
            fail("cannot resolve host: " + r->error, now, log);
            scheduleRetry(now);
        }
        else
            refreshAt_ = now + kRefresh; // keep the address that worked
        return;
    }
    if (fd_ < 0 && now >= retryAt_)
    {
        if (numericHost_)
        {
            if (auto r = OscResolver::numeric(target_.host, target_.port))
                useAddress(*r, now, log);
        }
        else
            resolver_.begin(target_.host, target_.port);
    }
    else if (fd_ >= 0 && !numericHost_ && now >= refreshAt_)
        resolver_.begin(target_.host, target_.port); // the name may point elsewhere by now
}

void OscTargetSocket::useAddress(const OscResolveResult& r, Clock::time_point now, Log log)
{
    const std::string address = numericAddress(r.address, r.length);
    refreshAt_ = now + kRefresh;
    if (fd_ >= 0 && address == address_)
        return;
    const int fd = ::socket(r.address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        fail(std::string("cannot create a UDP socket: ") + std::strerror(errno), now, log);
        scheduleRetry(now);
        return;
    }
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&r.address), r.length) != 0)
    {
        const int error = errno;
        ::close(fd);
        fail("cannot connect: " + describeErrno(error), now, log);
        scheduleRetry(now);
        return;
    }
    closeSocket();
    fd_ = fd;
    if (!numericHost_ && log != nullptr)
        log("osc: " + name() + ": sending to " + address);
    address_ = address;
    backoff_ = kFirstRetry;
}

bool OscTargetSocket::send(const std::vector<char>& bytes, int messages, Clock::time_point now, Log log)
{
    if (fd_ < 0)
    {
        ++unsent_;
        return false;
    }
    if (const int earlier = takeSocketError(fd_); earlier != 0)
        fail(describeErrno(earlier), now, log);
    if (::send(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
    {
        fail(describeErrno(errno == EWOULDBLOCK ? EAGAIN : errno), now, log);
        return false;
    }
    // On loopback a closed port's ICMP refusal is already queued when send() returns.
    if (const int refused = takeSocketError(fd_); refused != 0)
    {
        fail(describeErrno(refused), now, log);
        return false;
    }
    ++sent_;
    messagesSent_ += static_cast<std::uint64_t>(messages);
    reachable_ = true;
    lastError_.clear();
    if (failing_ && now - lastFailure_ >= kQuietBeforeBack)
    {
        failing_ = false;
        if (log != nullptr)
            log("osc: " + name() + ": sending again (" + std::to_string(errors_ - errorsAtFailureStart_) +
                " errors while it failed)");
    }
    return true;
}

void OscTargetSocket::fail(const std::string& what, Clock::time_point now, Log log)
{
    if (!failing_)
        errorsAtFailureStart_ = errors_;
    ++errors_;
    reachable_ = false;
    lastError_ = what;
    lastFailure_ = now;
    report_.report("osc: " + name() + ": ", what, !failing_, now, log);
    failing_ = true;
}

OscTargetStatus OscTargetSocket::status() const
{
    OscTargetStatus s;
    s.target = target_;
    s.sent = sent_;
    s.errors = errors_;
    s.reachable = reachable_;
    s.lastError = lastError_;
    s.unsent = unsent_;
    s.address = address_;
    return s;
}

} // namespace moodscope
