// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

// Counting onsets in a window of the onset envelope (OnsetDetector), for transient_density,
// the mood onset rate, and the tempo estimator's "is there a pulse at all" gate.
//
// A hop is an onset if it is the largest within +- kOnsetPeakSeconds, lies at least
// kOnsetMinGapSeconds after the previous onset, and rises above the mean within
// +- kOnsetMeanSeconds by the largest of
//  - kOnsetDelta of the window's highest value (the tails and ripples of a loud hit are not onsets),
//  - kOnsetMinRise (the residual flux of a steady tone, or the beating partials of a held chord,
//    stays below 0.02), and
//  - kOnsetSpread robust standard deviations (1.4826 * the median absolute deviation) of the window's
//    envelope: stationary noise fluctuates by about 0.03 around a mean of about 0.06, and its
//    largest excursions would otherwise count as ten onsets a second.
// The envelope is already a function of level ratios, so the count does not depend on volume.
constexpr double kOnsetPeakSeconds = 0.03, kOnsetMeanSeconds = 0.1, kOnsetMinGapSeconds = 0.05;
constexpr float kOnsetDelta = 0.07f, kOnsetMinRise = 0.03f, kOnsetSpread = 5.0f;

// kOnsetMeanSeconds in hops, at least one
std::size_t onsetMeanReach(double hopSeconds) noexcept;

// The smallest rise above its surroundings that can count as an onset in this envelope (the
// last two rules above). O(n), no allocation: the median and the deviation come from histograms.
// `spread` replaces kOnsetSpread: the tempo estimator's pulse gate counts with a lower one.
float onsetMinRise(const float* onsetEnvelope, std::size_t n, float spread = kOnsetSpread) noexcept;

std::size_t countOnsets(const float* onsetEnvelope, std::size_t n, double hopSeconds,
                        float spread = kOnsetSpread) noexcept;

// SPEC §4.3 transient_density: onsets per second over the whole window / 10, clipped to 0..1.
float transientDensity(const float* onsetEnvelope, std::size_t n, double hopSeconds) noexcept;

} // namespace moodscope
