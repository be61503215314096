// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/HopEvents.h"

#include "mood/MoodMath.h"

#include <cmath>

namespace moodscope {

void HopEventDetector::prepare(double hopSeconds) noexcept
{
    hop_ = static_cast<float>(std::isfinite(hopSeconds) && hopSeconds > 0.0 ? hopSeconds : 0.0116);
    alpha_ = onePoleAlpha(hop_, kAverageSeconds);
    reset();
}

void HopEventDetector::reset() noexcept
{
    average_ = -70.0f;
    quietFor_ = soundFor_ = jumpFor_ = refractory_ = 0.0f;
    silent_ = true;
    hadSound_ = false;
}

std::uint32_t HopEventDetector::process(float momentaryLufs) noexcept
{
    const float m = clampFinite(momentaryLufs, -70.0f, 30.0f, -70.0f);
    std::uint32_t events = 0;

    if (m <= kSilenceLufs)
    {
        quietFor_ += hop_;
        if (!silent_ && quietFor_ >= kSilenceSeconds)
        {
            silent_ = true;
            soundFor_ = 0.0f;
            if (hadSound_)
                events |= eventBit(MoodEvent::Silence);
        }
    }
    else
    {
        quietFor_ = 0.0f;
        if (m > kSoundLufs)
        {
            silent_ = false;
            hadSound_ = true;
        }
    }

    refractory_ = refractory_ > 0.0f ? refractory_ - hop_ : 0.0f;
    if (silent_ || soundFor_ < kSettleSeconds)
    {
        soundFor_ = silent_ ? 0.0f : soundFor_ + hop_;
        average_ = m;
        jumpFor_ = 0.0f;
        return events;
    }
    // the jump is measured against the average before this hop joins it
    const bool jump = m >= kDropMinLufs && m - average_ >= kDropJumpLu;
    jumpFor_ = jump ? jumpFor_ + hop_ : 0.0f;
    if (jumpFor_ >= kDropConfirmSeconds && refractory_ <= 0.0f)
    {
        events |= eventBit(MoodEvent::Drop);
        refractory_ = kDropRefractorySeconds;
    }
    average_ += alpha_ * (m - average_);
    return events;
}

} // namespace moodscope
