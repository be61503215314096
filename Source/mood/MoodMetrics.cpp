// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/MoodMetrics.h"

#include "mood/KeyDetector.h"
#include "mood/MoodMath.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
// A dimension inside its documented range, or the fallback when it was not computed.
float dim(const SlowSnapshot& s, Dim d, float fallback) noexcept
{
    return s.has(d) ? clampFinite(s.get(d), dimInfo(d).min, dimInfo(d).max, fallback) : fallback;
}

// Tempo fit for dancing: a plateau 90-140 BPM falling to 0 at 60 and 190; half and double
// time count (slightly less) so 170 BPM drum and bass and 70 BPM half-time both dance.
float danceTempoFit(float bpm) noexcept
{
    auto fit = [](float x) { return std::min(ramp(x, 60.0f, 90.0f), ramp(x, 190.0f, 140.0f)); };
    if (bpm <= 0.0f)
        return 0.0f;
    return std::max({ fit(bpm), 0.9f * fit(0.5f * bpm), 0.9f * fit(2.0f * bpm) });
}

float logRamp(float hz, float loHz, float hiHz) noexcept
{
    return ramp(std::log2(std::max(hz, 1.0f)), std::log2(loHz), std::log2(hiHz));
}
} // namespace

MoodInputs moodInputs(const SlowSnapshot& s) noexcept
{
    MoodInputs in;
    in.lufs = dim(s, Dim::Lufs, -70.0f);
    in.flatness = dim(s, Dim::SpectralFlatness, 0.0f);
    in.chromaEnergy = dim(s, Dim::ChromaEnergy, 1.0f);
    in.lowShare = dim(s, Dim::BassPct, 0.0f) + dim(s, Dim::LowMidPct, 0.0f);
    in.highShare = dim(s, Dim::UpperMidPct, 0.0f) + dim(s, Dim::PresencePct, 0.0f) + dim(s, Dim::AirPct, 0.0f);
    in.loudnessVariation = dim(s, Dim::LoudnessVariationStd, 0.0f);
    in.silenceRatio = dim(s, Dim::SilenceRatio, 0.0f);

    if (s.featuresValid)
    {
        const MoodFeatures& f = s.features;
        in.onsetRate = clampFinite(f.onsetRate, 0.0f, 50.0f, 0.0f);
        in.onsetStrength = clampFinite(f.onsetStrength, 0.0f, 100.0f, 0.0f);
        in.hasOnsetStrength = true;
        in.tempoBpm = clampFinite(f.tempoBpm, 0.0f, dimInfo(Dim::TempoBpm).max, 0.0f);
        in.pulse = f.beatCount >= 3;
        in.rhythmRegularity = clampFinite(f.rhythmRegularity, 0.0f, 1.0f, 0.0f);
        in.tempoStability = clampFinite(f.tempoStability, 0.0f, 1.0f, 0.0f);
        in.harmonicRatio = clampFinite(f.harmonicPercussiveRatio, 0.0f, 1.0f, 0.0f);
        in.centroidHz = clampFinite(f.centroidHz, 0.0f, 100000.0f, 0.0f);
        in.rolloffHz = clampFinite(f.rolloffHz, 0.0f, 100000.0f, 0.0f);
        in.brightnessContrast = clampFinite(f.brightnessContrast, -100.0f, 100.0f, 0.0f);
        in.hasContrast = true;
        in.key = (f.key >= 0 && f.key < 12) ? f.key : -1;
        in.minor = f.minor;
        in.keyStrength = clampFinite(f.keyStrength, -1.0f, 1.0f, 0.0f);
        if (in.key >= 0)
        {
            // A chroma can sit between a major key and its relative or parallel minor: the
            // mode then flips from window to window and must not swing the valence.
            float other = -1.0f;
            for (int tonic = 0; tonic < 12; ++tonic)
                other = std::max(other, KeyDetector::correlation(f.chroma, tonic, !in.minor));
            in.modeMargin = clampFinite(in.keyStrength - other, 0.0f, 2.0f, 0.0f);
        }
        float sum = 0.0f;
        for (std::size_t i = 1; i < f.mfccStd.size(); ++i)
            sum += clampFinite(f.mfccStd[i], 0.0f, 1000.0f, 0.0f);
        in.timbreVariation = sum / static_cast<float>(f.mfccStd.size() - 1);
    }
    else
    {
        in.onsetRate = dimToPhysical(Dim::TransientDensity, dim(s, Dim::TransientDensity, 0.0f));
        in.tempoBpm = dim(s, Dim::TempoBpm, 0.0f);
        in.rhythmRegularity = dim(s, Dim::RhythmStability, 0.0f);
        in.pulse = in.rhythmRegularity > 0.0f; // the fingerprint reads 0 with fewer than 3 beats
        in.tempoStability = in.rhythmRegularity;
        in.harmonicRatio = dim(s, Dim::HarmonicRatio, 0.0f);
        in.centroidHz = dimToPhysical(Dim::SpectralCentroid, dim(s, Dim::SpectralCentroid, 0.0f));
        in.rolloffHz = dimToPhysical(Dim::SpectralRolloff, dim(s, Dim::SpectralRolloff, 0.0f));
    }
    return in;
}

