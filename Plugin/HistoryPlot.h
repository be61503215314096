// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <vector>

namespace moodscope {

// Energy, valence and arousal over the last few minutes of analyzed audio, one point per
// slow snapshot, scrolling from right to left. A fixed-size ring: no growth over hours.
class HistoryPlot final : public juce::Component // message thread
{
  public:
    static constexpr double kSpanSeconds = 300.0;
    static constexpr std::size_t kCapacity = 1200; // 10 min at the 0.5 s minimum interval

    HistoryPlot();
    void add(const SlowSnapshot& snapshot);
    void clear();
    std::size_t size() const noexcept { return count_; }

    void paint(juce::Graphics& g) override;

  private:
    struct Point
    {
        double time = 0.0;
        float value[3] {};
        bool valid[3] {};
    };
    const Point& at(std::size_t i) const { return points_[(head_ + kCapacity - count_ + i) % kCapacity]; }

    std::vector<Point> points_;
    std::size_t head_ = 0, count_ = 0;
};

} // namespace moodscope
