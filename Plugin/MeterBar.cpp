// SPDX-License-Identifier: GPL-3.0-or-later
#include "MeterBar.h"

#include "Theme.h"

#include <cmath>

namespace moodscope {

MeterBar::MeterBar(juce::String label, juce::Colour colour) : label_(std::move(label)), colour_(colour)
{
    setOpaque(false);
    text_ = theme::noValue;
}

void MeterBar::setValue(float fraction01, const juce::String& text)
{
    const float f = std::isfinite(fraction01) ? juce::jlimit(0.0f, 1.0f, fraction01) : 0.0f;
    if (valid_ && f == fraction_ && text == text_)
        return;
    valid_ = true;
    fraction_ = f;
    text_ = text;
    repaint();
}

void MeterBar::setInvalid()
{
    if (!valid_)
        return;
    valid_ = false;
    fraction_ = 0.0f;
    text_ = theme::noValue;
    repaint();
}

void MeterBar::paint(juce::Graphics& g)
{
    auto r = getLocalBounds();
    const float fontSize = juce::jlimit(10.0f, 14.0f, static_cast<float>(r.getHeight()) * 0.75f);
    g.setFont(fontSize);
    g.setColour(valid_ ? theme::text : theme::dimText);
    g.drawText(label_, r.removeFromLeft(labelWidth_), juce::Justification::centredLeft, true);
    const auto valueArea = r.removeFromRight(juce::jmax(52, static_cast<int>(fontSize * 4.6f)));
    g.drawText(text_, valueArea, juce::Justification::centredRight, false);

    const auto bar = r.reduced(4, juce::jmax(1, r.getHeight() / 5)).toFloat();
    g.setColour(theme::track);
    g.fillRoundedRectangle(bar, 2.0f);
    if (!valid_)
        return;
    g.setColour(colour_);
    if (bipolar_)
    {
        const float mid = bar.getCentreX();
        const float x = bar.getX() + bar.getWidth() * fraction_;
        g.fillRect(juce::Rectangle<float>::leftTopRightBottom(juce::jmin(mid, x), bar.getY(), juce::jmax(mid, x),
                                                              bar.getBottom()));
        g.setColour(theme::dimText);
        g.drawVerticalLine(juce::roundToInt(mid), bar.getY(), bar.getBottom());
    }
    else
        g.fillRoundedRectangle(bar.withWidth(juce::jmax(2.0f, bar.getWidth() * fraction_)), 2.0f);
}

} // namespace moodscope
