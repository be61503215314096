// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace moodscope {

// Part of every fingerprint-cache key: bump it whenever a change to the analysis would
// change a stored summary (a new dimension formula, a different window, a mood model), so
// the cache re-analyzes instead of serving numbers the current code would not produce.
constexpr int kAlgorithmVersion = 2;

} // namespace moodscope
