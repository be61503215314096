// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledTarget.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>

namespace moodscope {

namespace {
std::optional<int> parsePort(std::string_view text)
{
    if (text.empty() || text.size() > 5)
        return std::nullopt;
    int value = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535)
        return std::nullopt;
    return value;
}
} // namespace

std::optional<WledTarget> parseWledTarget(std::string_view text)
{
    WledTarget t;
    std::string_view host = text;
    if (!text.empty() && text.front() == '[')
    {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        host = text.substr(1, close - 1);
        const auto rest = text.substr(close + 1);
        if (!rest.empty())
        {
            if (rest.front() != ':')
                return std::nullopt;
            const auto port = parsePort(rest.substr(1));
            if (!port)
                return std::nullopt;
            t.port = *port;
        }
    }
    else if (const auto colon = text.rfind(':'); colon != std::string_view::npos && text.find(':') == colon)
    {
        host = text.substr(0, colon);
        const auto port = parsePort(text.substr(colon + 1));
        if (!port)
            return std::nullopt;
        t.port = *port;
    }
    if (host.empty())
        return std::nullopt;
    for (char c : host)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '[' || c == ']' || c == '/')
            return std::nullopt;
    t.host = std::string(host);
    return t;
}

bool isMulticastHost(const std::string& host)
{
    in_addr v4 {};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
        return IN_MULTICAST(ntohl(v4.s_addr));
    in6_addr v6 {};
    return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_MULTICAST(&v6);
}

std::string describeWledTarget(const WledTarget& target)
{
    const bool v6 = target.host.find(':') != std::string::npos;
    return (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

} // namespace moodscope
