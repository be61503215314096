// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>

namespace moodscope {

// Maps the analysis clock (FastFrame::time, seconds of audio since the engine was prepared) to
// the Link clock (microseconds, the host clock Link's session timeline is expressed in).
// Every frame is seen by the sender thread some time after the audio of its hop's end was
// captured, never before; so (arrival - audio time) over recent frames is smallest for the frame
// that waited least, and that minimum is the offset, late only by the shortest pipeline delay
// (the analysis and sender polls: a few ms). Minima are kept per second for kSeconds, so the
// map follows a restarted engine or a drifting audio clock within that time.
class LinkTimeMap // sender thread
{
  public:
    static constexpr int kSeconds = 4;

    void reset() noexcept;
    // A frame of audio time `audioSeconds` reached the sender at Link time `arrivalMicros`.
    void observe(double audioSeconds, std::int64_t arrivalMicros) noexcept;
    bool valid() const noexcept { return valid_; }
    // Link time of an audio time (valid() first).
    std::int64_t linkMicros(double audioSeconds) const noexcept;

  private:
    std::array<double, kSeconds> minima_ {};
    std::int64_t bucketStart_ = 0;
    int bucket_ = 0;
    bool valid_ = false;
    double offset_ = 0.0; // microseconds: Link time at audio time 0
    double lastAudio_ = -1.0;
};

} // namespace moodscope
