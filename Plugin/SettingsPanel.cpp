// SPDX-License-Identifier: GPL-3.0-or-later
#include "SettingsPanel.h"

#include "PluginSettings.h"
#include "Theme.h"

namespace moodscope {

SettingsPanel::SettingsPanel(juce::AudioProcessorValueTreeState& apvts) : apvts_(apvts)
{
    for (auto* l : { &targetsLabel_, &prefixLabel_, &wledLabel_, &windowLabel_, &intervalLabel_ })
    {
        l->setColour(juce::Label::textColourId, theme::text);
        addAndMakeVisible(l);
    }
    error_.setColour(juce::Label::textColourId, theme::bad);
    addAndMakeVisible(error_);

    for (auto* t : { &targets_, &prefix_, &wled_ })
    {
        t->setColour(juce::TextEditor::backgroundColourId, theme::track);
        t->setColour(juce::TextEditor::textColourId, theme::text);
        addAndMakeVisible(t);
    }
    targets_.onReturnKey = targets_.onFocusLost = [this] { enterTargets(targets_.getText()); };
    prefix_.onReturnKey = prefix_.onFocusLost = [this] { enterPrefix(prefix_.getText()); };
    wled_.onReturnKey = wled_.onFocusLost = [this] { enterWledTargets(wled_.getText()); };

    const std::pair<const char*, const char*> switches[] = {
        { paramId::oscEnabled, "Send OSC" },
        { paramId::oscFast, "Fast signals (levels, beat)" },
        { paramId::oscSlow, "Mood and fingerprint" },
        { paramId::oscPerDimension, "One message per dimension" },
        { paramId::oscEvents, "Section events" },
        { paramId::oscBundles, "Bundles (off: one message per datagram)" },
        { paramId::oscImmediate, "Immediate timetags (receiver on another clock)" },
        { paramId::oscLighting, "Lighting profile (0..1 floats, pulses: QLC+)" },
        { paramId::lazyTempo, "Lazy tempo (skip tempo tracking)" },
        { paramId::hostSync, "Host tempo sync" },
        { paramId::wledEnabled, "Send WLED Audio Sync" },
        { paramId::linkEnabled, "Lead Ableton Link (host tempo wins)" },
    };
    for (const auto& [id, text] : switches)
    {
        auto button = std::make_unique<juce::ToggleButton>(text);
        button->setColour(juce::ToggleButton::textColourId, theme::text);
        addAndMakeVisible(*button);
        toggleAttachments_.push_back(
            std::make_unique<juce::AudioProcessorValueTreeState::ButtonAttachment>(apvts_, id, *button));
        toggles_.push_back(std::move(button));
    }
    for (auto* s : { &window_, &interval_ })
    {
        s->setSliderStyle(juce::Slider::LinearHorizontal);
        s->setTextBoxStyle(juce::Slider::TextBoxRight, false, 60, 20);
        addAndMakeVisible(s);
    }
    windowAttachment_ =
        std::make_unique<juce::AudioProcessorValueTreeState::SliderAttachment>(apvts_, paramId::window, window_);
    intervalAttachment_ =
        std::make_unique<juce::AudioProcessorValueTreeState::SliderAttachment>(apvts_, paramId::interval, interval_);

    apvts_.state.addListener(this);
    refresh();
}

SettingsPanel::~SettingsPanel()
{
    apvts_.state.removeListener(this);
}

void SettingsPanel::refresh()
{
    targets_.setText(apvts_.state.getProperty(stateProp::oscTargets).toString(), false);
    prefix_.setText(apvts_.state.getProperty(stateProp::oscPrefix).toString(), false);
    wled_.setText(apvts_.state.getProperty(stateProp::wledTargets).toString(), false);
}

void SettingsPanel::enterTargets(const juce::String& text)
{
    juce::StringArray rejected;
    const auto targets = parseTargetList(text, &rejected);
    if (!targets.empty())
        apvts_.state.setProperty(stateProp::oscTargets, formatTargetList(targets), nullptr);
    if (!rejected.isEmpty())
        error_.setText("not HOST:PORT: " + rejected.joinIntoString(", "), juce::dontSendNotification);
    else if (targets.empty())
        error_.setText("at least one HOST:PORT target is needed", juce::dontSendNotification);
    else
        error_.setText({}, juce::dontSendNotification);
    refresh();
}

void SettingsPanel::enterPrefix(const juce::String& text)
{
    const auto prefix = text.trim();
    if (isValidPrefix(prefix))
    {
        apvts_.state.setProperty(stateProp::oscPrefix, prefix, nullptr);
        error_.setText({}, juce::dontSendNotification);
    }
    else
        error_.setText("prefix must start with '/' and contain no spaces or OSC pattern characters",
                       juce::dontSendNotification);
    refresh();
}

void SettingsPanel::enterWledTargets(const juce::String& text)
{
    juce::StringArray rejected;
    const auto targets = parseWledTargetList(text, &rejected);
    if (!targets.empty())
        apvts_.state.setProperty(stateProp::wledTargets, formatWledTargetList(targets), nullptr);
    if (!rejected.isEmpty())
        error_.setText("not HOST or HOST:PORT: " + rejected.joinIntoString(", "), juce::dontSendNotification);
    else if (targets.empty())
        error_.setText("at least one WLED target is needed (239.0.0.1 for multicast)", juce::dontSendNotification);
    else
        error_.setText({}, juce::dontSendNotification);
    refresh();
}

void SettingsPanel::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    g.setColour(theme::text);
    g.setFont(juce::Font(13.0f, juce::Font::bold));
    g.drawText("Settings (saved with the session)", getLocalBounds().reduced(10, 6).removeFromTop(18),
               juce::Justification::centredLeft);
}

void SettingsPanel::resized()
{
    auto area = getLocalBounds().reduced(10, 6);
    area.removeFromTop(24);
    const int rowH = 26;
    targetsLabel_.setBounds(area.removeFromTop(rowH - 6));
    targets_.setBounds(area.removeFromTop(rowH).reduced(0, 2));
    // the OSC prefix and the WLED targets side by side
    auto labels = area.removeFromTop(rowH - 6);
    auto fields = area.removeFromTop(rowH);
    const int prefixWidth = labels.getWidth() * 2 / 5;
    prefixLabel_.setBounds(labels.removeFromLeft(prefixWidth));
    prefix_.setBounds(fields.removeFromLeft(prefixWidth).reduced(0, 2));
    labels.removeFromLeft(8);
    fields.removeFromLeft(8);
    wledLabel_.setBounds(labels);
    wled_.setBounds(fields.reduced(0, 2));
    error_.setBounds(area.removeFromTop(rowH - 6));
    // Two columns of switches.
    for (std::size_t i = 0; i < toggles_.size(); i += 2)
    {
        auto row = area.removeFromTop(rowH - 4);
        toggles_[i]->setBounds(row.removeFromLeft(row.getWidth() / 2));
        if (i + 1 < toggles_.size())
            toggles_[i + 1]->setBounds(row);
    }
    area.removeFromTop(6);
    for (auto [label, slider] : { std::pair { &windowLabel_, &window_ }, std::pair { &intervalLabel_, &interval_ } })
    {
        auto row = area.removeFromTop(rowH);
        label->setBounds(row.removeFromLeft(90));
        slider->setBounds(row);
    }
}

} // namespace moodscope
