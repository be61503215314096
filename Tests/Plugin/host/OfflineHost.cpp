// SPDX-License-Identifier: GPL-3.0-or-later
// Offline test host: loads the built Moodscope VST3 or LV2 with JUCE's own hosting code,
// renders a synthesized float WAV (with NaN, Inf and denormals in it) through it with
// varying block sizes, writes the result, reads both files back and demands bit-identity.
// Also round-trips the plugin state through a second instance.
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstring>
#include <iostream>
#include <limits>
#include <random>

namespace {
constexpr double kSampleRate = 48000.0;
constexpr int kMaxBlock = 4096;

int fail(const juce::String& message)
{
    std::cerr << "offline host: FAIL: " << message << std::endl;
    return 1;
}

juce::AudioBuffer<float> synthesize(int numSamples)
{
    juce::AudioBuffer<float> b(2, numSamples);
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> noise(-0.2f, 0.2f);
    for (int i = 0; i < numSamples; ++i)
    {
        const float t = static_cast<float>(i) / static_cast<float>(kSampleRate);
        b.setSample(0, i, 0.5f * std::sin(6.2831853f * 440.0f * t) + noise(rng));
        b.setSample(1, i, 0.4f * std::sin(6.2831853f * 110.0f * t) + noise(rng));
    }
    // Values a host can hand a plugin: they must come out unchanged too.
    b.setSample(0, 100, std::numeric_limits<float>::quiet_NaN());
    b.setSample(1, 200, std::numeric_limits<float>::infinity());
    b.setSample(0, 300, -std::numeric_limits<float>::infinity());
    b.setSample(1, 400, std::numeric_limits<float>::denorm_min());
    b.setSample(0, 500, -0.0f);
    b.setSample(1, 600, 7.5f);
    return b;
}

bool writeFloatWav(const juce::File& file, const juce::AudioBuffer<float>& buffer)
{
    file.deleteFile();
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::OutputStream> out(file.createOutputStream());
    if (out == nullptr)
        return false;
    std::unique_ptr<juce::AudioFormatWriter> writer(
        wav.createWriterFor(out.get(), kSampleRate, static_cast<unsigned int>(buffer.getNumChannels()), 32, {}, 0));
    if (writer == nullptr)
        return false;
    out.release(); // the writer owns the stream now
    return writer->writeFromAudioSampleBuffer(buffer, 0, buffer.getNumSamples());
}

bool readWav(const juce::File& file, juce::AudioBuffer<float>& buffer)
{
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatReader> reader(wav.createReaderFor(file.createInputStream().release(), true));
    if (reader == nullptr)
        return false;
    buffer.setSize(static_cast<int>(reader->numChannels), static_cast<int>(reader->lengthInSamples));
    return reader->read(&buffer, 0, buffer.getNumSamples(), 0, true, true);
}

bool bitIdentical(const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b, juce::String& where)
{
    if (a.getNumChannels() != b.getNumChannels() || a.getNumSamples() != b.getNumSamples())
    {
        where = "shape differs";
        return false;
    }
    for (int ch = 0; ch < a.getNumChannels(); ++ch)
        for (int i = 0; i < a.getNumSamples(); ++i)
            if (std::memcmp(a.getReadPointer(ch) + i, b.getReadPointer(ch) + i, sizeof(float)) != 0)
            {
                where = "channel " + juce::String(ch) + " sample " + juce::String(i);
                return false;
            }
    return true;
}

std::unique_ptr<juce::AudioPluginInstance> load(juce::AudioPluginFormat& format, const juce::String& plugin,
                                                juce::String& error)
{
    juce::OwnedArray<juce::PluginDescription> types;
    format.findAllTypesForFile(types, plugin);
    if (types.isEmpty())
    {
        error = "no plugin found in " + plugin;
        return nullptr;
    }
    return format.createInstanceFromDescription(*types[0], kSampleRate, kMaxBlock, error);
}

void runOneBlock(juce::AudioPluginInstance& plugin)
{
    plugin.setRateAndBufferSizeDetails(kSampleRate, 512);
    plugin.prepareToPlay(kSampleRate, 512);
    juce::AudioBuffer<float> block(2, 512);
    block.clear();
    juce::MidiBuffer midi;
    plugin.processBlock(block, midi);
    plugin.releaseResources();
}

int checkNonSilent(const juce::File& file)
{
    juce::AudioBuffer<float> b;
    if (!readWav(file, b))
        return fail("cannot read " + file.getFullPathName());
    float peak = 0.0f;
    for (int ch = 0; ch < b.getNumChannels(); ++ch)
        peak = juce::jmax(peak, b.getMagnitude(ch, 0, b.getNumSamples()));
    std::cout << "offline host: " << file.getFileName() << ": " << b.getNumSamples() << " samples, peak " << peak
              << std::endl;
    return (b.getNumSamples() > 0 && peak > 0.01f) ? 0 : fail("recording is silent");
}
} // namespace

