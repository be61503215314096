// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test-signal synthesis shared by all tests: nothing is read from disk.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace moodscope::test {

constexpr double kTwoPi = 6.283185307179586;

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
