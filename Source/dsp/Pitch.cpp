// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Pitch.h"

#include "dsp/FftwPlanner.h"
#include "util/RunningStats.h"

#include <algorithm>
#include <cmath>
#include <fftw3.h>

namespace moodscope {

PitchTracker::~PitchTracker()
{
    destroy();
}

void PitchTracker::destroy() noexcept
{
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    if (forward_ != nullptr)
        fftwf_destroy_plan(static_cast<fftwf_plan>(forward_));
    if (inverse_ != nullptr)
        fftwf_destroy_plan(static_cast<fftwf_plan>(inverse_));
    fftwf_free(a_);
    fftwf_free(b_);
    fftwf_free(specA_);
    fftwf_free(specB_);
    forward_ = inverse_ = nullptr;
    a_ = b_ = nullptr;
    specA_ = specB_ = nullptr;
}

void PitchTracker::prepare(double sampleRate, int frameSize)
{
    if (frameSize == size_ && sampleRate == sampleRate_ && forward_ != nullptr)
        return;
    destroy();
    sampleRate_ = sampleRate;
    size_ = frameSize;
    // The lag range must leave an integration window of at least the longest period.
    maxLag_ = std::min(static_cast<int>(std::ceil(sampleRate / kMinHz)), size_ / 2);
    minLag_ = std::max(2, static_cast<int>(std::floor(sampleRate / kMaxHz)));
    window_ = size_ - maxLag_;
    prefixEnergy_.assign(static_cast<std::size_t>(size_) + 1, 0.0);
    cmnd_.assign(static_cast<std::size_t>(maxLag_) + 2, 1.0f);

    const auto bins = static_cast<std::size_t>(size_ / 2 + 1);
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    a_ = fftwf_alloc_real(static_cast<std::size_t>(size_));
    b_ = fftwf_alloc_real(static_cast<std::size_t>(size_));
    auto* specA = fftwf_alloc_complex(bins);
    auto* specB = fftwf_alloc_complex(bins);
    specA_ = specA;
    specB_ = specB;
    // One r2c plan executed on both arrays (same size and alignment); c2r writes into b_.
    forward_ = fftwf_plan_dft_r2c_1d(size_, a_, specA, FFTW_ESTIMATE);
    inverse_ = fftwf_plan_dft_c2r_1d(size_, specA, b_, FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
}

float PitchTracker::process(const float* frame) noexcept
{
    if (forward_ == nullptr)
        return 0.0f;
    const auto n = static_cast<std::size_t>(size_);
    const auto w = static_cast<std::size_t>(window_);

    prefixEnergy_[0] = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        prefixEnergy_[i + 1] = prefixEnergy_[i] + static_cast<double>(frame[i]) * frame[i];
    const double e0 = prefixEnergy_[w];
    if (e0 / static_cast<double>(w) < 1e-8) // below about -80 dBFS: no pitch worth tracking
        return 0.0f;

    std::copy(frame, frame + w, a_);
    std::fill(a_ + w, a_ + n, 0.0f);
    std::copy(frame, frame + n, b_);
    auto* specA = static_cast<fftwf_complex*>(specA_);
    auto* specB = static_cast<fftwf_complex*>(specB_);
    fftwf_execute_dft_r2c(static_cast<fftwf_plan>(forward_), a_, specA);
    fftwf_execute_dft_r2c(static_cast<fftwf_plan>(forward_), b_, specB);
    // conj(A)·B is the cross-correlation r(τ) = Σ_{j<W} x_j x_{j+τ}; no circular wrap
    // reaches τ <= maxLag because j + τ < W + maxLag = N.
    const std::size_t bins = n / 2 + 1;
    for (std::size_t k = 0; k < bins; ++k)
    {
        const float re = specA[k][0] * specB[k][0] + specA[k][1] * specB[k][1];
        const float im = specA[k][0] * specB[k][1] - specA[k][1] * specB[k][0];
        specA[k][0] = re;
        specA[k][1] = im;
    }
    fftwf_execute_dft_c2r(static_cast<fftwf_plan>(inverse_), specA, b_);
    const double scale = 1.0 / static_cast<double>(n);

    // cumulative-mean-normalized difference d'(τ)
    double running = 0.0;
    cmnd_[0] = 1.0f;
    for (int tau = 1; tau <= maxLag_; ++tau)
    {
        const auto t = static_cast<std::size_t>(tau);
        const double et = prefixEnergy_[t + w] - prefixEnergy_[t];
        const double d = std::max(0.0, e0 + et - 2.0 * b_[t] * scale);
        running += d;
        cmnd_[t] = running > 0.0 ? static_cast<float>(d * tau / running) : 1.0f;
    }

    int best = -1;
    for (int tau = minLag_; tau < maxLag_; ++tau)
    {
        if (cmnd_[static_cast<std::size_t>(tau)] < kThreshold)
        {
            while (tau + 1 < maxLag_ && cmnd_[static_cast<std::size_t>(tau + 1)] < cmnd_[static_cast<std::size_t>(tau)])
                ++tau;
            best = tau;
            break;
        }
    }
    if (best < 0)
        return 0.0f;

    const double a = cmnd_[static_cast<std::size_t>(best - 1)], b = cmnd_[static_cast<std::size_t>(best)],
                 c = cmnd_[static_cast<std::size_t>(best + 1)];
    const double denom = a - 2.0 * b + c;
    const double delta = denom > 0.0 ? std::clamp(0.5 * (a - c) / denom, -0.5, 0.5) : 0.0;
    const double f0 = sampleRate_ / (best + delta);
    return std::isfinite(f0) ? static_cast<float>(f0) : 0.0f;
}

float pitchStability(const float* f0, std::size_t n) noexcept
{
    RunningStats logF0;
    for (std::size_t i = 0; i < n; ++i)
        if (f0[i] > 0.0f)
            logF0.add(std::log(static_cast<double>(f0[i])));
    if (logF0.count < 3)
        return 0.0f;
    return static_cast<float>(1.0 / (1.0 + 10.0 * logF0.std()));
}

} // namespace moodscope
