// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <string>

namespace moodscope {

// SPEC §8.1 JSON lines. Only dimensions and metrics that were computed appear; a frame
// published while the window warms up carries "warming_up": true and no values.
std::string frameToJsonLine(const SlowSnapshot& snapshot, const std::string& file);
// The per-file summary line: the whole file's fingerprint and mood (no events).
std::string summaryToJsonLine(const SlowSnapshot& summary, const std::string& file, double durationSeconds,
                              double sampleRate);

} // namespace moodscope
