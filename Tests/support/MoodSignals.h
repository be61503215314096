// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Synthesized material for the mood tests: a drum+bass loop, a quiet pad, a riser, and
// chord progressions in major/minor with bright/dark timbre. Mono; callers duplicate it.
#include "DrumLoop.h"
#include "Signals.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace moodscope::test {

// An eighth-note bass line (A1, A1, E2, G2 ...) of decaying harmonic tones.
inline std::vector<float> bassLine(double bpm, double seconds, double sampleRate, double amplitude)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::vector<float> out(n, 0.0f);
    const double step = 30.0 / bpm;
    const int notes[] = { 33, 33, 40, 43, 33, 33, 45, 40 };
    for (int k = 0; k * step < seconds; ++k)
    {
        const double f = midiToHz(notes[k % 8]);
        const auto start = static_cast<std::size_t>(std::lround(k * step * sampleRate));
        const auto len = static_cast<std::size_t>(step * sampleRate);
        for (std::size_t i = 0; i < len && start + i < n; ++i)
        {
            const double t = static_cast<double>(i) / sampleRate;
            const double env = std::exp(-t * 6.0);
            double v = 0.0;
            for (int h = 1; h <= 4; ++h)
                v += std::sin(kTwoPi * f * h * t) / h;
            out[start + i] += static_cast<float>(amplitude * env * v);
        }
    }
    return out;
}

// Loud fast drum+bass loop (sixteenth hats) at `bpm`.
inline std::vector<float> drumAndBass(double bpm, double seconds, double sampleRate, double gain = 0.6,
                                      std::uint32_t seed = 1)
{
    DrumLoopOptions o;
    o.bpm = bpm;
    o.seconds = seconds;
    o.sampleRate = sampleRate;
    o.gain = gain;
    o.hatsPerBeat = 4;
    o.seed = seed;
    return mixed(drumLoop(o), bassLine(bpm, seconds, sampleRate, 0.5 * gain));
}

// Quiet sustained pad: an A minor triad of harmonic tones, peak near `dbfs`.
inline std::vector<float> quietPad(double seconds, double sampleRate, double dbfs = -30.0)
{
    return chord({ 57, 60, 64 }, dbToGain(dbfs) / 3.0, seconds, sampleRate);
}

// A riser: white noise swelling from `fromDb` to `toDb` dBFS with hats that accelerate
// from one per beat to sixteenths.
inline std::vector<float> riser(double bpm, double seconds, double sampleRate, double fromDb, double toDb)
{
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::vector<float> out = whiteNoise(1.0, seconds, sampleRate, 7);
    for (std::size_t i = 0; i < n; ++i)
    {
        const double x = static_cast<double>(i) / static_cast<double>(n);
        out[i] *= static_cast<float>(dbToGain(fromDb + (toDb - fromDb) * x));
    }
    const double beat = 60.0 / bpm;
    double t = 0.0;
    std::uint32_t noise = 12345u;
    while (t < seconds)
    {
        const double x = t / seconds;
        const double gain = 4.0 * dbToGain(fromDb + (toDb - fromDb) * x);
        const auto start = static_cast<std::size_t>(std::lround(t * sampleRate));
        for (std::size_t i = 0; i < static_cast<std::size_t>(0.04 * sampleRate) && start + i < n; ++i)
        {
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            const double white = static_cast<double>(noise) / 2147483648.0 - 1.0;
            out[start + i] += static_cast<float>(gain * std::exp(-static_cast<double>(i) / sampleRate * 90.0) * white);
        }
        t += beat / (x < 0.33 ? 1.0 : x < 0.66 ? 2.0 : 4.0);
    }
    return out;
}

// I-IV-V-I with a bass note, 2 s per chord, in C major or C minor; `partials` sets the
// timbre (many = bright, 1 = a dark sine).
inline std::vector<float> progression(bool minor, int partials, double seconds, double sampleRate,
                                      double amplitude = 0.08)
{
    const int third = minor ? 3 : 4;
    const int roots[] = { 60, 65, 67, 60 };
    const auto n = static_cast<std::size_t>(std::lround(seconds * sampleRate));
    std::vector<float> out(n, 0.0f);
    const auto chordLen = static_cast<std::size_t>(2.0 * sampleRate);
    for (std::size_t start = 0, c = 0; start < n; start += chordLen, ++c)
    {
        const int root = roots[c % 4];
        // V stays major (harmonic minor), as in common practice
        const int t = (c % 4 == 2) ? 4 : third;
        const int notes[] = { root - 24, root, root + t, root + 7 };
        const double len = static_cast<double>(std::min(chordLen, n - start)) / sampleRate;
        for (int note : notes)
        {
            const auto tone = harmonicTone(midiToHz(note), amplitude, len, sampleRate, partials);
            for (std::size_t i = 0; i < tone.size() && start + i < n; ++i)
                out[start + i] += tone[i];
        }
    }
    return out;
}

inline std::vector<float> concat(std::initializer_list<std::vector<float>> parts)
{
    std::vector<float> out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

} // namespace moodscope::test
