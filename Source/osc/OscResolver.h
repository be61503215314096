// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/socket.h>

#include <memory>
#include <optional>
#include <string>

namespace moodscope {

struct OscResolveResult
{
    bool ok = false;
    sockaddr_storage address {};
    socklen_t length = 0;
    std::string error; // when !ok: getaddrinfo's message
};

// Turns "host" + port into a UDP socket address without ever stalling the caller: literal
// addresses are parsed at once, names go to getaddrinfo on a detached thread (a DNS server
// that never answers cannot be cancelled, and must not hold up stop()).
class OscResolver // sender thread; the worker only touches the shared result
{
  public:
    // A literal IPv4/IPv6 address, resolved without any lookup; nullopt for a name.
    static std::optional<OscResolveResult> numeric(const std::string& host, int port);

    void begin(const std::string& host, int port); // starts a lookup (a running one is abandoned)
    bool busy() const noexcept { return shared_ != nullptr; }
    std::optional<OscResolveResult> poll(); // the result once, when the lookup finished

    // Tests replace the lookup (e.g. with a slow one); nullptr restores getaddrinfo.
    using LookupFunction = OscResolveResult (*)(const std::string& host, int port);
    static void setLookupFunction(LookupFunction f) noexcept;
    static OscResolveResult lookup(const std::string& host, int port); // getaddrinfo, blocking

  private:
    struct Shared;
    std::shared_ptr<Shared> shared_;
};

} // namespace moodscope
