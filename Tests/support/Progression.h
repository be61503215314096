// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Cadential chord progressions in any key, with a bass line on the chord roots: the key
// tests' material (and the mood tests' major/minor pairs).
#include "Signals.h"

#include <vector>

namespace moodscope::test {

// I-IV-V-I (major) or i-iv-V-i (harmonic minor: the dominant keeps its leading tone), each chord
// secondsPerChord long: root-position triads of 6-partial tones on the tonic's MIDI note in
// [lowest, lowest + 12) (default middle C .. B4) and the chord root two octaves lower in the bass.
// The whole repeats `times` times.
inline std::vector<float> cadence(int tonic, bool minor, double secondsPerChord, double sampleRate, int times = 1,
                                  double amplitude = 0.08, int lowest = 60)
{
    const int root = lowest + ((tonic - lowest) % 12 + 12) % 12;
    const int third = minor ? 3 : 4;
    struct Triad
    {
        int root, third, fifth;
    };
    const Triad chords[] = { { root, root + third, root + 7 },
                             { root + 5, root + 5 + third, root + 12 },
                             { root + 7, root + 11, root + 14 }, // major dominant in both modes
                             { root, root + third, root + 7 } };
    std::vector<float> out;
    for (int t = 0; t < times; ++t)
        for (const Triad& c : chords)
        {
            auto x = chord({ c.root, c.third, c.fifth }, amplitude, secondsPerChord, sampleRate);
            const auto bass = harmonicTone(midiToHz(c.root - 24), 1.5 * amplitude, secondsPerChord, sampleRate, 6);
            x = mixed(x, bass);
            out.insert(out.end(), x.begin(), x.end());
        }
    return out;
}

} // namespace moodscope::test
