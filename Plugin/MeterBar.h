// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

namespace moodscope {

// One labelled horizontal bar: a 0..1 fill and the value as text, or a dash when the value
// was not computed. Repaints only when what it shows changes.
class MeterBar final : public juce::Component // message thread
{
  public:
    MeterBar(juce::String label, juce::Colour colour);

    void setValue(float fraction01, const juce::String& text);
    void setInvalid();
    // Bars whose zero sits in the middle (correlation, ratios in dB).
    void setBipolar(bool bipolar) { bipolar_ = bipolar; }
    void setLabelWidth(int width) { labelWidth_ = width; }

    bool isValid() const noexcept { return valid_; }
    float fraction() const noexcept { return fraction_; }
    const juce::String& valueText() const noexcept { return text_; }

    void paint(juce::Graphics& g) override;

  private:
    juce::String label_, text_;
    juce::Colour colour_;
    float fraction_ = 0.0f;
    bool valid_ = false, bipolar_ = false;
    int labelWidth_ = 118;
};

} // namespace moodscope
