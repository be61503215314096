// SPDX-License-Identifier: GPL-3.0-or-later
#include "MoodPanel.h"

#include "Theme.h"

namespace moodscope {

MoodPanel::MoodPanel()
{
    for (int i = 0; i < kNumMoods; ++i)
    {
        const auto name = juce::String(std::string(moodName(static_cast<Mood>(i)))).replace("_", " ");
        const auto hue = static_cast<float>(i) / static_cast<float>(kNumMoods);
        auto bar = std::make_unique<MeterBar>(name, juce::Colour::fromHSV(hue, 0.55f, 0.95f, 1.0f));
        addAndMakeVisible(*bar);
        bars_[static_cast<std::size_t>(i)] = std::move(bar);
    }
}

void MoodPanel::update(const SlowSnapshot& s)
{
    for (int i = 0; i < kNumMoods; ++i)
    {
        const auto m = static_cast<Mood>(i);
        auto& bar = *bars_[static_cast<std::size_t>(i)];
        if (s.warmingUp || !s.has(m))
            bar.setInvalid();
        else
            bar.setValue(s.get(m), juce::String(s.get(m), 2));
    }
}

void MoodPanel::clear()
{
    for (auto& bar : bars_)
        bar->setInvalid();
}

void MoodPanel::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    g.setColour(theme::text);
    g.setFont(juce::Font(13.0f, juce::Font::bold));
    g.drawText("Mood", getLocalBounds().reduced(10, 6).removeFromTop(18), juce::Justification::centredLeft);
}

void MoodPanel::resized()
{
    auto area = getLocalBounds().reduced(10, 6);
    area.removeFromTop(20);
    const int rowH = juce::jmax(12, area.getHeight() / kNumMoods);
    for (auto& bar : bars_)
        bar->setBounds(area.removeFromTop(rowH));
}

} // namespace moodscope
