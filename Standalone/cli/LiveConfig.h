// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LiveOptions.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace moodscope {

// Options given on a command line: each one's long name ("--osc") and its values as typed.
using GivenOptions = std::vector<std::pair<std::string, std::vector<std::string>>>;

// What `moodscope live --config FILE` runs with.
struct LiveSetup
{
    LiveOptions options; // options.osc.shaping is empty: it points into a parser that is gone
    bool oscGiven = false;
    // Each option given a value (by the file or the command line): its values as typed, so a
    // reload can tell which options changed.
    std::map<std::string, std::vector<std::string>> values;
    std::string problem; // empty, or one line naming the file, the line and the key
};

// Reads the TOML file at path: every key is a live option's long name without the dashes
// ("osc-prefix = \"/club\""), checked by that option's own validators; an array gives a
// repeatable option several values. commandLine (options given beside --config) wins over
// the file. An unreadable file, a syntax error, an unknown key or a bad value is a problem.
LiveSetup loadLiveSetup(const std::string& path, const GivenOptions& commandLine);

} // namespace moodscope
