// SPDX-License-Identifier: GPL-3.0-or-later
#include "LinkOutput.h"

#include <cstdio>

namespace moodscope {

CLI::Option* addLinkOption(CLI::App* command, bool& link)
{
    return command->add_flag("--link", link,
                             "Lead an Ableton Link session (docs/LINK.md): while the beat tracker is locked, the "
                             "session's tempo and beat/bar phase follow the detected beats");
}

std::string describeLinkStatus(const LinkStatus& s)
{
    char text[160];
    std::snprintf(text, sizeof text, "Link: %zu peer%s, session %.1f BPM, tempo set %llu times, phase moved %llu times",
                  s.peers, s.peers == 1 ? "" : "s", s.sessionBpm, static_cast<unsigned long long>(s.tempoSets),
                  static_cast<unsigned long long>(s.phaseCorrections));
    return text;
}

LinkStream::LinkStream(Fanout<FastFrame>& fast) : leader_(fast)
{
    leader_.start({});
}

LinkStream::~LinkStream()
{
    leader_.stop();
}

} // namespace moodscope
