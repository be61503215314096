// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

namespace moodscope {

// `moodscope demo [--seconds S] [--write FILE]`: the built-in synthesized track, analyzed
// (JSON lines) or written to an audio file.
void addDemoCommand(CLI::App& app, CommandList& commands);

} // namespace moodscope
