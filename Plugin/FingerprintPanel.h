// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MeterBar.h"
#include "model/SlowSnapshot.h"

#include <array>
#include <memory>

namespace moodscope {

// The 25 dimensions as bars in their SPEC §4 groups (frequency 7, dynamics 3, temporal 4,
// spectral 3, harmonic 3, variation 3, stereo 2), each scaled to its documented range.
class FingerprintPanel final : public juce::Component // message thread
{
  public:
    static constexpr int kNumGroups = 7;
    static constexpr std::array<int, kNumGroups> kGroupSizes { 7, 3, 4, 3, 3, 3, 2 };

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
