// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>

namespace moodscope {

// Wall time of the last slow update per fingerprint group, in microseconds, for the
// benchmark's per-group breakdown (SPEC §9). Reading the clock is a vDSO call: cheap, no
// system call, and only on the analysis thread.
struct GroupTimings
{
    double window = 0.0; // copying the window out of the ring and the mono downmix
    double gather = 0.0; // per-hop frames into columns
    double frequency = 0.0;
    double dynamics = 0.0; // crest, loudness gating
    double temporal = 0.0; // tempo, beats, transients, silence
    double spectral = 0.0;
    double harmonic = 0.0;
    double variation = 0.0;
    double stereo = 0.0;
    double mood = 0.0; // SPEC §5.1 mood features (aggregation only)
    double total = 0.0;
};

// Adds the time since the previous lap to a field.
class Lap
{
  public:
    Lap() noexcept : last_(std::chrono::steady_clock::now()) {}
    void to(double& field) noexcept
    {
        const auto now = std::chrono::steady_clock::now();
        field += std::chrono::duration<double, std::micro>(now - last_).count();
        last_ = now;
    }

  private:
    std::chrono::steady_clock::time_point last_;
};

} // namespace moodscope
