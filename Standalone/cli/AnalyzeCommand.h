// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

namespace moodscope {

// `moodscope analyze FILE|FOLDER... [--window S] [--interval S] [--format jsonl|csv]
//  [--summary-only] [--no-tempo] [--realtime] [--osc HOST:PORT]... [--jobs N]` (SPEC §8.1)
void addAnalyzeCommand(CLI::App& app, CommandList& commands);

} // namespace moodscope
