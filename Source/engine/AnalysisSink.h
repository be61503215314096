// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

namespace moodscope {

// Where the analyzer's results go. Called on the analysis thread; must not block.
class AnalysisSink
{
  public:
    virtual ~AnalysisSink() = default;
    virtual void onFast(const FastFrame& frame) noexcept = 0;
    virtual void onSlow(const SlowSnapshot& snapshot) noexcept = 0;
};

} // namespace moodscope
