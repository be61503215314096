// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/FastFrame.h"
#include "wled/WledPacket.h"

#include <array>

namespace moodscope {

// Turns the engine's per-hop levels and GEQ readings into the values an ESP32 running WLED's
// audioreactive usermod would send with its AGC on ("normal" preset), its dynamics limiter on and
// square-root GEQ scaling (its defaults), so WLED's effects look as they do with a microphone.
// The formulas and constants are WLED's (usermods/audioreactive/audio_reactive.h: getSample,
// agcAvg, postProcessFFTResults); docs/WLED.md has the mapping.
class WledScaler // sender thread
{
  public:
    // 0 dBFS peak in WLED's microphone sample units: a line-level mix then lands where WLED's
    // AGC (gain 1/64..32) can bring it to its set points, and -60 dBFS is WLED's squelch (2).
    static constexpr float kUnitsAtFullScale = 2048.0f;
    static constexpr float kSquelch = 2.0f;

    void reset() noexcept;

    // frame: the newest analysis hop; peak: a beat or onset since the last call; seconds: time
    // since the last call (WLED's filters are defined per 2 ms loop and per 21 ms FFT cycle).
    WledAudioSync next(const FastFrame& frame, bool peak, double seconds) noexcept;

    float gain() const noexcept { return multAgc_; }

  private:
    float multAgc_ = 1.0f, sampleMax_ = 0.0f, rawSampleAgc_ = 0.0f, sampleAgc_ = 0.0f;
    std::array<float, 16> fftCalc_ {}, fftAvg_ {};
};

} // namespace moodscope
