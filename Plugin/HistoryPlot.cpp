// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryPlot.h"

#include "Theme.h"

namespace moodscope {

namespace {
constexpr Mood kSeries[] = { Mood::Energy, Mood::Valence, Mood::Arousal };
const juce::Colour kSeriesColours[] = { juce::Colour(0xffff7043), juce::Colour(0xffffd54f), juce::Colour(0xff4fc3f7) };
} // namespace

HistoryPlot::HistoryPlot() : points_(kCapacity) {}

void HistoryPlot::add(const SlowSnapshot& s)
{
    // A re-prepared engine starts its clock again: the old curve no longer lines up.
    if (count_ > 0 && s.time < at(count_ - 1).time)
        clear();
    Point p;
    p.time = s.time;
    for (int k = 0; k < 3; ++k)
    {
        p.valid[k] = !s.warmingUp && s.has(kSeries[k]);
        p.value[k] = p.valid[k] ? juce::jlimit(0.0f, 1.0f, s.get(kSeries[k])) : 0.0f;
    }
    points_[head_] = p;
    head_ = (head_ + 1) % kCapacity;
    count_ = juce::jmin(count_ + 1, kCapacity);
    repaint();
}

void HistoryPlot::clear()
{
    head_ = count_ = 0;
    repaint();
}

void HistoryPlot::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    auto area = getLocalBounds().reduced(10, 6);
    auto titleRow = area.removeFromTop(18);
    g.setColour(theme::text);
    g.setFont(juce::Font(13.0f, juce::Font::bold));
    g.drawText("History (5 min)", titleRow, juce::Justification::centredLeft);
    g.setFont(12.0f);
    auto legend = titleRow.removeFromRight(240);
    for (int k = 0; k < 3; ++k)
    {
        auto item = legend.removeFromLeft(80);
        g.setColour(kSeriesColours[k]);
        g.fillRect(item.removeFromLeft(12).withSizeKeepingCentre(10, 3));
        g.drawText(juce::String(std::string(moodName(kSeries[k]))), item.withTrimmedLeft(4),
                   juce::Justification::centredLeft);
    }

    const auto plot = area.reduced(0, 4).toFloat();
    g.setColour(theme::track);
    for (float f : { 0.0f, 0.25f, 0.5f, 0.75f, 1.0f })
        g.drawHorizontalLine(juce::roundToInt(plot.getBottom() - f * plot.getHeight()), plot.getX(), plot.getRight());
    for (int minute = 1; minute < 5; ++minute)
        g.drawVerticalLine(juce::roundToInt(plot.getRight() - plot.getWidth() * static_cast<float>(minute) / 5.0f),
                           plot.getY(), plot.getBottom());

    bool anyValid = false;
    for (std::size_t i = 0; i < count_; ++i)
        anyValid = anyValid || at(i).valid[0] || at(i).valid[1] || at(i).valid[2];
    if (!anyValid)
    {
        g.setColour(theme::dimText);
        g.drawText(count_ == 0 ? "waiting for the first update" : "no mood values in the snapshots yet",
                   plot.toNearestInt(), juce::Justification::centred);
        return;
    }
    const double newest = at(count_ - 1).time;
    const auto x = [&](double t) {
        return plot.getRight() - static_cast<float>((newest - t) / kSpanSeconds) * plot.getWidth();
    };
    const auto y = [&](float v) { return plot.getBottom() - v * plot.getHeight(); };
    for (int k = 0; k < 3; ++k)
    {
        juce::Path path;
        bool drawing = false;
        for (std::size_t i = 0; i < count_; ++i)
        {
            const auto& p = at(i);
            if (!p.valid[k] || newest - p.time > kSpanSeconds)
            {
                drawing = false;
                continue;
            }
            if (drawing)
                path.lineTo(x(p.time), y(p.value[k]));
            else
                path.startNewSubPath(x(p.time), y(p.value[k]));
            drawing = true;
        }
        g.setColour(kSeriesColours[k]);
        g.strokePath(path, juce::PathStrokeType(2.0f, juce::PathStrokeType::curved, juce::PathStrokeType::rounded));
    }
}

} // namespace moodscope
