// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscSender.h"
#include "link/LinkLeader.h"
#include "wled/WledSender.h"
#include "model/SlowSnapshot.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace moodscope {

// The bottom line: OSC targets with their state, messages per second and errors; capture
// overruns; sample rate and how full the window is.
class StatusBar final : public juce::Component // message thread
{
  public:
    struct Engine
    {
        std::uint64_t overrunEvents = 0, droppedFrames = 0;
        double sampleRate = 0.0;
        bool running = false;
    };

    // The WLED part of the next update(); none while WLED is off.
    void setWled(bool enabled, const WledStats& wled);
    // The Link part of the next update(); none while Link is off.
    void setLink(bool enabled, const LinkStatus& link);
    void update(bool oscEnabled, const OscStats& osc, const Engine& engine, const SlowSnapshot* latest);
    const juce::String& oscText() const { return oscText_; }
    const juce::String& engineText() const { return engineText_; }

    void paint(juce::Graphics& g) override;

  private:
    juce::String wledText_, linkText_;
    bool wledWarn_ = false;
    juce::String oscText_, engineText_;
    juce::Colour oscColour_, engineColour_;
};

} // namespace moodscope
