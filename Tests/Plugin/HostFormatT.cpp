// SPDX-License-Identifier: GPL-3.0-or-later
// What differs between plugin formats: an LV2 host states the transport only when it changes
// other than by playing on, and learns parameter values only from the plugin's messages.
#include "PluginProcessor.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

using namespace moodscope;

namespace {
// A host at 120 BPM in 4/4 from ppq 0, playing. `everyBlock` false: the position is given
// for the first block only, as an LV2 host's time:Position event. `frameOnly`: the frame, tempo
// and bar without a beat position, as Ardour's LV2 positions reach JUCE's wrapper.
class HostPlayHead final : public juce::AudioPlayHead
{
  public:
    HostPlayHead(bool everyBlockIn, bool frameOnlyIn = false) : everyBlock(everyBlockIn), frameOnly(frameOnlyIn) {}
    juce::Optional<PositionInfo> getPosition() const override
    {
        if (!everyBlock && block > 0)
            return {};
        PositionInfo info;
        info.setBpm(120.0);
        info.setTimeSignature(TimeSignature { 4, 4 });
        if (frameOnly)
        {
            info.setTimeInSamples(static_cast<juce::int64>(std::llround(ppq / 2.0 * 48000.0)));
            info.setBarCount(static_cast<juce::int64>(std::floor(ppq / 4.0)));
        }
        else
        {
            info.setPpqPosition(ppq);
            info.setPpqPositionOfLastBarStart(std::floor(ppq / 4.0) * 4.0);
        }
        info.setIsPlaying(true);
        return info;
    }
    bool everyBlock, frameOnly;
    int block = 0;
    double ppq = 0.0;
};

struct HostBeats
{
    int beats = 0;
    int syncedFrames = 0, frames = 0;
};

// 10 s of quiet noise through a processor of the given wrapper type, paced so the analysis
// keeps up; counts the host beats and synced frames that come out.
HostBeats playTenSeconds(juce::AudioProcessor::WrapperType type, bool positionEveryBlock, bool frameOnly = false)
{
    juce::AudioProcessor::setTypeOfNextNewPlugin(type);
    MoodscopeProcessor processor;
    juce::AudioProcessor::setTypeOfNextNewPlugin(juce::AudioProcessor::wrapperType_Undefined);
    HostPlayHead head(positionEveryBlock, frameOnly);
    processor.setPlayHead(&head);
    auto fast = processor.engine().fastOutput().subscribe();
    constexpr double rate = 48000.0;
    constexpr int block = 480;
    processor.setPlayConfigDetails(2, 2, rate, block);
    processor.prepareToPlay(rate, block);

    juce::AudioBuffer<float> buffer(2, block);
    juce::MidiBuffer midi;
    juce::Random random(7);
    HostBeats out;
    FastFrame f;
    for (int b = 0; b < 1000; ++b)
    {
        for (int ch = 0; ch < 2; ++ch)
            for (int i = 0; i < block; ++i)
                buffer.setSample(ch, i, 0.01f * (random.nextFloat() - 0.5f));
        processor.processBlock(buffer, midi);
        head.block = b + 1;
        head.ppq += block / rate * 120.0 / 60.0;
        if (b % 20 == 19)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        while (fast.pop(f))
        {
            ++out.frames;
            out.syncedFrames += f.hostSynced ? 1 : 0;
            out.beats += f.hostBeat ? 1 : 0;
        }
    }
    for (int wait = 0; wait < 100 && out.frames < 855; ++wait)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        while (fast.pop(f))
        {
            ++out.frames;
            out.syncedFrames += f.hostSynced ? 1 : 0;
            out.beats += f.hostBeat ? 1 : 0;
        }
    }
    processor.releaseResources();
    processor.setPlayHead(nullptr);
    return out;
}

// What JUCE's LV2 wrapper listens with: the parameter values it would send to the host.
struct ParameterListener final : juce::AudioProcessorListener
{
    void audioProcessorParameterChanged(juce::AudioProcessor*, int index, float value) override
    {
        reported[static_cast<std::size_t>(index)] = value;
        ++calls;
    }
    void audioProcessorChanged(juce::AudioProcessor*, const ChangeDetails&) override {}
    std::vector<float> reported = std::vector<float>(64, -1.0f);
    int calls = 0;
};
} // namespace

