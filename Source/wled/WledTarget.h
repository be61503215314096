// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moodscope {

struct WledTarget
{
    std::string host = "239.0.0.1"; // WLED's Audio Sync multicast group
    int port = 11988;
    bool operator==(const WledTarget& o) const { return host == o.host && port == o.port; }
};

// "HOST" or "HOST:PORT" (port 1..65535, default 11988; "[v6addr]:PORT" or a bare IPv6 address);
// nullopt when malformed.
std::optional<WledTarget> parseWledTarget(std::string_view text);

// A literal IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address.
bool isMulticastHost(const std::string& host);

// "HOST:PORT", brackets around IPv6.
std::string describeWledTarget(const WledTarget& target);

struct WledSettings
{
    std::vector<WledTarget> targets { WledTarget {} };
    int multicastTtl = 1;           // hops a multicast packet may take (1: this network only)
    std::string multicastInterface; // an interface name or its IPv4 address; empty: the route's
};

// Where the sender's one-line problems go (stderr unless set).
using WledLogFunction = void (*)(const std::string& line);

} // namespace moodscope
