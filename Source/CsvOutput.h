// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Snapshot.h"

#include <string>

namespace moodscope {

// The CSV form of the SPEC §8.1 lines, one fixed column set for frames and summaries:
//   type,file,time,<25 fingerprint names>,mood_<11 mood metric names>,label,state,key,mode
// (the mood metrics are prefixed: harmonic_ratio is both a dimension and a metric).
// A summary row's time is the file's duration. A value that was not computed (warm-up,
// no mood yet, no tonal content) is an empty field, never a made-up number. Fields are
// quoted per RFC 4180 when they hold a comma, a quote or a line break.
std::string csvHeader();
int csvColumnCount() noexcept;
std::string frameToCsvRow(const SlowSnapshot& snapshot, const std::string& file);
std::string summaryToCsvRow(const SlowSnapshot& summary, const std::string& file, double durationSeconds);

} // namespace moodscope
