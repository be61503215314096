// SPDX-License-Identifier: GPL-3.0-or-later
#include "LiveOptions.h"

#include "LinkOutput.h"

namespace moodscope {

void addLiveOptions(CLI::App* cmd, LiveOptions& o)
{
    cmd->add_option("--device", o.device,
                    "Input device: a JACK client whose outputs are captured (e.g. system) or an ALSA device "
                    "(default: the type's default input)");
    cmd->add_option("--type", o.type, "Audio system (default: JACK when a server is running, else ALSA)")
        ->check(CLI::IsMember({ "jack", "alsa" }));
    addOscOptions(cmd, o.osc, "Send OSC to this target (repeatable; default 127.0.0.1:9000)");
    addWledOptions(cmd, o.wled);
    addLinkOption(cmd, o.link);
    cmd->add_option("--window", o.config.windowSeconds, "Rolling window in seconds")
        ->check(finiteRange(EngineConfig::kMinWindow, EngineConfig::kMaxWindow))
        ->capture_default_str();
    cmd->add_option("--interval", o.config.intervalSeconds, "Seconds between slow updates")
        ->check(finiteRange(EngineConfig::kMinInterval, EngineConfig::kMaxInterval))
        ->capture_default_str();
    cmd->add_option("--seconds", o.seconds, "Stop after this many seconds (default: run until interrupted)")
        ->check(finiteRange(0.0, 1.0e7));
    cmd->add_option("--status-every", o.statusEvery,
                    "At most one status line per this many seconds (default 0: one per slow update; "
                    "the systemd unit uses 60 so a journal does not fill)")
        ->check(finiteRange(0.0, 86400.0));
}

bool reloadsInPlace(const std::string& name)
{
    return name.rfind("osc", 0) == 0 || name == "status-every";
}

} // namespace moodscope
