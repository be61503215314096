// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscSender.h"
#include "link/LinkLeader.h"
#include "wled/WledSender.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <cstdint>
#include <optional>
#include <string>

namespace moodscope {

struct LiveCounters
{
    OscStats osc;
    std::optional<WledStats> wled;  // with --wled
    std::optional<LinkStatus> link; // with --link
    std::uint64_t overruns = 0;     // capture ring overrun events
    int xruns = 0;                  // the audio device's own
};

// The `live` status line: space-separated key=value pairs, "-" for what is not measured yet:
// time lufs short_term_lufs tempo state label key fill osc_msgs_per_s osc_errors overruns xruns
// [wled_packets_per_s wled_errors] [link_peers link_bpm]
std::string liveStatusLine(const SlowSnapshot& slow, const FastFrame& fast, const LiveCounters& counters);

} // namespace moodscope
