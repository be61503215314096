// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <string>

namespace moodscope {

// The CSV form of the SPEC §8.1 lines, one fixed column set for frames and summaries:
//   type,file,time,<25 fingerprint names>,mood_<11 mood metric names>,label,state,key,mode,
//   sample_rate,duration,warming_up,tempo_skipped
// (the mood metrics are prefixed: harmonic_ratio is both a dimension and a metric). The last
// four were appended later, so scripts indexing the older columns by position still work.
// A summary row's time is the file's duration (as before); sample_rate and duration are set
// on summary rows only; warming_up and tempo_skipped are 0/1 on every row. A value that was
// not computed (warm-up, no mood yet, no tonal content) is an empty field, never a made-up
// number. Fields are quoted per RFC 4180 when they hold a comma, a quote or a line break.
std::string csvHeader();
int csvColumnCount() noexcept;
std::string frameToCsvRow(const SlowSnapshot& snapshot, const std::string& file);
std::string summaryToCsvRow(const SlowSnapshot& summary, const std::string& file, double durationSeconds,
                            double sampleRate);

// The analysis columns shared with `scan --export csv` (one naming for both):
//   <25 fingerprint names>,mood_<11 mood metric names>,label,state,key,mode
// Fields start with a comma, so they append to a row's leading columns.
std::string csvAnalysisHeaderFields();
std::string csvAnalysisFields(const SlowSnapshot& snapshot);
// One field quoted per RFC 4180 when needed.
std::string csvField(const std::string& field);

} // namespace moodscope
