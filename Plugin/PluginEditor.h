// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PluginProcessor.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace moodscope {

// Reads the engine's published results through its own subscriptions at 30 fps; never
// touches anything the audio thread uses.
class MoodscopeEditor final : public juce::AudioProcessorEditor, private juce::Timer // message thread
{
  public:
    explicit MoodscopeEditor(MoodscopeProcessor& processor);
    ~MoodscopeEditor() override;

    void paint(juce::Graphics& g) override;

  private:
    void timerCallback() override;

    MoodscopeProcessor& processor_;
    Fanout<FastFrame>::Subscription fastSub_;
    Fanout<SlowSnapshot>::Subscription slowSub_;
    FastFrame fast_;
    SlowSnapshot slow_;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(MoodscopeEditor)
};

} // namespace moodscope
