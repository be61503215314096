// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Synthesized drum loops at a known tempo: kick on beats 1 and 3, snare on 2 and 4, closed
// hats on every eighth or sixteenth (quieter), with per-hit velocity variation and optional
// timing jitter.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace moodscope::test {

struct DrumLoopOptions
{
    double bpm = 120.0;
    double seconds = 10.0;
    double sampleRate = 44100.0;
    double gain = 0.5;              // overall level (kick peak before velocity)
    double velocityVariation = 0.2; // each hit's level is scaled by 1 +- this (uniform)
    double jitterSeconds = 0.0;     // each hit moves by up to +- this (uniform)
    bool hats = true;
    std::uint32_t seed = 1;
    int hatsPerBeat = 2; // hat subdivision: 2 = eighths, 4 = sixteenths
};

// Mono drum loop; the hit times are exactly k * 60 / bpm (before jitter).
inline std::vector<float> drumLoop(const DrumLoopOptions& o)
{
    const auto n = static_cast<std::size_t>(std::lround(o.seconds * o.sampleRate));
    std::vector<float> out(n, 0.0f);
    std::mt19937 rng(o.seed);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    const double beat = 60.0 / o.bpm;
    constexpr double kTwoPi = 6.283185307179586;

    auto addHit = [&](double when, int kind, double velocity) {
        if (when < 0.0)
            when = 0.0;
        const auto start = static_cast<std::size_t>(std::lround(when * o.sampleRate));
        const double length = kind == 2 ? 0.05 : 0.3;
        const auto len = static_cast<std::size_t>(length * o.sampleRate);
        std::uint32_t noise = 0x9e3779b9u ^ static_cast<std::uint32_t>(start);
        for (std::size_t i = 0; i < len && start + i < n; ++i)
        {
            const double t = static_cast<double>(i) / o.sampleRate;
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            const double white = static_cast<double>(noise) / 2147483648.0 - 1.0;
            double v = 0.0;
            if (kind == 0) // kick: pitch sweep 120 -> 50 Hz, fast decay
            {
                const double env = std::exp(-t * 18.0);
                const double phase = kTwoPi * (50.0 * t + 70.0 * (1.0 - std::exp(-t * 30.0)) / 30.0);
                v = env * std::sin(phase);
            }
            else if (kind == 1) // snare: noise burst plus a 190 Hz body
                v = std::exp(-t * 25.0) * (0.7 * white + 0.4 * std::sin(kTwoPi * 190.0 * t));
            else // hat: short bright noise (the xorshift noise is white; differencing tilts it up)
                v = 0.3 * std::exp(-t * 90.0) * white;
            out[start + i] += static_cast<float>(o.gain * velocity * v);
        }
    };

    const int division = o.hatsPerBeat > 0 ? o.hatsPerBeat : 2;
    const int steps = static_cast<int>(o.seconds / (beat / division)) + 1;
    for (int e = 0; e < steps; ++e)
    {
        const int beatIndex = e / division;
        const bool onBeat = e % division == 0;
        auto jittered = [&](double t) { return t + o.jitterSeconds * unit(rng); };
        auto vel = [&] { return 1.0 + o.velocityVariation * unit(rng); };
        const double t = e * beat / division;
        if (onBeat && beatIndex % 2 == 0)
            addHit(jittered(t), 0, vel());
        if (onBeat && beatIndex % 2 == 1)
            addHit(jittered(t), 1, vel());
        if (o.hats)
            addHit(jittered(t), 2, vel());
    }
    return out;
}

} // namespace moodscope::test
