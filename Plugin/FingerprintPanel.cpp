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
    int first = 0;
    for (int g = 0; g < FingerprintPanel::kNumGroups; ++g)
    {
        first += FingerprintPanel::kGroupSizes[static_cast<std::size_t>(g)];
        if (static_cast<int>(d) < first)
            return g;
    }
    return FingerprintPanel::kNumGroups - 1;
}

const char* groupName(int group) noexcept
{
    static const char* names[] = { "Frequency", "Dynamics", "Temporal", "Spectral", "Harmonic", "Variation", "Stereo" };
    return names[juce::jlimit(0, FingerprintPanel::kNumGroups - 1, group)];
}

DimDisplay displayOf(Dim d, float v)
{
    switch (d)
    {
    case Dim::SubBassPct:
    case Dim::BassPct:
    case Dim::LowMidPct:
    case Dim::MidPct:
    case Dim::UpperMidPct:
    case Dim::PresencePct:
    case Dim::AirPct:
        return { v, number(v * 100.0f, 1) + " %" };
    case Dim::Lufs:
        return { (v + 60.0f) / 60.0f, number(v, 1) + " LUFS" };
    case Dim::CrestDb:
        return { v / 30.0f, number(v, 1) + " dB" };
    case Dim::BassMidRatio:
        return { (v + 30.0f) / 60.0f, (v > 0.0f ? "+" : "") + number(v, 1) + " dB", true };
    case Dim::TempoBpm:
        return { (v - 40.0f) / 180.0f, number(v, 1) + " BPM" };
    case Dim::LoudnessVariationStd:
        return { v / 20.0f, number(v, 2) + " LU" };
    case Dim::PhaseCorrelation:
        return { (v + 1.0f) / 2.0f, number(v, 2), true };
    default:
        return { v, number(v, 2) };
    }
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
        g.drawText(juce::String(groupName(gi)) + " (" + juce::String(kGroupSizes[static_cast<std::size_t>(gi)]) + ")",
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
    const int rowsPerColumn = 14 + 3; // the longer column: 14 bars and 3 titles
    const int rowH = juce::jmax(12, left.getHeight() / rowsPerColumn);

    int dim = 0;
    for (int gi = 0; gi < kNumGroups; ++gi)
    {
        auto& column = columns[gi < 3 ? 0 : 1];
        titles_[static_cast<std::size_t>(gi)] = column.removeFromTop(rowH);
        for (int k = 0; k < kGroupSizes[static_cast<std::size_t>(gi)]; ++k, ++dim)
            bars_[static_cast<std::size_t>(dim)]->setBounds(column.removeFromTop(rowH));
    }
}

} // namespace moodscope
