// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

namespace moodscope {

// Adds `scan`, `similar`, `cache` and `synth` (SPEC §8, docs/LIBRARY.md). Each runs from
// its CLI11 callback during parse and leaves its exit status in exitCode (untouched when
// none of them ran).
void addLibraryCommands(CLI::App& app, int& exitCode);

// One per file: each registers its subcommand.
void addScanCommand(CLI::App& app, int& exitCode);
void addSimilarCommand(CLI::App& app, int& exitCode);
void addCacheCommand(CLI::App& app, int& exitCode);
void addSynthCommand(CLI::App& app, int& exitCode);

} // namespace moodscope
