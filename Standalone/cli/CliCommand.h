// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace moodscope {

// SPEC §8.1 exit statuses, shared by every command.
constexpr int kExitOk = 0, kExitSomeFailed = 1, kExitUsage = 2;

// A number option in [lo, hi]. CLI::Range lets NaN through (every comparison with it is
// false), and a NaN length or rate would reach the engine; this refuses it and infinities.
inline CLI::Validator finiteRange(double lo, double hi)
{
    return CLI::Validator(
        [lo, hi](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
                return "not a finite number: " + text;
            if (v < lo || v > hi)
                return "Value " + text + " not in range [" + CLI::detail::to_string(lo) + " - " +
                       CLI::detail::to_string(hi) + "]";
            return {};
        },
        "FLOAT in [" + CLI::detail::to_string(lo) + " - " + CLI::detail::to_string(hi) + "]");
}

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
