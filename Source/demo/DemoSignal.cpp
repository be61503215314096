// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoSignal.h"

#include <cmath>
#include <cstdint>

namespace moodscope {

namespace {
constexpr double kTwoPi = 6.283185307179586;

// xorshift: tiny, deterministic noise for the snare and hats
struct Noise
{
    std::uint32_t state = 0x12345678u;
    float next()
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return static_cast<float>(state) / 2147483648.0f - 1.0f;
    }
};
} // namespace

double midiToHz(double note) noexcept
{
    return 440.0 * std::pow(2.0, (note - 69.0) / 12.0);
}

StereoSignal makeDemoSignal(double seconds, double sampleRate)
{
    StereoSignal s;
    s.sampleRate = sampleRate;
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    s.left.assign(n, 0.0f);
    s.right.assign(n, 0.0f);

    const double beat = 0.5; // 120 BPM
    // i - iv - V - i in A minor: Am, Dm, E, Am. The E major chord's G# (the leading tone) and
    // the tonic on the first and last bar make it A minor; Am - F - C - G shares every note
    // with C major and reads as it. The bass stays below the pad's notes in power: a bass twice
    // as loud as the chord outweighs its third in the chroma, and A minor would read A major.
    const int chords[4][3] = { { 57, 60, 64 }, { 57, 62, 65 }, { 56, 59, 64 }, { 57, 60, 64 } };
    const int bass[4] = { 45, 38, 40, 45 };
    Noise noise;

    for (std::size_t i = 0; i < n; ++i)
    {
        const double t = static_cast<double>(i) / sampleRate;
        const double beatPos = std::fmod(t, beat);
        const int beatIndex = static_cast<int>(t / beat);
        const int bar = (beatIndex / 4) % 4;

        // kick on every beat: pitch-dropping sine with a fast decay
        const double kickEnv = std::exp(-beatPos * 25.0);
        const double kick = 0.8 * kickEnv * std::sin(kTwoPi * (50.0 * beatPos + 60.0 * (1.0 - kickEnv) / 25.0));
        // snare on 2 and 4
        const double snare = (beatIndex % 2 == 1) ? 0.35 * std::exp(-beatPos * 30.0) * noise.next() : 0.0;
        // closed hat on every eighth
        const double eighthPos = std::fmod(t, beat / 2.0);
        const double hat = 0.12 * std::exp(-eighthPos * 120.0) * noise.next();

        double pad = 0.0;
        for (int k = 0; k < 3; ++k)
            pad += 0.07 * std::sin(kTwoPi * midiToHz(chords[bar][k]) * t);
        const double bassLine =
            0.12 * std::sin(kTwoPi * midiToHz(bass[bar]) * t) * (0.6 + 0.4 * std::exp(-beatPos * 6.0));

        const double centre = kick + snare + bassLine;
        s.left[i] = static_cast<float>(centre + pad * 1.1 + hat * 0.7);
        s.right[i] = static_cast<float>(centre + pad * 0.9 + hat * 1.3);
    }
    return s;
}

} // namespace moodscope
