// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MeterBar.h"
#include "model/SlowSnapshot.h"

#include <array>
#include <memory>

namespace moodscope {

// The 25 dimensions as bars in their SPEC §4 groups, each scaled to its display range (all
// from the dimension table, model/Dimensions.h).
class FingerprintPanel final : public juce::Component // message thread
{
  public:
    static constexpr int kNumGroups = kNumDimGroups;

    FingerprintPanel();
    void update(const SlowSnapshot& snapshot);
    void clear();

    const MeterBar& bar(Dim d) const { return *bars_[static_cast<std::size_t>(d)]; }

    void paint(juce::Graphics& g) override;
    void resized() override;

  private:
    std::array<std::unique_ptr<MeterBar>, kNumDims> bars_;
    std::array<juce::Rectangle<int>, kNumGroups> titles_;
};

// How one dimension is shown: its position on a bar and its text with the unit.
struct DimDisplay
{
    float fraction = 0.0f;
    juce::String text;
    bool bipolar = false;
};
DimDisplay displayOf(Dim d, float value);
int groupOf(Dim d) noexcept;
const char* groupName(int group) noexcept;

} // namespace moodscope