float fullBandDrive(const MoodInputs& in) noexcept
{
    return ramp(in.highShare, 0.04f, 0.15f) * ramp(in.lufs, -20.0f, -10.0f);
}

float pulseClarity(const MoodInputs& in) noexcept
{
    return in.pulse ? ramp(in.tempoStability, 0.5f, 0.9f) : 0.0f;
}

namespace {
// The percussive share and the mean flux on their 0..1 scales, shared by activity and the
// onset confidence (docs/MOOD.md `perc`, `flux`).
float percussion01(const MoodInputs& in) noexcept
{
    return ramp(1.0f - in.harmonicRatio, 0.15f, 0.4f);
}

float flux01(const MoodInputs& in) noexcept
{
    return ramp(in.onsetStrength, 0.025f, 0.07f);
}
} // namespace

float activity(const MoodInputs& in) noexcept
{
    if (!(in.lufs > -60.0f)) // silence moves nothing, whatever an empty HPSS reads
        return 0.0f;
    const float percussive = percussion01(in);
    const float motion = in.hasOnsetStrength ? 0.5f * flux01(in) + 0.5f * percussive : percussive;
    return std::max({ motion, fullBandDrive(in), 0.6f * pulseClarity(in) });
}

float onsetConfidence(const MoodInputs& in) noexcept
{
    const float flux = in.hasOnsetStrength ? flux01(in) : 0.0f;
    return std::max({ percussion01(in), flux, fullBandDrive(in), pulseClarity(in) });
}

float effectiveOnsetRate(const MoodInputs& in) noexcept
{
    return in.onsetRate * onsetConfidence(in);
}

float absoluteLoudness(float lufs) noexcept
{
    return ramp(lufs, -35.0f, -8.0f);
}

float loudness01(float lufs, float relative) noexcept
{
    if (!(lufs > -60.0f))
        return 0.0f;
    return 0.5f * absoluteLoudness(lufs) + 0.5f * clampFinite(relative, 0.0f, 1.0f, 0.0f);
}

