// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace moodscope {

struct OscTarget
{
    std::string host = "127.0.0.1";
    int port = 9000;
    bool operator==(const OscTarget& o) const { return host == o.host && port == o.port; }
};

// "HOST:PORT" (port 1..65535; "[v6addr]:PORT" accepted); nullopt when malformed.
std::optional<OscTarget> parseOscTarget(std::string_view text);

struct OscTargetStatus
{
    OscTarget target;
    std::uint64_t sent = 0;   // packets (bundles) sent
    std::uint64_t errors = 0; // failed sends or resolutions
    bool reachable = true;    // last send succeeded
    std::string lastError;    // empty when none
    std::uint64_t unsent = 0; // bundles skipped while the host was not resolved (yet)
    std::string address;      // numeric address in use, empty until resolved
};

// Where the sender's one-line problems go (stderr unless set).
using OscLogFunction = void (*)(const std::string& line);

} // namespace moodscope
