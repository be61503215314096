// SPDX-License-Identifier: GPL-3.0-or-later
#include "PluginEditor.h"

#include "Theme.h"

namespace moodscope {

MoodscopeEditor::MoodscopeEditor(MoodscopeProcessor& owner)
    : AudioProcessorEditor(owner), processor_(owner), fastSub_(owner.engine().fastOutput().subscribe()),
      slowSub_(owner.engine().slowOutput().subscribe()), settings_(owner.parameters())
{
    for (auto* c : std::initializer_list<juce::Component*> { &header_, &mood_, &loudness_, &history_, &fingerprint_,
                                                             &status_, &settingsButton_ })
        addAndMakeVisible(c);
    addChildComponent(settings_);
    settingsButton_.setClickingTogglesState(true);
    settingsButton_.onClick = [this] { showSettings(settingsButton_.getToggleState()); };

    setResizable(true, true);
    setResizeLimits(760, 480, 2400, 1600);
    setSize(kDefaultWidth, kDefaultHeight);
    poll();
    startTimerHz(30);
}

MoodscopeEditor::~MoodscopeEditor()
{
    stopTimer();
}

void MoodscopeEditor::showSettings(bool show)
{
    settingsButton_.setToggleState(show, juce::dontSendNotification);
    settings_.setVisible(show);
    fingerprint_.setVisible(!show);
}

void MoodscopeEditor::poll()
{
    // Every queued frame is looked at so that no beat between two repaints is missed; only
    // the newest one is drawn.
    FastFrame f;
    bool newFast = false, beat = false;
    while (fastSub_.pop(f))
    {
        newFast = true;
        beat = beat || f.beat || f.hostBeat;
        ++fastSeen_;
    }
    if (newFast)
    {
        header_.updateFast(f, beat);
        loudness_.updateFast(f);
    }
    SlowSnapshot s;
    while (slowSub_.pop(s))
    {
        slow_ = s;
        haveSlow_ = true;
        ++slowSeen_;
        history_.add(s);
        header_.updateSlow(s);
        mood_.update(s);
        loudness_.updateSlow(s);
        fingerprint_.update(s);
    }
    header_.tick();

    if (tick_++ % 6 == 0) // status at 5 Hz: the OSC stats are a copy under the sender's lock
    {
        const auto e = processor_.engineStatus();
        const auto oscEnabled = processor_.parameters().getRawParameterValue(paramId::oscEnabled)->load() >= 0.5f;
        auto stats = processor_.osc().stats();
        if (stats.targets.empty()) // the sender has not reported yet: show what it was given
            for (const auto& t : processor_.settings().osc.targets)
            {
                OscTargetStatus status;
                status.target = t;
                stats.targets.push_back(status);
            }
        auto wled = processor_.wled().stats();
        if (wled.targets.empty())
            for (const auto& t : processor_.settings().wled.targets)
                wled.targets.push_back(WledTargetStatus { t, 0, 0, true, {} });
        status_.setLink(processor_.parameters().getRawParameterValue(paramId::linkEnabled)->load() >= 0.5f,
                        processor_.link().status());
        status_.setWled(processor_.parameters().getRawParameterValue(paramId::wledEnabled)->load() >= 0.5f, wled);
        status_.update(oscEnabled, stats,
                       StatusBar::Engine { e.overrunEvents, e.droppedFrames, e.sampleRate, e.running },
                       haveSlow_ ? &slow_ : nullptr);
    }
}

void MoodscopeEditor::paint(juce::Graphics& g)
{
    g.fillAll(theme::background);
}

void MoodscopeEditor::resized()
{
    auto area = getLocalBounds().reduced(8);
    const int gap = 8;
    auto top = area.removeFromTop(64);
    settingsButton_.setBounds(top.removeFromRight(90).reduced(4, 14));
    top.removeFromRight(gap);
    header_.setBounds(top);
    area.removeFromTop(gap);
    status_.setBounds(area.removeFromBottom(28));
    area.removeFromBottom(gap);

    auto left = area.removeFromLeft(area.getWidth() * 38 / 100);
    area.removeFromLeft(gap);
    mood_.setBounds(left.removeFromTop((left.getHeight() - gap) / 2));
    left.removeFromTop(gap);
    loudness_.setBounds(left);

    auto upper = area.removeFromTop(area.getHeight() * 60 / 100);
    fingerprint_.setBounds(upper);
    settings_.setBounds(upper);
    area.removeFromTop(gap);
    history_.setBounds(area);
}

} // namespace moodscope
