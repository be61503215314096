// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodFeatureAggregator.h"

#include "rhythm/BeatTracker.h"
#include "dsp/Harmonic.h"
#include "mood/KeyDetector.h"
#include "mood/MoodFrame.h"
#include "dsp/Onset.h"
#include "rhythm/OnsetCount.h"
#include "util/RunningStats.h"
#include "mood/Tonnetz.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
float finiteOr0(double v) noexcept
{
    return std::isfinite(v) ? static_cast<float>(v) : 0.0f;
}
} // namespace

void MoodFeatureAggregator::prepare(std::size_t maxFrames, double hopSeconds)
{
    hopSeconds_ = hopSeconds > 0.0 ? hopSeconds : 0.0116;
    const std::size_t n = std::max<std::size_t>(1, maxFrames);
    gated_.assign(n, 0.0f);
    localTempo_.prepare(n, hopSeconds_);
    begin();
}

void MoodFeatureAggregator::begin() noexcept
{
    tonal_ = voiced_ = 0;
    chroma_ = {};
    mfcc_ = {};
    mfccSquares_ = {};
    contrast_ = {};
    centroid_ = bandwidth_ = zcr_ = 0.0;
}

void MoodFeatureAggregator::add(const SpectralFrame& f) noexcept
{
    if (f.chromaConcentration > 0.0f)
    {
        for (std::size_t i = 0; i < chroma_.size(); ++i)
            chroma_[i] += f.chroma[i];
        ++tonal_;
    }
    // timbre statistics over frames with power, like the fingerprint's spectral medians
    if (!(f.totalPower > kSilentFramePower))
        return;
    for (std::size_t i = 0; i < mfcc_.size(); ++i)
    {
        const double c = f.mfcc[i];
        mfcc_[i] += c;
        mfccSquares_[i] += c * c;
    }
    for (std::size_t b = 0; b < contrast_.size(); ++b)
        contrast_[b] += f.contrast[b];
    centroid_ += f.centroidHz;
    bandwidth_ += f.bandwidthHz;
    zcr_ += f.zeroCrossingRate;
    ++voiced_;
}

void MoodFeatureAggregator::compute(const MoodRhythm& rhythm, double harmonic, double percussive, float rolloffHz,
                                    MoodFeatures& out) noexcept
{
    out = MoodFeatures {};
    // tonal: chroma, key, tonnetz
    Chroma mean {};
    if (tonal_ > 0)
        for (std::size_t i = 0; i < mean.size(); ++i)
            mean[i] = finiteOr0(chroma_[i] / static_cast<double>(tonal_));
    out.chroma = mean;
    RunningStats spread;
    for (float v : mean)
        spread.add(v);
    out.chromaStd = finiteOr0(spread.std());
    const KeyEstimate key = KeyDetector::detect(mean);
    out.key = key.key;
    out.minor = key.minor;
    out.keyStrength = key.strength;
    out.tonnetz = tonnetz(mean);

    // timbre
    if (voiced_ > 0)
    {
        const auto n = static_cast<double>(voiced_);
        for (std::size_t i = 0; i < mfcc_.size(); ++i)
        {
            const double m = mfcc_[i] / n;
            out.mfccMean[i] = finiteOr0(m);
            out.mfccStd[i] = finiteOr0(std::sqrt(std::max(0.0, mfccSquares_[i] / n - m * m)));
        }
        for (std::size_t b = 0; b < contrast_.size(); ++b)
            out.contrast[b] = finiteOr0(contrast_[b] / n);
        out.centroidHz = finiteOr0(centroid_ / n);
        out.bandwidthHz = finiteOr0(bandwidth_ / n);
        out.zeroCrossingRate = finiteOr0(zcr_ / n);
    }
    // upper three octave bands (>= 1.6 kHz) against the lower three (< 800 Hz)
    out.brightnessContrast = (out.contrast[4] + out.contrast[5] + out.contrast[6]) / 3.0f -
                             (out.contrast[0] + out.contrast[1] + out.contrast[2]) / 3.0f;
    out.rolloffHz = std::isfinite(rolloffHz) ? rolloffHz : 0.0f;
    out.harmonicPercussiveRatio = harmonicRatio(harmonic, percussive);

    // rhythm, from the shared tempo and beats
    out.tempoBpm = std::isfinite(rhythm.tempoBpm) ? rhythm.tempoBpm : 0.0f;
    out.beatCount = static_cast<int>(rhythm.beats);
    out.rhythmRegularity = std::isfinite(rhythm.rhythmStability) ? rhythm.rhythmStability : 0.0f;
    const std::size_t n = std::min(rhythm.frames, gated_.size());
    if (rhythm.onsets == nullptr || n == 0)
        return;
    if (!rhythm.lazyTempo)
        lastTempoStability_ = tempoStability(rhythm.onsets, n, out.tempoBpm);
    out.tempoStability = lastTempoStability_;
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const float v = onsetOrZero(rhythm.onsets[i]);
        sum += v;
        gated_[i] = v >= kMinOnsetStrength ? v : 0.0f;
    }
    out.onsetStrength = finiteOr0(sum / static_cast<double>(n));
    const double seconds = static_cast<double>(n) * hopSeconds_;
    const auto piece = static_cast<std::size_t>(std::max(1.0, std::round(kOnsetCountSeconds / hopSeconds_)));
    std::size_t onsets = 0;
    for (std::size_t start = 0; start < n; start += piece)
        onsets += countOnsets(gated_.data() + start, std::min(piece, n - start), hopSeconds_);
    out.onsetRate = finiteOr0(static_cast<double>(onsets) / seconds);
}

float MoodFeatureAggregator::tempoStability(const float* onsets, std::size_t n, float globalBpm) noexcept
{
    const double seconds = static_cast<double>(n) * hopSeconds_;
    const auto segments = static_cast<std::size_t>(std::max(2.0, std::floor(seconds / kTempoSegmentSeconds)));
    if (seconds / static_cast<double>(segments) < TempoEstimator::kMinSeconds)
        return 0.0f;
    RunningStats tempi;
    float reference = globalBpm;
    for (std::size_t j = 0; j < segments; ++j)
    {
        const std::size_t lo = j * n / segments, hi = (j + 1) * n / segments;
        const float bpm = localTempo_.estimate(onsets + lo, hi - lo).bpm;
        if (!(bpm > 0.0f))
            continue;
        if (!(reference > 0.0f))
            reference = bpm;
        tempi.add(foldOctave(bpm, reference));
    }
    if (tempi.count < 2 || !(tempi.mean > 0.0))
        return 0.0f;
    const double cv = tempi.std() / tempi.mean;
    return std::isfinite(cv) ? static_cast<float>(1.0 / (1.0 + cv / kTempoSpread)) : 0.0f;
}

float foldOctave(float bpm, float reference) noexcept
{
    if (!(bpm > 0.0f) || !(reference > 0.0f) || !std::isfinite(bpm) || !std::isfinite(reference))
        return bpm;
    const double octaves = std::round(std::log2(static_cast<double>(reference) / bpm));
    return static_cast<float>(bpm * std::exp2(octaves));
}

} // namespace moodscope
