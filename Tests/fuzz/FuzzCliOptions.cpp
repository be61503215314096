// SPDX-License-Identifier: GPL-3.0-or-later
// Contract: any argv through the real `moodscope` parser (every command registered as
// CliMain.cpp does) parses, or ends in CLI::ParseError; nothing else is thrown, nothing runs.
#include "AnalyzeCommand.h"
#include "CliCommand.h"
#include "DemoCommand.h"
#include "LibraryCommands.h"
#include "LiveCommand.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace {
// Help and error texts are formatted, as `moodscope` does, and dropped.
class NullBuffer final : public std::streambuf
{
  protected:
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// The library commands run from their parse callbacks; here no command may run, so every
// callback of every (sub)command goes; the options' own checks still run while parsing, and the
// only file system access left is theirs (scan's DIR must be an existing directory).
void removeCallbacks(CLI::App& app)
{
    app.final_callback({});
    app.parse_complete_callback({});
    app.preparse_callback({});
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
        removeCallbacks(*sub);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // The arguments: the bytes split at NUL, as the kernel hands them over.
    std::vector<std::string> args { "moodscope" };
    args.emplace_back();
    for (std::size_t i = 0; i < size; ++i)
    {
        if (data[i] == 0)
            args.emplace_back();
        else
            args.back() += static_cast<char>(data[i]);
    }
    if (size == 0)
        args.pop_back();
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    CLI::App app { "Moodscope: real-time music analyzer (fingerprint, mood, OSC)", "moodscope" };
    app.require_subcommand(1);
    moodscope::CommandList commands;
    moodscope::addAnalyzeCommand(app, commands);
    moodscope::addLiveCommand(app, commands);
    moodscope::addDemoCommand(app, commands);
    int libraryExit = -1;
    moodscope::addLibraryCommands(app, libraryExit);
    removeCallbacks(app);

    NullBuffer nullBuffer;
    std::ostream null(&nullBuffer);
    try
    {
        app.parse(static_cast<int>(args.size()), argv.data());
    }
    catch (const CLI::ParseError& e)
    {
        app.exit(e, null, null);
    }
    if (libraryExit != -1)
    {
        std::fprintf(stderr, "fuzz_cli_options: a library command ran during parse\n");
        std::abort();
    }
    return 0;
}
