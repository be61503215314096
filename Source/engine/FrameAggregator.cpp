// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/FrameAggregator.h"

#include "dsp/Chroma.h"
#include "fingerprint/Dynamics.h"
#include "fingerprint/Frequency.h"
#include "dsp/Harmonic.h"
#include "rhythm/OnsetCount.h"
#include "dsp/Pitch.h"
#include "util/Median.h"
#include "fingerprint/Temporal.h"

#include <algorithm>

namespace moodscope {

void FrameAggregator::prepare(std::size_t maxFrames, double hopSeconds)
{
    hopSeconds_ = hopSeconds;
    const std::size_t n = std::max<std::size_t>(1, maxFrames);
    for (auto* v : { &centroid_, &rolloff_, &flatness_, &meanSquare_, &onset_, &f0_, &chroma_ })
        v->assign(n, 0.0f);
    tempo_.prepare(n, hopSeconds);
    beats_.prepare(n);
    // the most beats a run of n hops can hold at the fastest tempo
    beatFrames_.assign(
        static_cast<std::size_t>(static_cast<double>(n) * hopSeconds * TempoEstimator::kMaxBpm / 60.0) + 4, 0.0f);
    mood_.prepare(n, hopSeconds);
    begin(0);
    reset();
}

void FrameAggregator::reset() noexcept
{
    hold_.reset();
    tempo_.forgetLevels();
    lastTempo_ = lastStability_ = 0.0f;
    lastBeats_ = 0;
}

void FrameAggregator::begin(std::size_t n) noexcept
{
    n_ = std::min(n, capacity());
    filled_ = voiced_ = pitched_ = chromaFrames_ = 0;
    bandSums_ = {};
    harmonic_ = percussive_ = 0.0;
    mood_.begin();
}

void FrameAggregator::add(const SpectralFrame& f) noexcept
{
    if (filled_ >= n_)
        return;
    for (std::size_t b = 0; b < bandSums_.size(); ++b)
        bandSums_[b] += f.bandPower[b];
    meanSquare_[filled_] = f.frameMeanSquare;
    onset_[filled_] = f.onset;
    ++filled_;
    if (!f.full)
        return;
    chroma_[chromaFrames_++] = f.chromaConcentration;
    harmonic_ += f.harmonic;
    percussive_ += f.percussive;
    mood_.add(f);
    // the spectral-shape medians use only frames with any power
    if (f.totalPower > 1e-14f)
    {
        centroid_[voiced_] = f.centroidHz;
        rolloff_[voiced_] = f.rolloffHz;
        flatness_[voiced_] = f.flatness;
        ++voiced_;
    }
    if (f.f0 > 0.0f)
        f0_[pitched_++] = f.f0;
}

void FrameAggregator::compute(SlowSnapshot& s, GroupTimings* timings) noexcept
{
    GroupTimings unused;
    GroupTimings& t = timings != nullptr ? *timings : unused;
    Lap lap;
    const auto shares = bandShares(bandSums_);
    for (std::size_t b = 0; b < shares.size(); ++b)
        s.set(static_cast<Dim>(static_cast<int>(Dim::SubBassPct) + static_cast<int>(b)), shares[b]);
    s.set(Dim::BassMidRatio, bassMidRatioDb(bandSums_[1], bandSums_[2] + bandSums_[3]));
    lap.to(t.frequency);
    s.set(Dim::SilenceRatio, silenceRatio(meanSquare_.data(), filled_));
    lap.to(t.temporal);

    // medians reorder their column: run them last on each
    s.set(Dim::SpectralCentroid, dimFromPhysical(Dim::SpectralCentroid, medianInPlace(centroid_.data(), voiced_)));
    const float rolloffHz = medianInPlace(rolloff_.data(), voiced_);
    s.set(Dim::SpectralRolloff, dimFromPhysical(Dim::SpectralRolloff, rolloffHz));
    s.set(Dim::SpectralFlatness, medianInPlace(flatness_.data(), voiced_));
    lap.to(t.spectral);

    if (!lazyTempo_)
    {
        TempoResult tempo = tempo_.estimate(onset_.data(), filled_);
        tempo.bpm = hold_.apply(tempo_, tempo);
        const std::size_t beats =
            beats_.track(onset_.data(), filled_, hopSeconds_, tempo.bpm, beatFrames_.data(), beatFrames_.size());
        lastTempo_ = tempo.bpm;
        lastBeats_ = beats;
        lastStability_ = rhythmStability(beatFrames_.data(), beats);
    }
    s.tempoSkipped = lazyTempo_;
    s.set(Dim::TempoBpm, lastTempo_);
    s.set(Dim::RhythmStability, lastStability_);
    s.set(Dim::TransientDensity, transientDensity(onset_.data(), filled_, hopSeconds_));
    lap.to(t.temporal);

    s.set(Dim::HarmonicRatio, harmonicRatio(harmonic_, percussive_));
    s.set(Dim::ChromaEnergy, chromaEnergy(chroma_.data(), chromaFrames_));
    s.set(Dim::PitchStability, pitchStability(f0_.data(), pitched_));
    lap.to(t.harmonic);

    const MoodRhythm rhythm { onset_.data(), filled_, lastTempo_, lastBeats_, lastStability_, lazyTempo_ };
    mood_.compute(rhythm, harmonic_, percussive_, rolloffHz, s.features);
    s.featuresValid = true;
    lap.to(t.mood);
}

} // namespace moodscope
