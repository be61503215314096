// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

namespace moodscope {

// `moodscope live [--device NAME] [--type jack|alsa] [--osc HOST:PORT]... [--window S]
//  [--interval S] [--seconds N]`: headless analysis of an audio input, streamed as OSC, with
// one status line per interval on stdout.
void addLiveCommand(CLI::App& app, CommandList& commands);

} // namespace moodscope
