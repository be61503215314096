// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope`: analyze files (or the built-in demo) through the engine and print the
// published snapshots as JSON lines (SPEC §8.1). Data to stdout, messages to stderr.
#include "DemoSignal.h"
#include "FileAnalysis.h"
#include "JsonOutput.h"
#include "LibraryCommands.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace {
constexpr int kExitOk = 0, kExitSomeFailed = 1, kExitUsage = 2;

void printSnapshot(const moodscope::SlowSnapshot& s, const std::string& name)
{
    std::cout << moodscope::frameToJsonLine(s, name) << '\n';
}
bool writeWav(const moodscope::StereoSignal& signal, const juce::File& file)
{
    file.deleteFile();
    std::unique_ptr<juce::OutputStream> stream = std::make_unique<juce::FileOutputStream>(file);
    if (!static_cast<juce::FileOutputStream*>(stream.get())->openedOk())
        return false;
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer(wav.createWriterFor(stream.get(), signal.sampleRate, 2, 16, {}, 0));
    if (writer == nullptr)
        return false;
    stream.release(); // the writer owns it now
    const float* channels[] = { signal.left.data(), signal.right.data() };
    return writer->writeFromFloatArrays(channels, 2, static_cast<int>(signal.left.size()));
}
} // namespace

int main(int argc, char** argv)
{
    CLI::App app { "Moodscope: real-time music analyzer (fingerprint, mood, OSC)", "moodscope" };
    app.require_subcommand(1);
    int libraryExit = -1; // set by scan / similar / cache / synth, which run during parse
    moodscope::addLibraryCommands(app, libraryExit);

    moodscope::EngineConfig config;
    std::vector<std::string> files;

    auto* analyze = app.add_subcommand("analyze", "Analyze audio files and print JSON lines to stdout");
    analyze->add_option("files", files, "Audio files (WAV, AIFF, FLAC, OGG/Vorbis, MP3)")->required();
    analyze->add_option("--window", config.windowSeconds, "Rolling window in seconds")
        ->check(CLI::Range(moodscope::EngineConfig::kMinWindow, moodscope::EngineConfig::kMaxWindow))
        ->capture_default_str();
    analyze->add_option("--interval", config.intervalSeconds, "Seconds between slow updates")
        ->check(CLI::Range(moodscope::EngineConfig::kMinInterval, moodscope::EngineConfig::kMaxInterval))
        ->capture_default_str();

    double demoSeconds = 20.0;
    auto* demo = app.add_subcommand("demo", "Analyze a built-in synthesized demo track (120 BPM, A minor)");
    demo->add_option("--seconds", demoSeconds, "Length of the demo track")
        ->check(CLI::Range(1.0, 3600.0))
        ->capture_default_str();
    std::string demoWav;
    demo->add_option("--write", demoWav,
                     "Write the demo track to this WAV file (16-bit, 44.1 kHz) instead of analyzing it");

    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (libraryExit >= 0)
        return libraryExit;

    if (*demo)
    {
        const auto signal = moodscope::makeDemoSignal(demoSeconds, 44100.0);
        if (!demoWav.empty())
        {
            const juce::File out = juce::File::getCurrentWorkingDirectory().getChildFile(juce::String(demoWav));
            if (!writeWav(signal, out))
            {
                std::cerr << "moodscope: cannot write " << demoWav << "\n";
                return kExitSomeFailed;
            }
            std::cerr << "moodscope: wrote " << demoSeconds << " s of the demo track to " << demoWav << "\n";
            return kExitOk;
        }
        std::cerr << "moodscope: analyzing the built-in demo (" << demoSeconds << " s, 120 BPM)\n";
        const auto result = moodscope::analyzeSignal(signal, config, [](const auto& s) { printSnapshot(s, "demo"); });
        std::cout << moodscope::summaryToJsonLine(result.summary, "demo", result.durationSeconds, result.sampleRate)
                  << '\n';
        return kExitOk;
    }

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    int failed = 0;
    for (const auto& path : files)
    {
        const juce::File file = juce::File::getCurrentWorkingDirectory().getChildFile(juce::String(path));
        const auto result =
            moodscope::analyzeFile(formats, file, config, [&](const auto& s) { printSnapshot(s, path); });
        if (!result.ok)
        {
            ++failed;
            std::cerr << "moodscope: " << path << ": " << result.error << " (skipped)\n";
            continue;
        }
        std::cout << moodscope::summaryToJsonLine(result.summary, path, result.durationSeconds, result.sampleRate)
                  << '\n';
    }
    std::cout.flush();
    return failed == 0 ? kExitOk : kExitSomeFailed;
}
