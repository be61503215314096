// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <vector>

namespace moodscope {

using Chroma = std::array<float, 12>; // pitch classes C, C#, ..., B

// SPEC §4.5 chroma from the shared power spectrum. Each spectral peak is placed at its
// interpolated frequency and its main-lobe power goes to the pitch class of the nearest
// semitone (bin -> frequency -> MIDI note -> note mod 12). Plain bin-to-class mapping would
// smear a 440 Hz sine over three classes at ~21.5 Hz resolution (and the anchor's `bin % 12`
// is not a pitch class at all).
class ChromaAnalyzer // analysis thread
{
  public:
    static constexpr double kMinHz = 50.0;   // below this a 46 ms frame cannot tell semitones
    static constexpr double kMaxHz = 5000.0; // above this partials add little pitch-class information

    void prepare(double sampleRate, int frameSize);

    // L1-normalized chroma of one frame; all zeros for a frame without tonal peaks.
    Chroma process(const std::vector<float>& power) const noexcept;

  private:
    double binHz_ = 1.0;
    int firstBin_ = 1, lastBin_ = 1; // peaks considered in [firstBin_, lastBin_]
};

// Σc² of an L1-normalized chroma: 1 for a single pitch class, 1/12 when all are equal.
float chromaConcentration(const Chroma& c) noexcept;

// SPEC §4.5 chroma_energy: mean of Σc² over frames that have chroma; no such frame reads
// 1/12 (no pitch-class focus).
float chromaEnergy(const float* concentrations, std::size_t n) noexcept;

} // namespace moodscope
