// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/SeededDemo.h"

#include <cmath>
#include <random>

namespace moodscope {

namespace {
constexpr double kTwoPi = 6.283185307179586;

// Uniform draws straight from mt19937's output, which the standard fixes bit for bit
// (the std distributions differ between library implementations).
struct Draw
{
    std::mt19937 rng;
    explicit Draw(std::uint32_t seed) : rng(seed * 2654435761u + 0x9e3779b9u) {}
    double uniform(double lo, double hi) { return lo + (hi - lo) * (static_cast<double>(rng()) / 4294967296.0); }
    int integer(int lo, int hiInclusive)
    {
        return lo + static_cast<int>(rng() % static_cast<std::uint32_t>(hiInclusive - lo + 1));
    }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }
    float noise() { return static_cast<float>(uniform(-1.0, 1.0)); }
};
} // namespace

StereoSignal makeSeededDemoSignal(double seconds, double sampleRate, std::uint32_t seed)
{
    Draw draw(seed);
    const double bpm = draw.uniform(70.0, 170.0);
    const int root = 45 + draw.integer(0, 11); // A2..G#3
    const bool minor = draw.chance(0.5);
    const int partials = draw.integer(1, 7);
    const double padLevel = draw.uniform(0.03, 0.12);
    const double kickLevel = draw.chance(0.2) ? 0.0 : draw.uniform(0.4, 0.9);
    const double snareLevel = draw.uniform(0.0, 0.4);
    const double hatLevel = draw.uniform(0.0, 0.25);
    const int hatsPerBeat = draw.chance(0.5) ? 2 : 4;
    const double bassLevel = draw.uniform(0.05, 0.35);
    const double width = draw.uniform(0.0, 0.6);
    const double gain = std::pow(10.0, draw.uniform(-12.0, 0.0) / 20.0);
    const double hatDecay = draw.uniform(60.0, 200.0);

    // i–VI–III–VII in minor, I–V–vi–IV in major, as semitone offsets of chord roots
    const int minorRoots[4] = { 0, 8, 3, 10 }, majorRoots[4] = { 0, 7, 9, 5 };
    const int* progression = minor ? minorRoots : majorRoots;

    StereoSignal s;
    s.sampleRate = sampleRate;
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    s.left.assign(n, 0.0f);
    s.right.assign(n, 0.0f);
    const double beat = 60.0 / bpm;
    for (std::size_t i = 0; i < n; ++i)
    {
        const double t = static_cast<double>(i) / sampleRate;
        const double beatPos = std::fmod(t, beat);
        const int beatIndex = static_cast<int>(t / beat);
        const int bar = (beatIndex / 4) % 4;
        const int chordRoot = root + 12 + progression[bar];
        // a chord's third is minor on the minor-key degrees that have one
        const bool minorChord = minor ? (bar == 0) : (bar == 2);
        const int third = minorChord ? 3 : 4;

        const double kickEnv = std::exp(-beatPos * 25.0);
        const double kick = kickLevel * kickEnv * std::sin(kTwoPi * (50.0 * beatPos + 60.0 * (1.0 - kickEnv) / 25.0));
        const double snare = (beatIndex % 2 == 1) ? snareLevel * std::exp(-beatPos * 30.0) * draw.noise() : 0.0;
        const double hatPos = std::fmod(t, beat / hatsPerBeat);
        const double hat = hatLevel * std::exp(-hatPos * hatDecay) * draw.noise();

        double pad = 0.0;
        for (const int offset : { 0, third, 7 })
        {
            const double f = midiToHz(chordRoot + offset);
            for (int k = 1; k <= partials && f * k < sampleRate / 2.0; ++k)
                pad += padLevel / k * std::sin(kTwoPi * f * k * t);
        }
        const double bassLine = bassLevel * std::sin(kTwoPi * midiToHz(root + progression[bar] - 12) * t) *
                                (0.6 + 0.4 * std::exp(-beatPos * 6.0));

        const double centre = kick + snare + bassLine;
        s.left[i] = static_cast<float>(gain * (centre + pad * (1.0 + width) + hat * (1.0 - width)));
        s.right[i] = static_cast<float>(gain * (centre + pad * (1.0 - width) + hat * (1.0 + width)));
    }
    return s;
}

} // namespace moodscope