MoodValues rawMoodMetrics(const MoodInputs& in, float relativeLoudness) noexcept
{
    const float rel = clampFinite(relativeLoudness, 0.0f, 1.0f, 0.0f);
    const float loud = loudness01(in.lufs, rel);
    const float confidence = onsetConfidence(in);
    const float pulseConfidence = in.pulse ? confidence : 0.0f;
    const float onsetRate = in.onsetRate * confidence;
    const float onsets = 1.0f - std::exp(-onsetRate / 4.0f); // 4/s -> 0.63, 8/s -> 0.86
    const float rr = pulseConfidence * in.rhythmRegularity;
    const float beatStrength = pulseConfidence * (0.6f * ramp(onsetRate, 0.5f, 4.0f) + 0.4f * in.rhythmRegularity);
    // tempo only counts where a pulse carries it: a pad's tempo estimate is noise
    const float tempo = ramp(in.tempoBpm, 60.0f, 180.0f) * std::min(1.0f, 2.0f * beatStrength);

    const float centroid = logRamp(in.centroidHz, 250.0f, 2000.0f);
    const float rolloff = ramp(in.rolloffHz, 300.0f, 3000.0f);
    const float brightness =
        in.hasContrast ? 0.6f * centroid + 0.25f * rolloff + 0.15f * ramp(in.brightnessContrast, -10.0f, 10.0f)
                       : 0.7f * centroid + 0.3f * rolloff;

    float modeSign = 0.0f;
    if (in.key >= 0)
        modeSign = (in.minor ? -1.0f : 1.0f) * ramp(in.keyStrength, 0.1f, 0.6f) * ramp(in.modeMargin, 0.05f, 0.2f);
    const float mode = 0.5f + 0.5f * modeSign;

    const float tonalSpread = in.harmonicRatio * ramp(1.0f - in.chromaEnergy, 0.2f, 0.85f);
    const float timbre = ramp(in.timbreVariation, 2.0f, 12.0f);

    const float active = activity(in);
    MoodValues v {};
    auto set = [&v](Mood m, float x) { v[static_cast<std::size_t>(m)] = clampFinite(x, 0.0f, 1.0f, 0.0f); };
    set(Mood::Energy, 0.25f * loud + 0.55f * active + 0.1f * onsets + 0.1f * tempo);
    set(Mood::Arousal, 0.3f * loud + 0.4f * active + 0.1f * onsets + 0.05f * tempo + 0.15f * brightness);
    set(Mood::Intensity,
        0.45f * loud + 0.2f * active + 0.2f * ramp(in.highShare, 0.02f, 0.4f) + 0.15f * ramp(in.flatness, 0.05f, 0.5f));
    set(Mood::Brightness, brightness);
    set(Mood::Valence, 0.5f * mode + 0.3f * brightness + 0.2f * tempo);
    set(Mood::BeatStrength, beatStrength);
    set(Mood::SpectralWarmth,
        0.6f * ramp(in.lowShare, 0.1f, 0.7f) + 0.4f * (1.0f - logRamp(in.centroidHz, 300.0f, 3000.0f)));
    set(Mood::RhythmRegularity, pulseConfidence * (0.7f * in.rhythmRegularity + 0.3f * in.tempoStability));
    set(Mood::HarmonicRatio, in.harmonicRatio);
    set(Mood::Complexity, 0.35f * tonalSpread + 0.25f * timbre + 0.2f * ramp(in.loudnessVariation, 0.0f, 6.0f) +
                              0.2f * onsets * (1.0f - 0.5f * rr));
    set(Mood::Danceability, std::sqrt(rr * beatStrength) * danceTempoFit(in.tempoBpm));
    if (in.lufs <= -69.0f) // silence: nothing to feel, whatever the (empty) spectrum says
        for (auto m : { Mood::Brightness, Mood::SpectralWarmth, Mood::Complexity, Mood::Valence })
            set(m, 0.0f);
    return v;
}

void MoodMetrics::prepare(double intervalSeconds) noexcept
{
    dt_ = static_cast<float>(std::isfinite(intervalSeconds) && intervalSeconds > 0.0 ? intervalSeconds : 2.0);
    alpha_ = onePoleAlpha(dt_, kSmoothingSeconds);
    reset();
}

void MoodMetrics::reset() noexcept
{
    reference_ = -70.0f;
    hasReference_ = primed_ = false;
    smoothed_ = raw_ = {};
}

float MoodMetrics::relativeLoudness(float lufs) const noexcept
{
    if (!(lufs > -60.0f))
        return 0.0f;
    if (!hasReference_)
        return 0.5f;
    return ramp(lufs, reference_ - kRelativeRangeLu, reference_);
}

const MoodValues& MoodMetrics::update(const MoodInputs& in) noexcept
{
    // The reference follows the loudest recent window at once and forgets it slowly, so a
    // quiet live input's loud parts still reach the top of the range.
    const float decayed = reference_ - kReferenceDecayLuPerSecond * dt_;
    if (in.lufs > -60.0f)
    {
        reference_ = hasReference_ ? std::max(decayed, in.lufs) : in.lufs;
        hasReference_ = true;
    }
    else if (hasReference_)
        reference_ = std::max(decayed, -60.0f);

    raw_ = rawMoodMetrics(in, relativeLoudness(in.lufs));
    if (!primed_)
    {
        smoothed_ = raw_;
        primed_ = true;
    }
    else
        for (std::size_t i = 0; i < raw_.size(); ++i)
            smoothed_[i] += alpha_ * (raw_[i] - smoothed_[i]);
    return smoothed_;
}

} // namespace moodscope
