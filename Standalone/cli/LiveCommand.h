// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

namespace moodscope {

// `moodscope live [--config FILE] [--device NAME] [--type jack|alsa] [--osc HOST:PORT]...
//  [--window S] [--interval S] [--seconds N] [--status-every S]`: headless analysis of an
// audio input, streamed as OSC, with a status line per interval on stdout; the options may
// come from a TOML file that SIGHUP re-reads (the headless bridge service).
void addLiveCommand(CLI::App& app, CommandList& commands);

} // namespace moodscope
