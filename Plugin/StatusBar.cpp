// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusBar.h"

#include "Theme.h"

namespace moodscope {

void StatusBar::setWled(bool enabled, const WledStats& wled)
{
    wledText_.clear();
    wledWarn_ = false;
    if (!enabled)
        return;
    juce::StringArray targets;
    for (const auto& t : wled.targets)
    {
        targets.add(juce::String(describeWledTarget(t.target)) + (t.reachable ? "" : " (unreachable)"));
        wledWarn_ = wledWarn_ || !t.reachable;
    }
    wledText_ << "WLED " << juce::String(juce::CharPointer_UTF8("\xe2\x86\x92 ")) << targets.joinIntoString(", ")
              << "   " << juce::String(wled.packetsPerSecond, 0) << " pkt/s";
}

void StatusBar::setLink(bool enabled, const LinkStatus& link)
{
    linkText_.clear();
    if (!enabled)
        return;
    linkText_ << "Link " << juce::String(static_cast<int>(link.peers)) << (link.peers == 1 ? " peer" : " peers");
    if (link.sessionBpm > 0.0)
        linkText_ << "   " << juce::String(link.sessionBpm, 1) << " BPM" << (link.leading ? " (leading)" : "");
}

void StatusBar::update(bool oscEnabled, const OscStats& osc, const Engine& engine, const SlowSnapshot* latest)
{
    juce::String o;
    juce::Colour oc = theme::good;
    if (!oscEnabled)
    {
        o = "OSC off";
        oc = theme::dimText;
    }
    else
    {
        juce::StringArray targets;
        for (const auto& t : osc.targets)
        {
            targets.add(juce::String(t.target.host) + ":" + juce::String(t.target.port) +
                        (t.reachable ? "" : " (unreachable)"));
            if (!t.reachable)
                oc = theme::warn;
        }
        o << "OSC " << juce::String(juce::CharPointer_UTF8("\xe2\x86\x92 ")) << targets.joinIntoString(", ") << "   "
          << juce::String(osc.messagesPerSecond, 0) << " msg/s   " << juce::String(osc.messagesSent) << " sent   "
          << juce::String(osc.errors) << " errors";
        if (osc.errors > 0)
            oc = theme::warn;
    }
    if (wledText_.isNotEmpty())
    {
        o << "   |   " << wledText_;
        if (wledWarn_)
            oc = theme::warn;
    }
    if (linkText_.isNotEmpty())
        o << "   |   " << linkText_;

    juce::String e;
    if (!engine.running)
        e << "engine stopped   ";
    else
        e << juce::String(engine.sampleRate / 1000.0, 1) << " kHz   ";
    if (latest != nullptr)
        e << (latest->warmingUp ? "warming up " : "window ") << juce::roundToInt(latest->windowFill * 100.0f)
          << " %   ";
    e << "overruns " << juce::String(engine.overrunEvents) << " (" << juce::String(engine.droppedFrames) << " frames)";
    const auto ec = engine.overrunEvents > 0 ? theme::warn : theme::dimText;

    if (o != oscText_ || e != engineText_ || oc != oscColour_ || ec != engineColour_)
    {
        oscText_ = o;
        engineText_ = e;
        oscColour_ = oc;
        engineColour_ = ec;
        repaint();
    }
}

void StatusBar::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    auto area = getLocalBounds().reduced(10, 2);
    g.setFont(13.0f);
    auto right = area.removeFromRight(area.getWidth() * 2 / 5);
    g.setColour(oscColour_);
    g.fillEllipse(area.removeFromLeft(10).withSizeKeepingCentre(8, 8).toFloat());
    area.removeFromLeft(6);
    g.setColour(theme::text);
    g.drawText(oscText_, area, juce::Justification::centredLeft, true);
    g.setColour(engineColour_);
    g.drawText(engineText_, right, juce::Justification::centredRight, true);
}

} // namespace moodscope