TEST_CASE("LV2: the host transport plays on between position messages, as in VST3", "[plugin][host]")
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto vst3 = playTenSeconds(juce::AudioProcessor::wrapperType_VST3, true);
    const auto lv2 = playTenSeconds(juce::AudioProcessor::wrapperType_LV2, false);
    INFO("VST3: " << vst3.beats << " beats, " << vst3.syncedFrames << "/" << vst3.frames << " frames synced");
    INFO("LV2: " << lv2.beats << " beats, " << lv2.syncedFrames << "/" << lv2.frames << " frames synced");
    REQUIRE(vst3.frames > 850); // 10 s of 11.6 ms hops
    REQUIRE(lv2.frames > 850);
    // 10 s at 120 BPM: 20 beats (the last may fall past the last whole hop)
    CHECK(std::abs(vst3.beats - 20) <= 1);
    CHECK(lv2.beats == vst3.beats);
    CHECK(lv2.syncedFrames == lv2.frames);
    // Ardour: a position every block, with the frame but no beat position
    const auto ardour = playTenSeconds(juce::AudioProcessor::wrapperType_LV2, true, true);
    INFO("LV2 from frames: " << ardour.beats << " beats");
    CHECK(ardour.beats == vst3.beats);
    // another format given no position is not synced: no beats from a stale statement
    const auto vst3Once = playTenSeconds(juce::AudioProcessor::wrapperType_VST3, false);
    CHECK(vst3Once.beats <= 1);
    CHECK(vst3Once.syncedFrames < 5);
}

TEST_CASE("LV2: parameter values are reported to the host when prepared and after a state load", "[plugin][host]")
{
    juce::ScopedJuceInitialiser_GUI juce;
    juce::AudioProcessor::setTypeOfNextNewPlugin(juce::AudioProcessor::wrapperType_LV2);
    MoodscopeProcessor lv2;
    juce::AudioProcessor::setTypeOfNextNewPlugin(juce::AudioProcessor::wrapperType_Undefined);
    ParameterListener listener;
    lv2.addListener(&listener);
    lv2.setPlayConfigDetails(2, 2, 48000.0, 512);
    lv2.prepareToPlay(48000.0, 512);
    const auto& params = lv2.getParameters();
    REQUIRE(params.size() >= 11);
    for (auto* p : params)
        CHECK(listener.reported[static_cast<std::size_t>(p->getParameterIndex())] == p->getValue());
    auto* window = dynamic_cast<juce::RangedAudioParameter*>(lv2.parameters().getParameter(paramId::window));
    REQUIRE(window != nullptr);
    CHECK(window->convertFrom0to1(listener.reported[static_cast<std::size_t>(window->getParameterIndex())]) == 8.0f);

    // a saved state with another window: reported after the load, every parameter again
    MoodscopeProcessor other;
    other.parameters().getParameter(paramId::window)->setValueNotifyingHost(window->convertTo0to1(12.5f));
    juce::MemoryBlock state;
    other.getStateInformation(state);
    listener.calls = 0;
    lv2.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    CHECK(listener.calls >= static_cast<int>(params.size()));
    CHECK(window->convertFrom0to1(listener.reported[static_cast<std::size_t>(window->getParameterIndex())]) ==
          Approx(12.5f));
    lv2.releaseResources();
    lv2.removeListener(&listener);

    // VST3 hosts read values themselves: preparing sends nothing
    juce::AudioProcessor::setTypeOfNextNewPlugin(juce::AudioProcessor::wrapperType_VST3);
    MoodscopeProcessor vst3;
    juce::AudioProcessor::setTypeOfNextNewPlugin(juce::AudioProcessor::wrapperType_Undefined);
    ParameterListener quiet;
    vst3.addListener(&quiet);
    vst3.setPlayConfigDetails(2, 2, 48000.0, 512);
    vst3.prepareToPlay(48000.0, 512);
    CHECK(quiet.calls == 0);
    vst3.releaseResources();
    vst3.removeListener(&quiet);
}
