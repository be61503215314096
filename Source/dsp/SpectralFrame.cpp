// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/SpectralFrame.h"

#include "dsp/Stft.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

void SpectralFrameAnalyzer::prepare(double sampleRate, int frameSize)
{
    binHz_ = sampleRate / frameSize;
    const int bins = frameSize / 2 + 1;
    for (std::size_t i = 0; i < edgeBins_.size(); ++i)
        edgeBins_[i] = Stft::edgeBin(kFingerprintBandEdgesHz[i], sampleRate, frameSize);
    // The top band runs up to and including the Nyquist bin when 20 kHz is above it.
    if (kFingerprintBandEdgesHz.back() >= sampleRate / 2.0)
        edgeBins_.back() = bins;
}

SpectralFrame SpectralFrameAnalyzer::analyze(const std::vector<float>& power, float frameMeanSquare) const noexcept
{
    SpectralFrame f;
    f.frameMeanSquare = frameMeanSquare;
    const int bins = static_cast<int>(power.size());

    for (std::size_t b = 0; b < SpectralFrame::kNumBands; ++b)
    {
        double sum = 0.0;
        for (int k = edgeBins_[b]; k < std::min(edgeBins_[b + 1], bins); ++k)
            sum += power[static_cast<std::size_t>(k)];
        f.bandPower[b] = static_cast<float>(sum);
    }

    // DC carries no pitch or brightness: the spectral shape measures skip bin 0. Flatness stops
    // at the top fingerprint band edge (20 kHz): above it a 96 kHz stream holds mostly empty bins
    // that would pull the geometric mean to 0 for the same music that reads 0.2 at 44.1 kHz.
    const int flatEnd = std::min(edgeBins_.back(), bins);
    double total = 0.0, weighted = 0.0, weighted2 = 0.0, logSum = 0.0, flatTotal = 0.0;
    constexpr double kTiny = 1e-20; // keeps log() finite on exact zeros
    // No log per bin (the hottest loop at 96 kHz): the product of 8 values in [1e-20, 1e6]
    // stays well inside double range, and frexp() moves its binary exponent into an integer
    // sum, so one log at the end serves the whole frame.
    double product = 1.0;
    long exponent = 0;
    int inProduct = 0;
    for (int k = 1; k < bins; ++k)
    {
        const double p = power[static_cast<std::size_t>(k)];
        total += p;
        weighted += p * k * binHz_;
        weighted2 += p * static_cast<double>(k) * k;
        if (k >= flatEnd)
            continue;
        flatTotal += p;
        product *= std::min(p + kTiny, 1e6);
        if (++inProduct == 8)
        {
            int e = 0;
            product = std::frexp(product, &e);
            exponent += e;
            inProduct = 0;
        }
    }
    logSum = std::log(product) + static_cast<double>(exponent) * std::log(2.0);
    f.totalPower = static_cast<float>(total);
    if (total <= 1e-14)
        return f; // silent frame: shape measures stay 0 and are skipped by the medians

    f.centroidHz = static_cast<float>(weighted / total);
    // second moment minus the squared centroid; double keeps the difference exact enough for a
    // sine (variance ~1e2 Hz² against moments ~1e8)
    const double centroid = weighted / total;
    const double variance = weighted2 / total * binHz_ * binHz_ - centroid * centroid;
    f.bandwidthHz = static_cast<float>(std::sqrt(std::max(0.0, variance)));
    const double target = 0.85 * total;
    double running = 0.0;
    for (int k = 1; k < bins; ++k)
    {
        running += power[static_cast<std::size_t>(k)];
        if (running >= target)
        {
            f.rolloffHz = static_cast<float>(k * binHz_);
            break;
        }
    }
    const double n = std::max(1, flatEnd - 1);
    const double geometric = std::exp(logSum / n);
    const double arithmetic = flatTotal / n + kTiny;
    f.flatness = static_cast<float>(std::clamp(geometric / arithmetic, 0.0, 1.0));
    return f;
}

} // namespace moodscope
