// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <juce_audio_processors/juce_audio_processors.h>

#include <memory>
#include <vector>

namespace moodscope {

// Every saved setting: OSC targets and prefix (state properties, validated on entry), and
// the automatable ones through parameter attachments.
class SettingsPanel final : public juce::Component, private juce::ValueTree::Listener // message thread
{
  public:
    explicit SettingsPanel(juce::AudioProcessorValueTreeState& apvts);
    ~SettingsPanel() override;

    // As if typed and confirmed by the user (tests).
    void enterTargets(const juce::String& text);
    void enterPrefix(const juce::String& text);
    void enterWledTargets(const juce::String& text);
    juce::String errorText() const { return error_.getText(); }

    void paint(juce::Graphics& g) override;
    void resized() override;

  private:
    void valueTreePropertyChanged(juce::ValueTree&, const juce::Identifier&) override { refresh(); }
    void refresh();

    juce::AudioProcessorValueTreeState& apvts_;
    juce::Label targetsLabel_ { {}, "OSC targets (host:port, ...)" }, prefixLabel_ { {}, "OSC address prefix" };
    juce::Label wledLabel_ { {}, "WLED targets (239.0.0.1 = multicast; host[:port], ...)" };
    juce::TextEditor targets_, prefix_, wled_;
    juce::Label error_;
    juce::Label windowLabel_ { {}, "Window (s)" }, intervalLabel_ { {}, "Interval (s)" };
    juce::Slider window_, interval_;
    std::vector<std::unique_ptr<juce::ToggleButton>> toggles_;
    std::vector<std::unique_ptr<juce::AudioProcessorValueTreeState::ButtonAttachment>> toggleAttachments_;
    std::unique_ptr<juce::AudioProcessorValueTreeState::SliderAttachment> windowAttachment_, intervalAttachment_;
};

} // namespace moodscope
