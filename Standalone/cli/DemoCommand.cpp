// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoCommand.h"

#include "CliCommand.h"

#include "AudioFileWriter.h"
#include "FileAnalysis.h"
#include "OutputLines.h"
#include "util/Utf8Text.h"

#include <iostream>
#include <memory>

namespace moodscope {

namespace {
struct DemoOptions
{
    double seconds = 20.0;
    std::string write;
    EngineConfig config;
};

class PrintSink final : public AnalysisSink // main thread (the CLI analyzes synchronously)
{
  public:
    void onFast(const FastFrame&) noexcept override {}
    void onSlow(const SlowSnapshot& s) noexcept override { std::cout << lines.frame(s, "demo") << '\n'; }
    OutputLines lines;
};

int runDemo(const DemoOptions& o)
{
    constexpr double kSampleRate = 44100.0;
    const auto signal = makeDemoSignal(o.seconds, kSampleRate);
    if (!o.write.empty())
    {
        if (const auto error = writeAudioFile(signal, o.write); !error.empty())
        {
            std::cerr << "moodscope: cannot write " << printable(o.write) << ": " << error << "\n";
            return kExitSomeFailed;
        }
        std::cerr << "moodscope: wrote " << o.seconds << " s of the demo track to " << printable(o.write) << "\n";
        return kExitOk;
    }
    std::cerr << "moodscope: analyzing the built-in demo (" << o.seconds << " s, 120 BPM)\n";
    PrintSink sink;
    const auto result = analyzeSignal(signal, o.config, sink);
    std::cout << sink.lines.summary(result.summary, "demo", result.durationSeconds, result.sampleRate) << '\n';
    return kExitOk;
}
} // namespace

void addDemoCommand(CLI::App& app, CommandList& commands)
{
    auto o = std::make_shared<DemoOptions>();
    auto* cmd = app.add_subcommand("demo", "Analyze the built-in synthesized demo track (120 BPM, A minor)");
    cmd->add_option("--seconds", o->seconds, "Length of the demo track")
        ->check(finiteRange(1.0, 3600.0))
        ->capture_default_str();
    cmd->add_option("--write", o->write,
                    "Write the demo track (44.1 kHz stereo) to this file instead of analyzing it; the extension "
                    "picks the format: .wav, .aiff, .flac (16-bit) or .ogg (Vorbis)")
        ->type_name("FILE");
    commands.add(cmd, [o] { return runDemo(*o); });
}

} // namespace moodscope
