// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Stft.h"

#include "dsp/FftwPlanner.h"

#include <algorithm>
#include <cmath>
#include <fftw3.h>
#include <mutex>

namespace moodscope {

std::mutex& fftwPlannerMutex()
{
    static std::mutex m;
    return m;
}

namespace {

bool hasOnlySmallFactors(int n)
{
    for (int p : { 2, 3, 5 })
        while (n % p == 0)
            n /= p;
    return n == 1;
}
} // namespace

Stft::~Stft()
{
    destroy();
}

int Stft::frameSizeFor(double sampleRate, double frameSeconds) noexcept
{
    int n = static_cast<int>(std::lround(sampleRate * frameSeconds));
    n = n < 16 ? 16 : n;
    n += n & 1;
    while (!hasOnlySmallFactors(n))
        n += 2;
    return n;
}

int Stft::edgeBin(double hz, double sampleRate, int frameSize) noexcept
{
    const double edge = std::min(hz, sampleRate / 2.0);
    const int k = static_cast<int>(std::lround(edge * frameSize / sampleRate));
    return std::clamp(k, 1, frameSize / 2 + 1);
}

void Stft::prepare(int frameSize)
{
    if (frameSize == size_ && plan_ != nullptr)
        return;
    destroy();
    size_ = frameSize;
    window_.resize(static_cast<std::size_t>(size_));
    power_.assign(static_cast<std::size_t>(numBins()), 0.0f);

    double windowEnergy = 0.0;
    constexpr double twoPi = 6.283185307179586;
    for (int i = 0; i < size_; ++i)
    {
        // periodic Hann: overlapping frames at 50/75 % sum to a constant
        const double w = 0.5 - 0.5 * std::cos(twoPi * i / size_);
        window_[static_cast<std::size_t>(i)] = static_cast<float>(w);
        windowEnergy += w * w;
    }
    scale_ = static_cast<float>(1.0 / (static_cast<double>(size_) * windowEnergy));

    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    in_ = fftwf_alloc_real(static_cast<std::size_t>(size_));
    auto* out = fftwf_alloc_complex(static_cast<std::size_t>(numBins()));
    out_ = out;
    plan_ = fftwf_plan_dft_r2c_1d(size_, in_, out, FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
}

const std::vector<float>& Stft::process(const float* frame) noexcept
{
    if (plan_ == nullptr)
        return power_;
    for (int i = 0; i < size_; ++i)
        in_[i] = frame[i] * window_[static_cast<std::size_t>(i)];
    fftwf_execute(static_cast<fftwf_plan>(plan_));

    const auto* out = static_cast<const fftwf_complex*>(out_);
    const int bins = numBins();
    for (int k = 0; k < bins; ++k)
    {
        const float re = out[k][0], im = out[k][1];
        // one-sided spectrum: every bin but DC and Nyquist stands for two
        const float fold = (k == 0 || (k == bins - 1 && (size_ % 2) == 0)) ? 1.0f : 2.0f;
        power_[static_cast<std::size_t>(k)] = fold * scale_ * (re * re + im * im);
    }
    return power_;
}

void Stft::destroy() noexcept
{
    if (plan_ == nullptr && in_ == nullptr && out_ == nullptr)
        return;
    std::lock_guard<std::mutex> lock(fftwPlannerMutex());
    if (plan_ != nullptr)
        fftwf_destroy_plan(static_cast<fftwf_plan>(plan_));
    fftwf_free(in_);
    fftwf_free(out_);
    plan_ = nullptr;
    in_ = nullptr;
    out_ = nullptr;
}

} // namespace moodscope
