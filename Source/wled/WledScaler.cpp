// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledScaler.h"

#include <algorithm>
#include <cmath>

namespace moodscope {

namespace {
// WLED's AGC preset "normal" (agcAvg).
constexpr float kSampleDecayPer2ms = 0.9994f;
constexpr float kTarget0 = 112.0f, kTarget0Up = 88.0f, kTarget1 = 220.0f;
constexpr float kZoneLow = 32.0f, kZoneHigh = 240.0f;
constexpr float kFollowFast = 1.0f / 192.0f, kFollowSlow = 1.0f / 6144.0f, kKp = 0.6f;
constexpr float kSampleSmoothPer2ms = 1.0f / 12.0f;
constexpr float kMinGain = 1.0f / 64.0f, kMaxGain = 32.0f;
// GEQ post-processing (postProcessFFTResults): the default pink-noise profile, the flat-top
// window's correction, and the limiter's rise/fall per FFT cycle with decayTime 300 ms.
constexpr std::array<float, 16> kPink { 1.70f, 1.71f, 1.73f, 1.78f, 1.68f, 1.56f, 1.55f, 1.63f,
                                        1.79f, 1.62f, 1.80f, 2.06f, 2.47f, 3.35f, 6.83f, 9.55f };
constexpr float kFftDownscale = 0.46f;
constexpr float kRise = 0.75f, kFall = 0.22f, kGateDecay = 0.85f;
constexpr double kFftCycleSeconds = 0.021;
// WLED's bins are |X[k]| of a 512-point flat-top-windowed FFT divided by 16: a sine of amplitude
// A (sample units) gives 256 A over its main lobe (the window's coefficients sum to 1), 16 A
// after the division, and 0.281 * 256 A = 72 A in its peak bin, which is FFT_Magnitude.
constexpr float kLobeSum = 16.0f;
constexpr float kPeakBin = 0.2810639f * 256.0f;

// A per-step smoothing factor turned into the one for `steps` steps.
float over(float perStep, double steps) noexcept
{
    return 1.0f - static_cast<float>(std::pow(1.0 - perStep, steps));
}
} // namespace

void WledScaler::reset() noexcept
{
    *this = WledScaler {};
}

WledAudioSync WledScaler::next(const FastFrame& frame, bool peak, double seconds) noexcept
{
    const double dt = std::clamp(std::isfinite(seconds) ? seconds : 0.0, 0.0, 1.0);
    const double loops = dt / 0.002; // WLED's AGC runs every 2 ms
    const float peakLinear = frame.peakDb > -119.0f ? std::pow(10.0f, frame.peakDb / 20.0f) : 0.0f;
    const float sampleReal = std::isfinite(peakLinear) ? peakLinear * kUnitsAtFullScale : 0.0f;
    const bool gateOpen = sampleReal >= kSquelch;

    // getSample(): the slowly decaying maximum the AGC aims at
    if (sampleMax_ < sampleReal && sampleReal > 0.5f)
        sampleMax_ += 0.5f * (sampleReal - sampleMax_);
    else
        sampleMax_ *= static_cast<float>(std::pow(kSampleDecayPer2ms, loops));
    if (sampleMax_ < 0.5f)
        sampleMax_ = 0.0f;

    // agcAvg(): move the gain toward the set point, fast outside the normal zone (its P part)
    if (gateOpen && sampleMax_ >= 1.0f)
    {
        const float target = (sampleReal * multAgc_ <= kTarget0Up ? kTarget0 : kTarget1) / sampleMax_;
        const float wanted = std::clamp(target, kMinGain, kMaxGain);
        const float level = sampleReal * multAgc_;
        const float follow = level > kZoneHigh || level < kSquelch + kZoneLow ? kFollowFast : kFollowSlow;
        multAgc_ += over(follow * kKp, loops) * (wanted - multAgc_);
        multAgc_ = std::clamp(multAgc_, kMinGain, kMaxGain);
    }
    float tmpAgc = gateOpen ? std::min(sampleReal * multAgc_, 255.0f) : 0.0f;
    if (tmpAgc < 1.0f)
        tmpAgc = 0.0f;
    rawSampleAgc_ = 0.8f * tmpAgc + 0.2f * rawSampleAgc_;
    if (tmpAgc < 1.0f)
        sampleAgc_ = 0.5f * sampleAgc_;
    else
        sampleAgc_ += over(kSampleSmoothPer2ms, loops) * (tmpAgc - sampleAgc_);
    // WLED keeps rawSampleAgc in an integer and treats a smoothed volume below 1 as silence.
    rawSampleAgc_ = std::floor(rawSampleAgc_);
    if (sampleAgc_ < 1.0f && tmpAgc < 1.0f)
        sampleAgc_ = 0.0f;

    WledAudioSync out;
    out.sampleRaw = rawSampleAgc_;
    out.sampleSmth = sampleAgc_;
    out.samplePeak = peak && gateOpen;

    // FFTcode() and postProcessFFTResults()
    const double cycles = dt / kFftCycleSeconds;
    for (std::size_t i = 0; i < fftCalc_.size(); ++i)
    {
        if (gateOpen)
        {
            const float channel = std::isfinite(frame.geq[i]) ? frame.geq[i] : 0.0f;
            fftCalc_[i] = kLobeSum * kUnitsAtFullScale * channel * kPink[i] * kFftDownscale * multAgc_;
        }
        else
        {
            fftCalc_[i] *= static_cast<float>(std::pow(kGateDecay, cycles));
            if (fftCalc_[i] < 4.0f)
                fftCalc_[i] = 0.0f;
        }
        const float coeff = fftCalc_[i] > fftAvg_[i] ? over(kRise, cycles) : over(kFall, cycles);
        fftAvg_[i] += coeff * (fftCalc_[i] - fftAvg_[i]);
        fftCalc_[i] = std::clamp(fftCalc_[i], 0.0f, 1023.0f);
        fftAvg_[i] = std::clamp(fftAvg_[i], 0.0f, 1023.0f);
        // square-root scaling
        float v = fftAvg_[i] * 0.38f - 6.0f;
        v = v > 1.0f ? std::sqrt(v) : 0.0f;
        v *= 0.85f + static_cast<float>(i) / 4.5f;
        v = v * 255.0f / 16.0f;
        out.fftResult[i] = static_cast<std::uint8_t>(std::clamp(static_cast<int>(v), 0, 254));
    }

    if (gateOpen && sampleAgc_ >= 1.0f && frame.majorPeakHz > 0.0f)
    {
        out.fftMajorPeak = std::clamp(frame.majorPeakHz, 1.0f, 11025.0f);
        out.fftMagnitude = kPeakBin * kUnitsAtFullScale * frame.majorPeakAmplitude * multAgc_;
    }
    return out;
}

} // namespace moodscope
