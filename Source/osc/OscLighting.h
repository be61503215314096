// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscAddressSpace.h"
#include "osc/OscBandAgc.h"
#include "osc/OscLightingTable.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace moodscope {

// Which address groups a bundle may carry (OscSettings' channel switches).
struct LightChannels
{
    bool fast = true, slow = true, perDimension = true, events = true;
    bool on(LightChannel c) const noexcept;
};

// The lighting profile of the OSC stream (docs/OSC.md "Lighting profile"): every address one
// float in 0..1, pulses that fall back to 0, bands with automatic gain, zeros in silence.
// Watches every analysis frame and snapshot (pulses, gain and the silence gate need them all,
// not only those the rate limit sends) and writes the current values into a bundle. Time is
// the analysis time the frames carry, so what it sends depends on the audio alone.
class OscLighting // sender thread
{
  public:
    // prefix: as typed; normalized like OscAddressSpace's.
    explicit OscLighting(const std::string& prefix);

    const std::string& prefix() const noexcept { return prefix_; }

    void observe(const FastFrame& f) noexcept;
    void observe(const SlowSnapshot& s) noexcept;

    // A pulse began that no bundle carried yet: its bundle should leave at once.
    bool pulseWaiting() const noexcept { return pulseWaiting_; }
    // True once each time the input has gone silent: then every address should be sent as 0.
    bool takeSilenceStart() noexcept;
    bool silent() const noexcept { return silent_; }

    // The fast addresses (fast channel) and the pulses that are 1 or just fell back to 0.
    void addFast(OscBundle& b, LightChannels channels);
    // The slow addresses of the last snapshot (0 while silent).
    void addSlow(OscBundle& b, LightChannels channels) const;
    // Every address of the channels as 0; pulses and envelopes end, the band gain stays.
    void addZeros(OscBundle& b, LightChannels channels);

    // 0..1 of v on lo..hi, clamped; NaN reads 0.
    static float to01(float v, float lo, float hi) noexcept;

  private:
    // 1 for the hold after a trigger, then 0 (sent twice); a trigger during the hold is part
    // of the same pulse, one after it starts a new pulse once the 0 has gone out.
    struct Pulse
    {
        bool high = false, sent = false, again = false, restart = false;
        double until = 0.0;
        int zerosLeft = 0;
        void trigger(double t) noexcept;
        // The value to send now, or -1 for none.
        float next(double now) noexcept;
        void clear() noexcept { *this = Pulse {}; }
    };

    std::size_t at(LightSignal s, int i = 0) const noexcept
    {
        return base_[static_cast<std::size_t>(s)] + static_cast<std::size_t>(i);
    }
    void add(OscBundle& b, std::size_t address, float v) const;
    void trigger(LightSignal s, int i, double t) noexcept;
    float envelope(double since) const noexcept;
    void clearPulses() noexcept;

    std::string prefix_;
    std::vector<LightAddress> addresses_;
    std::array<std::size_t, kNumLightSignals> base_ {};
    std::vector<Pulse> pulses_;              // one per address (only pulse addresses use theirs)
    std::vector<float> slowValues_;          // one per address, 0..1
    std::vector<bool> slowValid_;            // one per address
    std::array<double, 3> envelopeSince_ {}; // beat, downbeat, onset; < 0: none yet

    std::array<OscBandAgc, 4> agc_;
    std::array<float, 4> bands_ {};
    FastFrame last_ {};
    double now_ = 0.0;
    bool started_ = false;
    bool quiet_ = false, silent_ = false, silenceStarted_ = false;
    double quietSince_ = 0.0;
    bool pulseWaiting_ = false;
    int lastState_ = -1, lastQuadrant_ = -1;
};

} // namespace moodscope
