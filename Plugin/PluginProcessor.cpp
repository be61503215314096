// SPDX-License-Identifier: GPL-3.0-or-later
#include "PluginProcessor.h"

#include "PluginEditor.h"

namespace moodscope {

namespace {
constexpr int kStateVersion = 1;
const juce::Identifier kStateTag { "MoodscopeState" };
} // namespace

MoodscopeProcessor::MoodscopeProcessor()
    : AudioProcessor(BusesProperties()
                         .withInput("Input", juce::AudioChannelSet::stereo(), true)
                         .withOutput("Output", juce::AudioChannelSet::stereo(), true))
{}

MoodscopeProcessor::~MoodscopeProcessor()
{
    engine_.release();
}

void MoodscopeProcessor::prepareToPlay(double sampleRate, int samplesPerBlock)
{
    engine_.prepare(sampleRate, samplesPerBlock, config_);
}

void MoodscopeProcessor::releaseResources()
{
    engine_.release();
}

bool MoodscopeProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const
{
    const auto in = layouts.getMainInputChannelSet();
    const auto out = layouts.getMainOutputChannelSet();
    if (in != out)
        return false;
    return in == juce::AudioChannelSet::mono() || in == juce::AudioChannelSet::stereo();
}

void MoodscopeProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    // In-place buffer, in == out layout: not writing to it is the bit-exact pass-through.
    const int channels = juce::jmin(buffer.getNumChannels(), getTotalNumInputChannels());
    engine_.capture(buffer.getArrayOfReadPointers(), channels, buffer.getNumSamples());
}

juce::AudioProcessorEditor* MoodscopeProcessor::createEditor()
{
    return new MoodscopeEditor(*this);
}

void MoodscopeProcessor::getStateInformation(juce::MemoryBlock& destData)
{
    juce::ValueTree state(kStateTag);
    state.setProperty("version", kStateVersion, nullptr);
    state.setProperty("window", config_.windowSeconds, nullptr);
    state.setProperty("interval", config_.intervalSeconds, nullptr);
    juce::MemoryOutputStream stream(destData, false);
    state.writeToStream(stream);
}

void MoodscopeProcessor::setStateInformation(const void* data, int sizeInBytes)
{
    // Hosts hand over whatever they saved, possibly from another version or corrupted:
    // anything unreadable leaves the defaults in place.
    if (data == nullptr || sizeInBytes <= 0)
        return;
    const auto state = juce::ValueTree::readFromData(data, static_cast<size_t>(sizeInBytes));
    if (!state.isValid() || !state.hasType(kStateTag))
        return;
    EngineConfig c = config_;
    c.windowSeconds = static_cast<double>(state.getProperty("window", c.windowSeconds));
    c.intervalSeconds = static_cast<double>(state.getProperty("interval", c.intervalSeconds));
    config_ = c.clamped();
}

} // namespace moodscope

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new moodscope::MoodscopeProcessor();
}
