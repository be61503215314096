// SPDX-License-Identifier: GPL-3.0-or-later
#include "LiveStatus.h"

#include <cstdio>

namespace moodscope {

namespace {
std::string fixed(double v, int decimals)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string dim(const SlowSnapshot& s, Dim d, int decimals)
{
    return s.has(d) ? fixed(s.get(d), decimals) : "-";
}
} // namespace

std::string liveStatusLine(const SlowSnapshot& s, const FastFrame& f, const LiveCounters& c)
{
    const bool mood = s.moodValid != 0;
    const bool key = s.featuresValid && s.features.key >= 0 && s.features.key < 12;
    std::string line = "time=" + fixed(s.time, 2);
    line += " lufs=" + dim(s, Dim::Lufs, 1);
    line += " short_term_lufs=" + fixed(f.shortTermLufs, 1);
    line += " tempo=" + (s.tempoSkipped ? std::string("skipped") : dim(s, Dim::TempoBpm, 1));
    line += " state=" + (mood ? std::string(moodStateName(s.state)) : "-");
    line += " label=\"" + (mood ? moodCategoryLabel(s.category) : "-") + "\"";
    line += " key=" + (key ? std::string(keyName(s.features.key)) + (s.features.minor ? "m" : "") : "-");
    line += " fill=" + fixed(s.windowFill, 2);
    line += " osc_msgs_per_s=" + fixed(c.osc.messagesPerSecond, 1);
    line += " osc_errors=" + std::to_string(c.osc.errors);
    line += " overruns=" + std::to_string(c.overruns);
    line += " xruns=" + std::to_string(c.xruns);
    if (c.wled)
    {
        line += " wled_packets_per_s=" + fixed(c.wled->packetsPerSecond, 1);
        line += " wled_errors=" + std::to_string(c.wled->errors);
    }
    if (c.link)
    {
        line += " link_peers=" + std::to_string(c.link->peers);
        line += " link_bpm=" + fixed(c.link->sessionBpm, 1);
    }
    return line;
}

} // namespace moodscope
