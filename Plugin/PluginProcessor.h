// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/Engine.h"
#include "osc/OscSender.h"
#include "link/LinkLeader.h"
#include "wled/WledSender.h"
#include "PluginSettings.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <atomic>
#include <optional>
#include <mutex>

namespace moodscope {

// A pure analyzer: audio passes through untouched; processBlock only hands the block (and
// the host transport) to the engine. Settings changes are picked up by a message-thread
// timer, which re-prepares the engine itself while processBlock skips capturing through an
// atomic hand-shake, and re-configures the OSC sender.
class MoodscopeProcessor final : public juce::AudioProcessor,
                                 private juce::Timer // audio thread: processBlock; message thread: the rest
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
    // Hosts list the one program by name (LV2 writes it as a preset label).
    const juce::String getProgramName(int) override { return "Default"; }
    void changeProgramName(int, const juce::String&) override {}

    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    Engine& engine() noexcept { return engine_; }
    OscSender& osc() noexcept { return osc_; }
    WledSender& wled() noexcept { return wled_; }
    LinkLeader& link() noexcept { return link_; }
    juce::AudioProcessorValueTreeState& parameters() noexcept { return apvts_; }

    // The settings as they stand (parameters + state properties); any thread but the audio one.
    PluginSettings settings();
    EngineConfig config() { return settings().engine; }
    // The configuration the running engine was prepared with.
    EngineConfig appliedConfig() const;

    // Message thread: applies changed settings. Without `immediately`, an engine change
    // waits until the settings have been still for kSettleMs, so dragging the window slider
    // re-prepares once, not thirty times. The timer calls this; tests call it directly.
    void applySettings(bool immediately);
    static constexpr juce::uint32 kSettleMs = 400;

    // Engine status for the editor; message thread. Falls back to the last known value
    // while another thread re-prepares the engine rather than wait for it.
    struct EngineStatus
    {
        std::uint64_t overrunEvents = 0, droppedFrames = 0;
        bool running = false;
        double sampleRate = 0.0;
    };
    EngineStatus engineStatus();

    // Standalone only: audio is analyzed but not monitored, so there is no feedback path.
    bool monitorsOutput() const noexcept { return wrapperType != wrapperType_Standalone; }

  private:
    void timerCallback() override { applySettings(false); }
    void passHostTransport(int numSamples) noexcept;
    void reportParametersToHost();

    Engine engine_;
    OscSender osc_ { engine_.fastOutput(), engine_.slowOutput() };
    WledSender wled_ { engine_.fastOutput() };
    // While the host's transport runs (host tempo sync on), Link follows the host, not the
    // detected beats: the host's tempo is the one the session plays to (docs/LINK.md).
    LinkLeader link_ { engine_.fastOutput() };
    juce::AudioProcessorValueTreeState apvts_;
    std::atomic<float>* hostSync_ = nullptr;
    // Audio thread: the host's last stated position and the frames processed since, for
    // hosts that state it only on changes (LV2).
    std::optional<HostTransport> stated_;
    std::int64_t framesSinceStated_ = 0;

    // Hosts load and save state from their own threads (Ardour: not JUCE's message thread)
    // while the settings timer reads the same tree; the audio thread never takes it.
    mutable std::mutex stateMutex_;
    // Guards prepare/release between the host's threads and the settings timer; the audio
    // thread never takes it.
    mutable std::mutex prepareMutex_;
    bool prepared_ = false;
    double preparedRate_ = 0.0;
    int preparedBlock_ = 0;
    EngineConfig applied_;
    EngineStatus lastStatus_;

    // Hand-shake with processBlock (sequentially consistent, Dekker style): the timer sets
    // reconfiguring_, waits for inCapture_ to clear, re-prepares, clears reconfiguring_.
    std::atomic<bool> reconfiguring_ { false };
    std::atomic<bool> inCapture_ { false };

    // OSC sender state: message thread only.
    bool oscStarted_ = false;
    OscSettings oscApplied_;
    bool wledStarted_ = false;
    WledSettings wledApplied_;
    EngineConfig pendingConfig_;
    juce::uint32 pendingSince_ = 0;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(MoodscopeProcessor)
};

bool sameEngineConfig(const EngineConfig& a, const EngineConfig& b) noexcept;
bool sameOscSettings(const OscSettings& a, const OscSettings& b) noexcept;
bool sameWledSettings(const WledSettings& a, const WledSettings& b) noexcept;

} // namespace moodscope
