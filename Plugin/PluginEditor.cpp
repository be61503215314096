// SPDX-License-Identifier: GPL-3.0-or-later
#include "PluginEditor.h"

namespace moodscope {

MoodscopeEditor::MoodscopeEditor(MoodscopeProcessor& processor)
    : AudioProcessorEditor(processor), processor_(processor), fastSub_(processor.engine().fastOutput().subscribe()),
      slowSub_(processor.engine().slowOutput().subscribe())
{
    setResizable(true, true);
    setResizeLimits(360, 220, 1600, 1000);
    setSize(480, 280);
    startTimerHz(30);
}

MoodscopeEditor::~MoodscopeEditor()
{
    stopTimer();
}

void MoodscopeEditor::timerCallback()
{
    const bool newFast = fastSub_.latest(fast_);
    const bool newSlow = slowSub_.latest(slow_);
    if (newFast || newSlow)
        repaint();
}

void MoodscopeEditor::paint(juce::Graphics& g)
{
    g.fillAll(juce::Colour(0xff15171c));
    auto area = getLocalBounds().reduced(12);

    g.setColour(juce::Colours::white);
    g.setFont(18.0f);
    g.drawText("Moodscope", area.removeFromTop(24), juce::Justification::centredLeft);
    area.removeFromTop(8);

    const auto drawMeter = [&g](juce::Rectangle<int> r, const juce::String& label, float value01, juce::Colour c) {
        g.setColour(juce::Colours::grey);
        g.setFont(13.0f);
        g.drawText(label, r.removeFromLeft(70), juce::Justification::centredLeft);
        g.setColour(juce::Colour(0xff2a2d35));
        g.fillRect(r);
        g.setColour(c);
        g.fillRect(r.withWidth(juce::roundToInt(static_cast<float>(r.getWidth()) * juce::jlimit(0.0f, 1.0f, value01))));
    };

    const int rowH = juce::jmax(16, (area.getHeight() - 60) / 6);
    drawMeter(area.removeFromTop(rowH).reduced(0, 2), "RMS", fast_.rms01, juce::Colours::limegreen);
    drawMeter(area.removeFromTop(rowH).reduced(0, 2), "Peak", fast_.peak01, juce::Colours::orange);
    const char* bandNames[] = { "Beat", "Bass", "Mids", "High" };
    const juce::Colour bandColours[] = { juce::Colours::red, juce::Colours::orangered, juce::Colours::gold,
                                         juce::Colours::deepskyblue };
    for (std::size_t b = 0; b < 4; ++b)
        drawMeter(area.removeFromTop(rowH).reduced(0, 2), bandNames[b], fast_.bands[b], bandColours[b]);

    g.setColour(juce::Colours::lightgrey);
    g.setFont(13.0f);
    juce::String status;
    status << juce::String(fast_.rmsDb, 1) << " dBFS RMS   ";
    if (slow_.warmingUp)
        status << "warming up " << juce::roundToInt(slow_.windowFill * 100.0f) << " %";
    else
        status << "width " << juce::String(slow_.get(Dim::StereoWidth), 2) << "   corr "
               << juce::String(slow_.get(Dim::PhaseCorrelation), 2) << "   crest "
               << juce::String(slow_.get(Dim::CrestDb), 1) << " dB";
    status << "   overruns " << juce::String(static_cast<juce::int64>(fast_.droppedFrames));
    g.drawText(status, area.removeFromTop(24), juce::Justification::centredLeft);
}

} // namespace moodscope
