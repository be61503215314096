// SPDX-License-Identifier: GPL-3.0-or-later
#include "HeaderBar.h"

#include "Theme.h"

namespace moodscope {

namespace {
constexpr int kEventShowTicks = 90; // ~3 s at 30 fps

juce::String str(std::string_view s)
{
    return juce::String(std::string(s)).replace("_", " ");
}
} // namespace

HeaderBar::HeaderBar()
{
    clear();
}

void HeaderBar::clear()
{
    moodText_ = stateText_ = keyText_ = bpmText_ = theme::noValue;
    eventText_.clear();
    moodColour_ = stateColour_ = theme::dimText;
    flash_ = windowBpm_ = 0.0f;
    repaint();
}

void HeaderBar::updateFast(const FastFrame& f, bool beat)
{
    juce::String bpm = theme::noValue;
    if (f.hostSynced && f.hostBpm > 0.0f)
        bpm = juce::String(f.hostBpm, 1) + " BPM (host)";
    else if (f.bpm > 0.0f)
        bpm = juce::String(f.bpm, 1) + " BPM";
    else if (windowBpm_ > 0.0f)
        bpm = juce::String(windowBpm_, 1) + " BPM (window)";
    if (beat)
        flash_ = 1.0f;
    if (bpm != bpmText_ || beat)
    {
        bpmText_ = bpm;
        repaint();
    }
}

void HeaderBar::updateSlow(const SlowSnapshot& s)
{
    const bool moodValid = !s.warmingUp && s.moodValid != 0;
    moodText_ = moodValid ? str(moodCategoryLabel(s.category)) + " / " + str(quadrantName(s.quadrant)) : theme::noValue;
    moodColour_ = moodValid ? theme::quadrantColour(s.quadrant) : theme::dimText;
    stateText_ = moodValid ? str(moodStateName(s.state)) : theme::noValue;
    stateColour_ = moodValid ? theme::stateColour(s.state) : theme::dimText;
    if (!s.warmingUp && s.featuresValid && s.features.key >= 0)
        keyText_ = str(keyName(s.features.key)) + (s.features.minor ? " minor" : " major") + "  (" +
                   juce::String(s.features.keyStrength, 2) + ")";
    else
        keyText_ = theme::noValue;
    // Without a beat tracker the tempo still shows, from the window's fingerprint.
    windowBpm_ = (!s.warmingUp && s.has(Dim::TempoBpm)) ? s.get(Dim::TempoBpm) : 0.0f;
    if (bpmText_ == theme::noValue && windowBpm_ > 0.0f)
        bpmText_ = juce::String(windowBpm_, 1) + " BPM (window)";
    for (int e = 0; e < kNumMoodEvents; ++e)
        if (s.events & eventBit(static_cast<MoodEvent>(e)))
        {
            eventText_ = str(moodEventName(static_cast<MoodEvent>(e)));
            eventAge_ = 0;
        }
    repaint();
}

void HeaderBar::tick()
{
    if (flash_ > 0.0f)
    {
        flash_ = flash_ < 0.05f ? 0.0f : flash_ * 0.8f;
        repaint();
    }
    if (eventText_.isNotEmpty() && ++eventAge_ > kEventShowTicks)
    {
        eventText_.clear();
        repaint();
    }
}

void HeaderBar::paint(juce::Graphics& g)
{
    auto area = getLocalBounds();
    g.setColour(theme::panel);
    g.fillRoundedRectangle(area.toFloat(), 6.0f);
    area.reduce(10, 6);

    g.setColour(theme::accent);
    g.setFont(juce::Font(22.0f, juce::Font::bold));
    g.drawText("Moodscope", area.removeFromLeft(130), juce::Justification::centredLeft);

    const auto caption = [&g](juce::Rectangle<int>& r, const juce::String& label) {
        g.setColour(theme::dimText);
        g.setFont(11.0f);
        g.drawText(label, r.removeFromTop(14), juce::Justification::centredLeft);
    };

    auto mood = area.removeFromLeft(juce::jmax(200, area.getWidth() * 36 / 100));
    caption(mood, "MOOD");
    g.setColour(moodColour_);
    g.fillRoundedRectangle(mood.removeFromLeft(6).reduced(0, 2).toFloat(), 2.0f);
    g.setFont(juce::Font(20.0f, juce::Font::bold));
    g.drawText(moodText_, mood.withTrimmedLeft(8), juce::Justification::centredLeft, true);

    auto state = area.removeFromLeft(juce::jmax(110, area.getWidth() / 4));
    caption(state, "STATE");
    const auto pill = state.reduced(0, 2).withWidth(juce::jmin(state.getWidth() - 8, 110)).toFloat();
    g.setColour(stateColour_.withAlpha(0.25f));
    g.fillRoundedRectangle(pill, pill.getHeight() / 2.0f);
    g.setColour(stateColour_);
    g.drawRoundedRectangle(pill, pill.getHeight() / 2.0f, 1.5f);
    g.setFont(juce::Font(17.0f, juce::Font::bold));
    g.drawText(stateText_, pill.toNearestInt(), juce::Justification::centred);

    auto key = area.removeFromLeft(juce::jmax(120, area.getWidth() / 3));
    caption(key, eventText_.isNotEmpty() ? "KEY   |   EVENT: " + eventText_.toUpperCase() : juce::String("KEY"));
    g.setColour(theme::text);
    g.setFont(juce::Font(17.0f));
    g.drawText(keyText_, key, juce::Justification::centredLeft, true);

    auto tempo = area;
    caption(tempo, "TEMPO");
    const auto light = tempo.removeFromLeft(tempo.getHeight()).reduced(3).toFloat();
    g.setColour(theme::track);
    g.fillEllipse(light);
    g.setColour(theme::bad.withAlpha(flash_));
    g.fillEllipse(light);
    g.setColour(theme::text);
    g.setFont(juce::Font(17.0f));
    g.drawText(bpmText_, tempo.withTrimmedLeft(8), juce::Justification::centredLeft, true);
}

} // namespace moodscope
