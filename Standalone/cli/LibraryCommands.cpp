// SPDX-License-Identifier: GPL-3.0-or-later
#include "LibraryCommands.h"

namespace moodscope {

void addLibraryCommands(CLI::App& app, int& exitCode)
{
    addScanCommand(app, exitCode);
    addSimilarCommand(app, exitCode);
    addCacheCommand(app, exitCode);
    addSynthCommand(app, exitCode);
}

} // namespace moodscope
