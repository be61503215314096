// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoudnessPanel.h"

#include "Theme.h"

namespace moodscope {

namespace {
constexpr float kFloorLufs = -60.0f; // bar scale; the engine's floor is -70

void showLufs(MeterBar& bar, float lufs)
{
    bar.setValue((lufs - kFloorLufs) / -kFloorLufs, lufs <= -69.9f ? juce::String("-inf") : juce::String(lufs, 1));
}
} // namespace

LoudnessPanel::LoudnessPanel()
    : momentary_("Momentary LUFS", theme::accent), shortTerm_("Short-term LUFS", theme::accent),
      integrated_("Integrated LUFS", juce::Colour(0xff29b6f6)), rms_("RMS dBFS", theme::good),
      peak_("Peak dBFS", theme::warn), bands_ { MeterBar("Beat <100 Hz", juce::Colour(0xffef5350)),
                                                MeterBar("Bass", juce::Colour(0xffff7043)),
                                                MeterBar("Mids", juce::Colour(0xffffca28)),
                                                MeterBar("High", juce::Colour(0xff42a5f5)) }
{
    for (auto* c : { &momentary_, &shortTerm_, &integrated_, &rms_, &peak_ })
        addAndMakeVisible(c);
    for (auto& b : bands_)
        addAndMakeVisible(b);
}

void LoudnessPanel::updateFast(const FastFrame& f)
{
    showLufs(momentary_, f.momentaryLufs);
    showLufs(shortTerm_, f.shortTermLufs);
    rms_.setValue(f.rms01, juce::String(f.rmsDb, 1));
    peak_.setValue(f.peak01, juce::String(f.peakDb, 1));
    for (std::size_t b = 0; b < bands_.size(); ++b)
        bands_[b].setValue(f.bands[b], juce::String(f.bands[b], 2));
}

void LoudnessPanel::updateSlow(const SlowSnapshot& s)
{
    if (s.warmingUp || !s.has(Dim::Lufs))
        integrated_.setInvalid();
    else
        showLufs(integrated_, s.get(Dim::Lufs));
}

void LoudnessPanel::clear()
{
    for (auto* c : { &momentary_, &shortTerm_, &integrated_, &rms_, &peak_ })
        c->setInvalid();
    for (auto& b : bands_)
        b.setInvalid();
}

void LoudnessPanel::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    g.setColour(theme::text);
    g.setFont(juce::Font(13.0f, juce::Font::bold));
    g.drawText("Loudness and level", getLocalBounds().reduced(10, 6).removeFromTop(18),
               juce::Justification::centredLeft);
}

void LoudnessPanel::resized()
{
    auto area = getLocalBounds().reduced(10, 6);
    area.removeFromTop(20);
    const int rowH = juce::jmax(12, area.getHeight() / 9);
    for (auto* c : { &momentary_, &shortTerm_, &integrated_, &rms_, &peak_ })
        c->setBounds(area.removeFromTop(rowH));
    for (auto& b : bands_)
        b.setBounds(area.removeFromTop(rowH));
}

} // namespace moodscope
