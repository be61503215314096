// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace moodscope {

// The top line: mood label and quadrant, state, the last section event, key and mode, and
// the tempo with a light that flashes on every beat.
class HeaderBar final : public juce::Component // message thread
{
  public:
    HeaderBar();
    void updateFast(const FastFrame& frame, bool beatSinceLastUpdate);
    void updateSlow(const SlowSnapshot& snapshot);
    void clear();
    // Called at the display rate: lets the beat light decay.
    void tick();

    juce::String moodText() const { return moodText_; }
    juce::String stateText() const { return stateText_; }
    juce::String keyText() const { return keyText_; }
    juce::String bpmText() const { return bpmText_; }
    float flash() const noexcept { return flash_; }

    void paint(juce::Graphics& g) override;

  private:
    juce::String moodText_, stateText_, keyText_, bpmText_, eventText_;
    juce::Colour moodColour_, stateColour_;
    float flash_ = 0.0f, windowBpm_ = 0.0f;
    int eventAge_ = 0;
};

} // namespace moodscope
