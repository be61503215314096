// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Chroma.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void ChromaAnalyzer::prepare(double sampleRate, int frameSize)
{
    binHz_ = sampleRate / frameSize;
    const int nyquistBin = frameSize / 2;
    firstBin_ = std::max(2, static_cast<int>(std::floor(kMinHz / binHz_)));
    lastBin_ = std::min(nyquistBin - 1, static_cast<int>(std::ceil(kMaxHz / binHz_)));
}

Chroma ChromaAnalyzer::process(const std::vector<float>& power) const noexcept
{
    Chroma c {};
    const int bins = static_cast<int>(power.size());
    const int last = std::min(lastBin_, bins - 2);
    float maxPower = 0.0f;
    for (int k = firstBin_; k <= last; ++k)
        maxPower = std::max(maxPower, power[static_cast<std::size_t>(k)]);
    if (!(maxPower > 1e-14f))
        return c;
    // Sidelobes of a Hann window sit >= 31 dB down; ignoring peaks 60 dB below the frame's
    // strongest keeps leakage and the noise floor out without losing quiet chord notes.
    const float floor = maxPower * 1e-6f;

    double total = 0.0;
    for (int k = firstBin_; k <= last; ++k)
    {
        const float p = power[static_cast<std::size_t>(k)];
        const float before = power[static_cast<std::size_t>(k - 1)];
        const float after = power[static_cast<std::size_t>(k + 1)];
        if (p < floor || p <= before || p < after)
            continue;
        // parabolic interpolation on log power: a Hann main lobe is close to a parabola in dB
        const double a = std::log(before + 1e-30f), b = std::log(p + 1e-30f), g = std::log(after + 1e-30f);
        const double denom = a - 2.0 * b + g;
        const double delta = denom < 0.0 ? std::clamp(0.5 * (a - g) / denom, -0.5, 0.5) : 0.0;
        const double hz = (k + delta) * binHz_;
        const double midi = 69.0 + 12.0 * std::log2(hz / 440.0);
        const int note = static_cast<int>(std::lround(midi));
        const int pitchClass = ((note % 12) + 12) % 12;
        const double lobe = static_cast<double>(before) + p + after;
        c[static_cast<std::size_t>(pitchClass)] += static_cast<float>(lobe);
        total += lobe;
    }
    if (total <= 0.0)
        return Chroma {};
    for (auto& v : c)
        v = static_cast<float>(v / total);
    return c;
}

float chromaConcentration(const Chroma& c) noexcept
{
    float sum = 0.0f, squares = 0.0f;
    for (float v : c)
    {
        sum += v;
        squares += v * v;
    }
    return sum > 0.0f ? squares / (sum * sum) : 0.0f;
}

float chromaEnergy(const float* concentrations, std::size_t n) noexcept
{
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (concentrations[i] > 0.0f)
        {
            sum += concentrations[i];
            ++count;
        }
    if (count == 0)
        return 1.0f / 12.0f;
    return std::clamp(static_cast<float>(sum / static_cast<double>(count)), 1.0f / 12.0f, 1.0f);
}

} // namespace moodscope
