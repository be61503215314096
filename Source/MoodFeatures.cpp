// SPDX-License-Identifier: GPL-3.0-or-later
#include "MoodFeatures.h"

#include "BeatTracker.h"
#include "Harmonic.h"
#include "KeyDetector.h"
#include "MoodFrame.h"
#include "Onset.h"
#include "RunningStats.h"
#include "Spectral.h"
#include "Tonnetz.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
float finiteOr0(double v) noexcept
{
    return std::isfinite(v) ? static_cast<float>(v) : 0.0f;
}
} // namespace

void MoodFeatureAggregator::prepare(std::size_t maxBeats)
{
    scratch_.assign(std::max<std::size_t>(1, maxBeats), 0.0f);
    begin();
}

void MoodFeatureAggregator::begin() noexcept
{
    frames_ = tonal_ = voiced_ = 0;
    chroma_ = {};
    mfcc_ = {};
    mfccSquares_ = {};
    contrast_ = {};
    centroid_ = bandwidth_ = zcr_ = 0.0;
}

void MoodFeatureAggregator::add(const SpectralFrame& f) noexcept
{
    ++frames_;
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
    const std::size_t beats = std::min(rhythm.beats, scratch_.size());
    out.tempoStability = tempoStability(rhythm.beatFrames, beats, scratch_.data());
    if (rhythm.onsets != nullptr && rhythm.frames > 0 && rhythm.hopSeconds > 0.0)
    {
        const double seconds = static_cast<double>(rhythm.frames) * rhythm.hopSeconds;
        out.onsetRate =
            finiteOr0(static_cast<double>(countOnsets(rhythm.onsets, rhythm.frames, rhythm.hopSeconds)) / seconds);
        double sum = 0.0;
        for (std::size_t i = 0; i < rhythm.frames; ++i)
            sum += onsetOrZero(rhythm.onsets[i]);
        out.onsetStrength = finiteOr0(sum / static_cast<double>(rhythm.frames));
    }
}

float tempoStability(const float* beatFrames, std::size_t count, float* scratch) noexcept
{
    if (beatFrames == nullptr || scratch == nullptr || count < kMinIntervals + 1)
        return 0.0f;
    const std::size_t intervals = count - 1;
    const std::size_t segments = std::max<std::size_t>(2, intervals / kBeatsPerSegment);
    RunningStats tempi;
    for (std::size_t j = 0; j < segments; ++j)
    {
        const std::size_t lo = j * intervals / segments, hi = (j + 1) * intervals / segments;
        for (std::size_t i = lo; i < hi; ++i)
            scratch[i - lo] = beatFrames[i + 1] - beatFrames[i];
        const float period = medianInPlace(scratch, hi - lo);
        if (!(period > 0.0f) || !std::isfinite(period))
            return 0.0f;
        tempi.add(1.0 / static_cast<double>(period));
    }
    const double cv = tempi.mean > 0.0 ? tempi.std() / tempi.mean : 0.0;
    return std::isfinite(cv) ? static_cast<float>(1.0 / (1.0 + cv / kTempoSpread)) : 0.0f;
}

} // namespace moodscope
