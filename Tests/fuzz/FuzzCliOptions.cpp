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
#include <functional>
#include <ostream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

namespace {
// Help and error texts are formatted, as `moodscope` does, and dropped.
class NullBuffer final : public std::streambuf
{
  protected:
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// The library commands run from their parse callbacks, which also own what their options write
// to. Here nothing may run: every (sub)command's callbacks are taken out and kept alive until
// the parse is over (CLI11 keeps them in protected members). The options' own checks still run
// while parsing; the only file system access left is theirs (scan's DIR must exist).
struct CallbackKeeper : CLI::App
{
    static void takeAll(CLI::App& app, std::vector<std::function<void()>>& kept,
                        std::vector<std::function<void(std::size_t)>>& keptPreparse)
    {
        kept.push_back(std::exchange(app.*(&CallbackKeeper::final_callback_), {}));
        kept.push_back(std::exchange(app.*(&CallbackKeeper::parse_complete_callback_), {}));
        keptPreparse.push_back(std::exchange(app.*(&CallbackKeeper::pre_parse_callback_), {}));
        for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
            takeAll(*sub, kept, keptPreparse);
    }
};
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

    std::vector<std::function<void()>> callbacks;
    std::vector<std::function<void(std::size_t)>> preparseCallbacks;
    CLI::App app { "Moodscope: real-time music analyzer (fingerprint, mood, OSC)", "moodscope" };
    app.require_subcommand(1);
    moodscope::CommandList commands;
    moodscope::addAnalyzeCommand(app, commands);
    moodscope::addLiveCommand(app, commands);
    moodscope::addDemoCommand(app, commands);
    int libraryExit = -1;
    moodscope::addLibraryCommands(app, libraryExit);
    CallbackKeeper::takeAll(app, callbacks, preparseCallbacks);

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
