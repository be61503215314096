// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope synth OUT.wav --seed N`: a different synthesized demo track per seed, so
// tests and benchmarks can build a library without shipping audio files.
#include "AudioFileWriter.h"
#include "CliCommand.h"
#include "LibraryCommands.h"
#include "demo/SeededDemo.h"
#include "util/Utf8Text.h"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace moodscope {

namespace {
struct SynthOptions
{
    std::string out;
    std::uint32_t seed = 0;
    double seconds = 10.0;
    double sampleRate = 44100.0;
    double gainDb = 0.0;
};

int runSynth(const SynthOptions& opt)
{
    auto signal = makeSeededDemoSignal(opt.seconds, opt.sampleRate, opt.seed);
    const auto gain = static_cast<float>(std::pow(10.0, opt.gainDb / 20.0));
    for (auto* ch : { &signal.left, &signal.right })
        for (auto& x : *ch)
            x = std::clamp(x * gain, -1.0f, 1.0f);
    if (const auto error = writeAudioFile(signal, opt.out, ".wav"); !error.empty())
    {
        std::cerr << "moodscope synth: cannot write " << printable(opt.out) << ": " << error << "\n";
        return 1;
    }
    return 0;
}
} // namespace

void addSynthCommand(CLI::App& app, int& exitCode)
{
    auto opt = std::make_shared<SynthOptions>();
    auto* synth = app.add_subcommand("synth", "Write a synthesized test track (a different one per --seed) as WAV");
    synth->add_option("out", opt->out, "Output WAV file (16-bit stereo)")->required();
    synth->add_option("--seed", opt->seed, "Which track: tempo, key, timbre, drums, width, level")
        ->capture_default_str();
    synth->add_option("--seconds", opt->seconds, "Length")->check(finiteRange(0.5, 3600.0))->capture_default_str();
    synth->add_option("--rate", opt->sampleRate, "Sample rate")
        ->check(finiteRange(8000.0, 192000.0))
        ->capture_default_str();
    synth->add_option("--gain-db", opt->gainDb, "Gain applied before writing")->check(finiteRange(-60.0, 20.0));
    synth->callback([opt, &exitCode] { exitCode = runSynth(*opt); });
}

} // namespace moodscope