int main(int argc, char** argv)
{
    CLI::App app("Renders a synthesized file through the built VST3 or LV2 and checks it comes out bit for bit, "
                 "with a state round trip");
    std::string formatText, pluginText, lv2Path, workDir, testWav, nonSilent;
    app.add_option("--format", formatText, "VST3 or LV2");
    app.add_option("--plugin", pluginText, "The VST3 bundle's path or the LV2 plugin's URI");
    app.add_option("--lv2-path", lv2Path, "Where to look for LV2 bundles");
    app.add_option("--work", workDir, "Folder for the rendered files");
    app.add_option("--write-test-wav", testWav, "Only write the 10 s stereo float test signal to this WAV");
    app.add_option("--check-nonsilent", nonSilent, "Only check that this WAV is not silent");
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        return app.exit(e) == 0 ? 0 : 2;
    }
    juce::ScopedJuceInitialiser_GUI juceInit;

    if (!testWav.empty())
        return writeFloatWav(juce::File(testWav), synthesize(static_cast<int>(10 * kSampleRate)))
                   ? 0
                   : fail("cannot write " + juce::String(testWav));
    if (!nonSilent.empty())
        return checkNonSilent(juce::File(nonSilent));

    const juce::String formatName(formatText), plugin(pluginText);
    if (formatName.isEmpty() || plugin.isEmpty() || workDir.empty())
    {
        std::cerr << app.help();
        return 2;
    }
    const juce::File work(workDir);
    work.createDirectory();

    std::unique_ptr<juce::AudioPluginFormat> format;
    if (formatName == "VST3")
        format = std::make_unique<juce::VST3PluginFormat>();
    else if (formatName == "LV2")
    {
        auto lv2 = std::make_unique<juce::LV2PluginFormat>();
        if (!lv2Path.empty())
            lv2->searchPathsForPlugins(juce::FileSearchPath(lv2Path), true, false);
        format = std::move(lv2);
    }
    else
        return fail("unknown format " + formatName);

    juce::String error;
    auto instance = load(*format, plugin, error);
    if (instance == nullptr)
        return fail("cannot load " + plugin + ": " + error);
    std::cout << "offline host: loaded " << instance->getName() << " (" << formatName << ") version "
              << instance->getPluginDescription().version << ", program '" << instance->getProgramName(0) << "'"
              << std::endl;

    juce::AudioProcessor::BusesLayout stereo;
    stereo.inputBuses.add(juce::AudioChannelSet::stereo());
    stereo.outputBuses.add(juce::AudioChannelSet::stereo());
    if (!instance->setBusesLayout(stereo))
        return fail("stereo layout refused");
    instance->setRateAndBufferSizeDetails(kSampleRate, kMaxBlock);
    instance->prepareToPlay(kSampleRate, kMaxBlock);

    const juce::File inFile = work.getChildFile("in.wav"), outFile = work.getChildFile("out.wav");
    if (!writeFloatWav(inFile, synthesize(static_cast<int>(3 * kSampleRate))))
        return fail("cannot write " + inFile.getFullPathName());
    juce::AudioBuffer<float> input;
    if (!readWav(inFile, input))
        return fail("cannot read back " + inFile.getFullPathName());

    juce::AudioBuffer<float> rendered(input);
    juce::MidiBuffer midi;
    const int blockSizes[] = { 512, 1, 333, 4096, 64, 2048 };
    int pos = 0, k = 0;
    while (pos < rendered.getNumSamples())
    {
        const int n = juce::jmin(blockSizes[k++ % 6], rendered.getNumSamples() - pos);
        float* channels[] = { rendered.getWritePointer(0, pos), rendered.getWritePointer(1, pos) };
        juce::AudioBuffer<float> view(channels, 2, n);
        instance->processBlock(view, midi);
        pos += n;
    }
    instance->releaseResources();

    if (!writeFloatWav(outFile, rendered))
        return fail("cannot write " + outFile.getFullPathName());
    juce::AudioBuffer<float> output;
    if (!readWav(outFile, output))
        return fail("cannot read back " + outFile.getFullPathName());
    juce::String where;
    if (!bitIdentical(input, output, where))
        return fail("output differs from input at " + where);
    if (!std::isnan(output.getSample(0, 100)) || !std::isinf(output.getSample(1, 200)))
        return fail("the NaN/Inf probes did not survive the WAV round trip");
    std::cout << "offline host: " << output.getNumSamples() << " samples x 2 channels bit-identical" << std::endl;

    // State: every parameter away from its default, saved, loaded into a fresh instance and
    // saved again: same bytes and same parameter values; and different from a default state.
    juce::MemoryBlock defaultState;
    instance->getStateInformation(defaultState);
    const auto& params = instance->getParameters();
    if (params.isEmpty())
        return fail("the plugin exposes no parameters");
    for (auto* p : params)
    {
        // Ends of the range: exact after the plugin snaps values to its steps.
        p->setValueNotifyingHost(p->getDefaultValue() >= 0.5f ? 0.0f : 1.0f);
    }
    // LV2 parameters are control ports: the plugin sees them when it next runs.
    runOneBlock(*instance);
    juce::MemoryBlock state;
    instance->getStateInformation(state);
    if (state.getSize() == 0 || state == defaultState)
        return fail("changing every parameter did not change the saved state");

    auto second = load(*format, plugin, error);
    if (second == nullptr)
        return fail("cannot load a second instance: " + error);
    second->setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    runOneBlock(*second);
    juce::MemoryBlock again;
    second->getStateInformation(again);
    if (state != again)
        return fail("state did not round-trip (" + juce::String(state.getSize()) + " vs " +
                    juce::String(again.getSize()) + " bytes)");
    const auto& restored = second->getParameters();
    if (restored.size() != params.size())
        return fail("parameter count differs after reload");
    for (int i = 0; i < params.size(); ++i)
        if (std::abs(restored[i]->getValue() - params[i]->getValue()) > 1.0e-4f)
            return fail("parameter " + params[i]->getName(64) + " reloaded as " +
                        juce::String(restored[i]->getValue()) + ", saved " + juce::String(params[i]->getValue()));

    // And a third instance that gets the defaults back from the first one's default state.
    auto third = load(*format, plugin, error);
    if (third == nullptr)
        return fail("cannot load a third instance: " + error);
    third->setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    third->setStateInformation(defaultState.getData(), static_cast<int>(defaultState.getSize()));
    runOneBlock(*third);
    juce::MemoryBlock back;
    third->getStateInformation(back);
    if (back != defaultState)
        return fail("the default state did not restore the defaults");

    const char garbage[] = "garbage \x01\x02\xff state";
    second->setStateInformation(garbage, sizeof(garbage));
    juce::MemoryBlock afterGarbage;
    second->getStateInformation(afterGarbage);
    std::cout << "offline host: " << params.size() << " parameters changed; state round-trips (" << state.getSize()
              << " bytes) through a fresh instance; defaults restore; garbage state tolerated ("
              << afterGarbage.getSize() << " bytes after)" << std::endl;
    return 0;
}
