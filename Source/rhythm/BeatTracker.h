// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <vector>

namespace moodscope {

// Beat positions in an onset envelope, by dynamic programming in the style of Ellis 2007
// ("Beat Tracking by Dynamic Programming"): the envelope, divided by its standard deviation
// and lightly smoothed, is the reward of placing a beat at a hop; consecutive beats pay
// kTightness * log(interval / period)^2. The best-scoring sequence ending in the last period is
// backtraced, weak beats at either end (music not yet started or already over) are dropped,
// and every beat is then moved to the strongest envelope peak within kRefineSeconds, with
// parabolic sub-hop interpolation: the DP path is pulled towards the steady period, the refined
// beats follow the music's own timing, which is what rhythm_stability measures.
class BeatTracker // analysis thread
{
  public:
    static constexpr float kTightness = 100.0f;
    static constexpr double kRefineSeconds = 0.04;

    // maxFrames: the longest envelope track() will see (a longer one uses its latest frames).
    void prepare(std::size_t maxFrames);

    // onsetEnvelope: n onset strengths, one per hop, oldest first; bpm: the tempo (0 = none).
    // Writes up to maxBeats beat positions (fractional hop indices into onsetEnvelope, ascending;
    // the latest beats when there are more) and returns how many.
    std::size_t track(const float* onsetEnvelope, std::size_t n, double hopSeconds, float bpm, float* beatFramesOut,
                      std::size_t maxBeats) noexcept;

  private:
    std::size_t maxFrames_ = 0;
    std::vector<float> local_, cumulative_, penalty_;
    std::vector<int> backlink_;
};

// SPEC §4.3 rhythm_stability: 1 / (1 + coefficient of variation of the inter-beat intervals);
// 0 with fewer than 3 beats.
float rhythmStability(const float* beatFrames, std::size_t count) noexcept;

} // namespace moodscope
