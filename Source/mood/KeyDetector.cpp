// SPDX-License-Identifier: GPL-3.0-or-later
#include "mood/KeyDetector.h"

#include <cmath>

namespace moodscope {

namespace {
// Krumhansl & Kessler (1982) probe-tone ratings, tonic first
constexpr float kMajor[12] = { 6.35f, 2.23f, 3.48f, 2.33f, 4.38f, 4.09f, 2.52f, 5.19f, 2.39f, 3.66f, 2.29f, 2.88f };
constexpr float kMinor[12] = { 6.33f, 2.68f, 3.52f, 5.38f, 2.60f, 3.53f, 2.54f, 4.75f, 3.98f, 2.69f, 3.34f, 3.17f };

double pearson(const double* x, const float* profile, int tonic) noexcept
{
    double mx = 0.0, my = 0.0;
    for (int i = 0; i < 12; ++i)
    {
        mx += x[i];
        my += profile[i];
    }
    mx /= 12.0;
    my /= 12.0;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (int pc = 0; pc < 12; ++pc)
    {
        const double dx = x[pc] - mx;
        const double dy = profile[(pc - tonic + 12) % 12] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

bool normalized(const Chroma& chroma, double* x) noexcept
{
    double sum = 0.0;
    for (int i = 0; i < 12; ++i)
    {
        const float v = chroma[static_cast<std::size_t>(i)];
        x[i] = std::isfinite(v) && v > 0.0f ? std::sqrt(static_cast<double>(v)) : 0.0;
        sum += x[i];
    }
    if (!(sum > 0.0))
        return false;
    double mean = 0.0, var = 0.0;
    for (int i = 0; i < 12; ++i)
    {
        x[i] /= sum;
        mean += x[i] / 12.0;
    }
    for (int i = 0; i < 12; ++i)
        var += (x[i] - mean) * (x[i] - mean) / 12.0;
    return std::sqrt(var) >= KeyDetector::kMinSpread;
}
} // namespace

float KeyDetector::correlation(const Chroma& chroma, int tonic, bool minor) noexcept
{
    double x[12];
    if (!normalized(chroma, x))
        return 0.0f;
    return static_cast<float>(pearson(x, minor ? kMinor : kMajor, ((tonic % 12) + 12) % 12));
}

KeyEstimate KeyDetector::detect(const Chroma& chroma) noexcept
{
    KeyEstimate best;
    double x[12];
    if (!normalized(chroma, x))
        return best;
    double bestR = -2.0;
    for (int mode = 0; mode < 2; ++mode)
        for (int tonic = 0; tonic < 12; ++tonic)
        {
            const double r = pearson(x, mode == 1 ? kMinor : kMajor, tonic);
            if (r > bestR)
            {
                bestR = r;
                best.key = tonic;
                best.minor = mode == 1;
            }
        }
    best.strength = static_cast<float>(bestR);
    return best;
}

} // namespace moodscope
