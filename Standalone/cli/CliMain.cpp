// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope`: the command-line front end (SPEC §8.1). Each command lives in its own file
// and registers itself here; data goes to stdout, messages to stderr.
#include "AnalyzeCommand.h"
#include "CliCommand.h"
#include "DemoCommand.h"
#include "LibraryCommands.h"
#include "LiveCommand.h"
#include "util/Utf8Text.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    CLI::App app { "Moodscope: real-time music analyzer (fingerprint, mood, OSC)", "moodscope" };
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("moodscope ") + MOODSCOPE_VERSION, "Print the version and exit");
    app.footer("Run `moodscope COMMAND --help` for a command's options.\n"
               "Exit status: 0 success, 1 some files or the input failed, 2 bad usage.");

    moodscope::CommandList commands;
    moodscope::addAnalyzeCommand(app, commands);
    moodscope::addLiveCommand(app, commands);
    moodscope::addDemoCommand(app, commands);
    int libraryExit = -1; // set by scan / similar / cache / synth, which run during parse
    moodscope::addLibraryCommands(app, libraryExit);

    // CLI11 would only say "a subcommand is required" for a mistyped command name.
    if (argc > 1 && argv[1][0] != '-')
    {
        std::string known;
        bool found = false;
        for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        {
            known += (known.empty() ? "" : ", ") + sub->get_name();
            found = found || sub->get_name() == argv[1];
        }
        if (!found)
        {
            std::cerr << "moodscope: unknown command '" << moodscope::printable(argv[1]) << "' (commands: " << known
                      << ")\n"
                      << "Run with --help for more information.\n";
            return moodscope::kExitUsage;
        }
    }

    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        const int code = app.exit(e);
        return code == 0 ? moodscope::kExitOk : moodscope::kExitUsage;
    }
    const int code = libraryExit >= 0 ? libraryExit : commands.runParsed();
    // Output that could not be written (a full disk, a closed pipe) is a failure, not a
    // silent success.
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout))
    {
        std::cerr << "moodscope: cannot write the output: " << std::strerror(errno != 0 ? errno : EIO) << "\n";
        return code == moodscope::kExitOk ? moodscope::kExitSomeFailed : code;
    }
    return code;
}
