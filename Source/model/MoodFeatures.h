// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>

namespace moodscope {

// SPEC §5.1: the 13 feature categories of LedFx's librosa mood detector, over the window
// (or the whole file). Units are physical (Hz, per second) unless noted.
struct MoodFeatures
{
    std::array<float, 12> chroma {}; // mean L1-normalized chroma, C..B
    float chromaStd = 0.0f;          // std over the 12 mean chroma values
    int key = -1;                    // tonic pitch class 0..11 (C = 0); -1 = no tonal content
    bool minor = false;
    float keyStrength = 0.0f;          // Krumhansl–Kessler correlation of the best key, -1..1
    float tempoBpm = 0.0f;             // the fingerprint's tempo
    int beatCount = 0;                 // beats tracked in the window
    std::array<float, 7> contrast {};  // spectral contrast per octave band, dB
    float brightnessContrast = 0.0f;   // mean contrast of the upper bands minus the lower, dB
    float rolloffHz = 0.0f;            // 85 % rolloff, median
    float zeroCrossingRate = 0.0f;     // crossings per sample, mean over frames
    std::array<float, 13> mfccMean {}; // MFCC 0..12 (librosa-style dB-mel DCT-II ortho)
    std::array<float, 13> mfccStd {};
    float centroidHz = 0.0f;              // mean
    float bandwidthHz = 0.0f;             // mean 2nd-order spectral bandwidth
    float onsetRate = 0.0f;               // onsets per second
    float onsetStrength = 0.0f;           // mean onset envelope
    std::array<float, 6> tonnetz {};      // Harte et al. 2006 tonal centroid
    float harmonicPercussiveRatio = 0.0f; // E_h / (E_h + E_p), 0..1
    float rhythmRegularity = 0.0f;        // 1 / (1 + CV of inter-beat intervals)
    float tempoStability = 0.0f;          // 0..1, agreement of local tempo across the window
};

} // namespace moodscope
