// SPDX-License-Identifier: GPL-3.0-or-later
#include "FingerprintPanel.h"

#include "Theme.h"

namespace moodscope {

namespace {
juce::String number(float v, int decimals)
{
    return juce::String(v, decimals);
}
} // namespace

int groupOf(Dim d) noexcept
{
    return static_cast<int>(dimInfo(d).group);
}

const char* groupName(int group) noexcept
{
    return dimGroupName(static_cast<DimGroup>(juce::jlimit(0, FingerprintPanel::kNumGroups - 1, group))).data();
}

DimDisplay displayOf(Dim d, float v)
{
    const auto& info = dimInfo(d);
    juce::String text = number(v * info.displayFactor, info.displayDecimals);
    if (!info.unit.empty())
        text += " " + juce::String(info.unit.data(), info.unit.size());
    if (info.signedText && v > 0.0f)
        text = "+" + text;
    return { (v - info.displayMin) / (info.displayMax - info.displayMin), text, info.bipolar };
}

FingerprintPanel::FingerprintPanel()
{
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto d = static_cast<Dim>(i);
        auto name = juce::String(std::string(dimName(d))).replace("_", " ");
        auto bar = std::make_unique<MeterBar>(name, theme::groupColour(groupOf(d)));
        bar->setBipolar(displayOf(d, 0.0f).bipolar);
        bar->setLabelWidth(150);
        addAndMakeVisible(*bar);
        bars_[static_cast<std::size_t>(i)] = std::move(bar);
    }
}

void FingerprintPanel::update(const SlowSnapshot& s)
{
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto d = static_cast<Dim>(i);
        auto& bar = *bars_[static_cast<std::size_t>(i)];
        if (s.warmingUp || !s.has(d))
            bar.setInvalid();
        else
        {
            const auto shown = displayOf(d, s.get(d));
            bar.setValue(shown.fraction, shown.text);
        }
    }
}

void FingerprintPanel::clear()
{
    for (auto& bar : bars_)
        bar->setInvalid();
}

void FingerprintPanel::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    for (int gi = 0; gi < kNumGroups; ++gi)
    {
        const auto r = titles_[static_cast<std::size_t>(gi)];
        g.setColour(theme::groupColour(gi));
        g.fillRect(r.withWidth(3).reduced(0, 3));
        g.setFont(juce::Font(13.0f, juce::Font::bold));
        g.drawText(juce::String(groupName(gi)) + " (" + juce::String(dimGroupSize(static_cast<DimGroup>(gi))) + ")",
                   r.withTrimmedLeft(8), juce::Justification::centredLeft);
    }
}

void FingerprintPanel::resized()
{
    // Two columns: frequency, dynamics, temporal | spectral, harmonic, variation, stereo.
    auto area = getLocalBounds().reduced(8);
    const int columnGap = 12;
    const auto left = area.removeFromLeft((area.getWidth() - columnGap) / 2);
    area.removeFromLeft(columnGap);
    juce::Rectangle<int> columns[] = { left, area };
    constexpr int kLeftGroups = 3;
    int rows[2] {}; // a title and the bars of each group
    for (int gi = 0; gi < kNumGroups; ++gi)
        rows[gi < kLeftGroups ? 0 : 1] += 1 + dimGroupSize(static_cast<DimGroup>(gi));
    const int rowH = juce::jmax(12, left.getHeight() / juce::jmax(rows[0], rows[1]));

    int dim = 0;
    for (int gi = 0; gi < kNumGroups; ++gi)
    {
        auto& column = columns[gi < kLeftGroups ? 0 : 1];
        titles_[static_cast<std::size_t>(gi)] = column.removeFromTop(rowH);
        for (int k = 0; k < dimGroupSize(static_cast<DimGroup>(gi)); ++k, ++dim)
            bars_[static_cast<std::size_t>(dim)]->setBounds(column.removeFromTop(rowH));
    }
}

} // namespace moodscope
