// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FingerprintPanel.h"
#include "HeaderBar.h"
#include "HistoryPlot.h"
#include "LoudnessPanel.h"
#include "MoodPanel.h"
#include "PluginProcessor.h"
#include "SettingsPanel.h"
#include "StatusBar.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace moodscope {

// Reads the engine's published results through its own fan-out subscriptions at 30 fps and
// hands them to the panels; never touches anything the audio thread uses.
class MoodscopeEditor final : public juce::AudioProcessorEditor, private juce::Timer // message thread
{
  public:
    static constexpr int kDefaultWidth = 1100, kDefaultHeight = 700;

    explicit MoodscopeEditor(MoodscopeProcessor& owner);
    ~MoodscopeEditor() override;

    // One display update, as the timer does it (the screenshot hook and tests call it).
    void poll();
    void showSettings(bool show);

    const HeaderBar& header() const { return header_; }
    const MoodPanel& moodPanel() const { return mood_; }
    const LoudnessPanel& loudnessPanel() const { return loudness_; }
    const FingerprintPanel& fingerprintPanel() const { return fingerprint_; }
    const HistoryPlot& historyPlot() const { return history_; }
    const StatusBar& statusBar() const { return status_; }
    SettingsPanel& settingsPanel() { return settings_; }
    std::uint64_t fastFramesSeen() const noexcept { return fastSeen_; }
    std::uint64_t snapshotsSeen() const noexcept { return slowSeen_; }

    void paint(juce::Graphics& g) override;
    void resized() override;

  private:
    void timerCallback() override { poll(); }

    MoodscopeProcessor& processor_;
    Fanout<FastFrame>::Subscription fastSub_;
    Fanout<SlowSnapshot>::Subscription slowSub_;
    SlowSnapshot slow_;
    bool haveSlow_ = false;
    std::uint64_t fastSeen_ = 0, slowSeen_ = 0;
    int tick_ = 0;

    HeaderBar header_;
    MoodPanel mood_;
    LoudnessPanel loudness_;
    HistoryPlot history_;
    FingerprintPanel fingerprint_;
    SettingsPanel settings_;
    StatusBar status_;
    juce::TextButton settingsButton_ { "Settings" };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(MoodscopeEditor)
};

} // namespace moodscope
