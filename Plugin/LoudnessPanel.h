// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MeterBar.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <array>

namespace moodscope {

// Loudness (momentary and short-term from the fast frames, the window's gated integrated
// loudness from the slow snapshot), level and the four light bands.
class LoudnessPanel final : public juce::Component // message thread
{
  public:
    LoudnessPanel();
    void updateFast(const FastFrame& frame);
    void updateSlow(const SlowSnapshot& snapshot);
    void clear();

    const MeterBar& momentary() const { return momentary_; }
    const MeterBar& shortTerm() const { return shortTerm_; }
    const MeterBar& integrated() const { return integrated_; }

    void paint(juce::Graphics& g) override;
    void resized() override;

  private:
    MeterBar momentary_, shortTerm_, integrated_, rms_, peak_;
    std::array<MeterBar, 4> bands_;
};

} // namespace moodscope
