// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "OscOutput.h"
#include "WledOutput.h"

#include "model/EngineConfig.h"

#include <string>

namespace moodscope {

// Everything `moodscope live` is told, from its command line or its --config file.
struct LiveOptions
{
    std::string device;
    std::string type; // "jack", "alsa" or empty: JACK when a server runs, else ALSA
    OscCliOptions osc;
    WledCliOptions wled;
    bool link = false;
    EngineConfig config;
    double seconds = 0.0;     // 0 = until Ctrl-C / SIGTERM
    double statusEvery = 0.0; // 0 = a status line per slow update
};

// Registers every live option on command, bound to o. This is the one table of live options:
// the config file's keys are these options' long names without the dashes, so an option added
// here is a config key too.
void addLiveOptions(CLI::App* command, LiveOptions& o);

// Whether a SIGHUP reload applies this option (long name without dashes) while the audio keeps
// running: the OSC options (the sender takes new settings in place) and status-every. Any other
// option (the input, the analysis window, whatever is added later) needs a restart.
bool reloadsInPlace(const std::string& name);

} // namespace moodscope
