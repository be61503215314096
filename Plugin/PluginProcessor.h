// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Engine.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace moodscope {

// A pure analyzer: audio passes through untouched; processBlock only hands the block to
// the engine's capture ring.
class MoodscopeProcessor final : public juce::AudioProcessor // audio thread: processBlock; message thread: the rest
{
  public:
    MoodscopeProcessor();
    ~MoodscopeProcessor() override;

    void prepareToPlay(double sampleRate, int samplesPerBlock) override;
    void releaseResources() override;
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;

    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using AudioProcessor::processBlock;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    const juce::String getName() const override { return "Moodscope"; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }

    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return {}; }
    void changeProgramName(int, const juce::String&) override {}

    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    Engine& engine() noexcept { return engine_; }
    EngineConfig config() const { return config_; }

  private:
    Engine engine_;
    EngineConfig config_;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(MoodscopeProcessor)
};

} // namespace moodscope
