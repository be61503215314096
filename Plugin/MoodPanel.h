// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MeterBar.h"
#include "model/SlowSnapshot.h"

#include <array>
#include <memory>

namespace moodscope {

// One meter per SPEC §5.2 mood metric; metrics the snapshot does not carry show a dash.
class MoodPanel final : public juce::Component // message thread
{
  public:
    MoodPanel();
    void update(const SlowSnapshot& snapshot);
    void clear();
    const MeterBar& bar(Mood m) const { return *bars_[static_cast<std::size_t>(m)]; }

    void paint(juce::Graphics& g) override;
    void resized() override;

  private:
    std::array<std::unique_ptr<MeterBar>, kNumMoods> bars_;
};

} // namespace moodscope
