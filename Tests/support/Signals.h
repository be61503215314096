// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test-signal synthesis shared by all tests: nothing is read from disk.
#include "demo/DemoSignal.h"

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace moodscope::test {

constexpr double kTwoPi = 6.283185307179586;

struct StereoPair
{
    std::vector<float> left, right;
};

inline std::vector<float> sine(double freq, double amplitude, double seconds, double sampleRate, double phase = 0.0)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<float>(amplitude * std::sin(kTwoPi * freq * static_cast<double>(i) / sampleRate + phase));
    return out;
}

inline std::vector<float> whiteNoise(double amplitude, double seconds, double sampleRate, std::uint32_t seed)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> out(n);
    for (auto& x : out)
        x = static_cast<float>(amplitude) * dist(rng);
    return out;
}

// A note with `partials` harmonics of amplitude 1/k (a soft sawtooth-like timbre).
inline std::vector<float> harmonicTone(double freq, double amplitude, double seconds, double sampleRate, int partials)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::vector<float> out(n, 0.0f);
    for (int k = 1; k <= partials && freq * k < sampleRate / 2.0; ++k)
        for (std::size_t i = 0; i < n; ++i)
            out[i] +=
                static_cast<float>(amplitude / k * std::sin(kTwoPi * freq * k * static_cast<double>(i) / sampleRate));
    return out;
}

using moodscope::midiToHz;

// Sustained chord of harmonic tones (MIDI note numbers).
inline std::vector<float> chord(std::initializer_list<int> notes, double amplitude, double seconds, double sampleRate)
{
    std::vector<float> out;
    for (int note : notes)
    {
        const auto t = harmonicTone(midiToHz(note), amplitude, seconds, sampleRate, 6);
        if (out.empty())
            out = t;
        else
            for (std::size_t i = 0; i < out.size(); ++i)
                out[i] += t[i];
    }
    return out;
}

// A sine whose pitch swings +-cents around freq at rateHz.
inline std::vector<float> vibrato(double freq, double cents, double rateHz, double amplitude, double seconds,
                                  double sampleRate)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::vector<float> out(n);
    double phase = 0.0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const double t = static_cast<double>(i) / sampleRate;
        const double f = freq * std::pow(2.0, cents / 1200.0 * std::sin(kTwoPi * rateHz * t));
        out[i] = static_cast<float>(amplitude * std::sin(phase));
        phase += kTwoPi * f / sampleRate;
    }
    return out;
}

inline std::vector<float> mixed(std::vector<float> a, const std::vector<float>& b)
{
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        a[i] += b[i];
    return a;
}

// Signals without a pulse, 8 s each: silence, DC, a single impulse at 3 s.
inline std::vector<std::vector<float>> pulselessSignals(double sampleRate)
{
    const auto n = static_cast<std::size_t>(8 * sampleRate);
    std::vector<float> impulse(n, 0.0f);
    impulse[static_cast<std::size_t>(3 * sampleRate)] = 0.9f;
    return { std::vector<float>(n, 0.0f), std::vector<float>(n, 0.5f), impulse };
}

inline std::vector<float> negated(std::vector<float> x)
{
    for (auto& v : x)
        v = -v;
    return x;
}

inline double dbToGain(double db)
{
    return std::pow(10.0, db / 20.0);
}

} // namespace moodscope::test
