// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscTarget.h"

#include <cctype>

namespace moodscope {

std::optional<OscTarget> parseOscTarget(std::string_view text)
{
    std::string_view host, port;
    if (!text.empty() && text.front() == '[')
    {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    }
    else
    {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos)
            return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) // a bare IPv6 address: the port is ambiguous
            return std::nullopt;
    }
    if (host.empty() || port.empty() || port.size() > 5)
        return std::nullopt;
    for (char c : host)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '[' || c == ']' || c == '/')
            return std::nullopt;
    int value = 0;
    for (char c : port)
    {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535)
        return std::nullopt;
    OscTarget t;
    t.host = std::string(host);
    t.port = value;
    return t;
}

} // namespace moodscope
