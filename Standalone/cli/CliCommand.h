// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <utility>
#include <vector>

namespace moodscope {

// SPEC §8.1 exit statuses, shared by every command.
constexpr int kExitOk = 0, kExitSomeFailed = 1, kExitUsage = 2;

// The subcommands registered on the app and what runs when one was given. Each command
// lives in its own file and adds itself with one call from CliMain.cpp, so commands never
// touch each other's code.
class CommandList
{
  public:
    using Run = std::function<int()>;

    void add(CLI::App* subcommand, Run run) { commands_.emplace_back(subcommand, std::move(run)); }

    // After a successful parse: runs the subcommand that was given.
    int runParsed() const
    {
        for (const auto& [sub, run] : commands_)
            if (sub->parsed())
                return run();
        return kExitUsage;
    }

  private:
    std::vector<std::pair<CLI::App*, Run>> commands_;
};

} // namespace moodscope
