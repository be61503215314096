// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledSocket.h"

#include <arpa/inet.h>
#include <net/if.h>
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
        return "socket buffer full, packet dropped (EAGAIN)";
    case EHOSTUNREACH:
        return "host unreachable (EHOSTUNREACH)";
    case ENETUNREACH:
        return "network unreachable (ENETUNREACH): no route, is the network up?";
    case ENODEV:
        return "no such network interface (ENODEV)";
    default:
        return std::strerror(error);
    }
}

int takeSocketError(int fd) noexcept
{
    int error = 0;
    socklen_t length = sizeof error;
    return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 ? error : 0;
}

bool isMulticast(const sockaddr_storage& a) noexcept
{
    if (a.ss_family == AF_INET)
        return IN_MULTICAST(ntohl(reinterpret_cast<const sockaddr_in&>(a).sin_addr.s_addr));
    if (a.ss_family == AF_INET6)
        return IN6_IS_ADDR_MULTICAST(&reinterpret_cast<const sockaddr_in6&>(a).sin6_addr);
    return false;
}

// The multicast options; "" when applied, else why not.
std::string setMulticastOptions(int fd, int family, int ttl, const std::string& interface)
{
    const bool v4 = family == AF_INET;
    if (setsockopt(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6, v4 ? IP_MULTICAST_TTL : IPV6_MULTICAST_HOPS, &ttl, sizeof ttl) !=
        0)
        return std::string("cannot set the multicast TTL: ") + std::strerror(errno);
    // Lets a receiver on this machine (a test, a simulator) see the packets too.
    const int loop = 1;
    setsockopt(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6, v4 ? IP_MULTICAST_LOOP : IPV6_MULTICAST_LOOP, &loop, sizeof loop);
    if (interface.empty())
        return {};
    const unsigned index = if_nametoindex(interface.c_str());
    if (v4)
    {
        ip_mreqn request {};
        request.imr_ifindex = static_cast<int>(index);
        if (index == 0 && inet_pton(AF_INET, interface.c_str(), &request.imr_address) != 1)
            return "no network interface or IPv4 address '" + interface + "'";
        if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &request, sizeof request) != 0)
            return "cannot send multicast on '" + interface + "': " + describeErrno(errno);
        return {};
    }
    if (index == 0)
        return "no network interface '" + interface + "'";
    const int value = static_cast<int>(index);
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &value, sizeof value) != 0)
        return "cannot send multicast on '" + interface + "': " + describeErrno(errno);
    return {};
}
} // namespace

WledSocket::WledSocket(const WledTarget& target, int ttl, const std::string& interface)
    : target_(target), ttl_(ttl), interface_(interface)
{}

WledSocket::~WledSocket()
{
    closeSocket();
}

void WledSocket::closeSocket() noexcept
{
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

void WledSocket::update(Clock::time_point now, WledLogFunction log)
{
    if (fd_ >= 0)
        return;
    if (resolver_.busy())
    {
        if (auto r = resolver_.poll())
        {
            if (r->ok)
                open(*r, now, log);
            else
                fail("cannot resolve host: " + r->error, now, log);
        }
        return;
    }
    if (now < retryAt_)
        return;
    if (auto r = OscResolver::numeric(target_.host, target_.port))
        open(*r, now, log);
    else
        resolver_.begin(target_.host, target_.port);
}

void WledSocket::open(const OscResolveResult& r, Clock::time_point now, WledLogFunction log)
{
    const int fd = ::socket(r.address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        fail(std::string("cannot create a UDP socket: ") + std::strerror(errno), now, log);
        return;
    }
    std::string problem;
    if (isMulticast(r.address))
        problem = setMulticastOptions(fd, r.address.ss_family, ttl_, interface_);
    if (problem.empty() && ::connect(fd, reinterpret_cast<const sockaddr*>(&r.address), r.length) != 0)
        problem = "cannot connect: " + describeErrno(errno);
    if (!problem.empty())
    {
        ::close(fd);
        fail(problem, now, log);
        return;
    }
    fd_ = fd;
    backoff_ = kFirstRetry;
}

bool WledSocket::send(const std::uint8_t* bytes, std::size_t size, Clock::time_point now, WledLogFunction log)
{
    if (fd_ < 0)
        return false;
    takeSocketError(fd_); // an ICMP refusal of an earlier packet: reported by the send below if it lasts
    if (::send(fd_, bytes, size, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
    {
        const int error = errno == EWOULDBLOCK ? EAGAIN : errno;
        // a vanished route or interface: open afresh after a backoff, the network may be back
        if (error == ENETUNREACH || error == EHOSTUNREACH || error == ENODEV || error == EADDRNOTAVAIL)
            closeSocket();
        fail(describeErrno(error), now, log);
        return false;
    }
    if (const int refused = takeSocketError(fd_); refused != 0)
    {
        fail(describeErrno(refused), now, log);
        return false;
    }
    ++sent_;
    if (failing_)
    {
        failing_ = false;
        lastError_.clear();
        if (log != nullptr)
            log("wled: " + describeWledTarget(target_) + ": sending again");
    }
    return true;
}

void WledSocket::fail(const std::string& what, Clock::time_point now, WledLogFunction log)
{
    ++errors_;
    lastError_ = what;
    if (fd_ < 0)
    {
        retryAt_ = now + backoff_;
        backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, kMaxRetry);
    }
    report_.report("wled: " + describeWledTarget(target_) + ": ", what, !failing_, now, log);
    failing_ = true;
}

WledTargetStatus WledSocket::status() const
{
    WledTargetStatus s;
    s.target = target_;
    s.sent = sent_;
    s.errors = errors_;
    s.reachable = !failing_;
    s.lastError = lastError_;
    return s;
}

} // namespace moodscope
