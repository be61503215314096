// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscResolver.h"

#include <netdb.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>

namespace moodscope {

namespace {
std::atomic<OscResolver::LookupFunction> lookupFunction { nullptr };

OscResolveResult getAddress(const std::string& host, int port, int extraFlags)
{
    OscResolveResult r;
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_protocol = IPPROTO_UDP;
    hints.ai_flags = AI_NUMERICSERV | extraFlags;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
    if (rc != 0 || found == nullptr)
    {
        r.error = rc != 0 ? gai_strerror(rc) : "no address";
        return r;
    }
    // The first answer, as getaddrinfo orders them (RFC 6724 preference).
    std::memcpy(&r.address, found->ai_addr, found->ai_addrlen);
    r.length = found->ai_addrlen;
    r.ok = true;
    freeaddrinfo(found);
    return r;
}
} // namespace

struct OscResolver::Shared // the lookup thread writes once under mutex; the sender thread polls
{
    std::mutex mutex;
    bool done = false;
    OscResolveResult result;
};

std::optional<OscResolveResult> OscResolver::numeric(const std::string& host, int port)
{
    OscResolveResult r = getAddress(host, port, AI_NUMERICHOST);
    if (!r.ok)
        return std::nullopt;
    return r;
}

OscResolveResult OscResolver::lookup(const std::string& host, int port)
{
    return getAddress(host, port, 0);
}

void OscResolver::setLookupFunction(LookupFunction f) noexcept
{
    lookupFunction.store(f);
}

void OscResolver::begin(const std::string& host, int port)
{
    auto shared = std::make_shared<Shared>();
    shared_ = shared;
    LookupFunction f = lookupFunction.load();
    if (f == nullptr)
        f = &OscResolver::lookup;
    try
    {
        std::thread([shared, f, host, port] {
            OscResolveResult r = f(host, port);
            const std::lock_guard<std::mutex> lock(shared->mutex);
            shared->result = std::move(r);
            shared->done = true;
        }).detach();
    }
    catch (const std::system_error& e)
    {
        shared->result.error = std::string("cannot start a resolver thread: ") + e.what();
        shared->done = true;
    }
}

std::optional<OscResolveResult> OscResolver::poll()
{
    const std::shared_ptr<Shared> shared = shared_;
    if (shared == nullptr)
        return std::nullopt;
    OscResolveResult r;
    {
        const std::lock_guard<std::mutex> lock(shared->mutex);
        if (!shared->done)
            return std::nullopt;
        r = std::move(shared->result);
    }
    shared_.reset();
    return r;
}

} // namespace moodscope
