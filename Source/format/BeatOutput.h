// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/FastFrame.h"

#include <string>

namespace moodscope {

// One line per pulse of the causal beat tracker (`analyze --beats`): the pulses `live` sends
// as /beat, at the audio time of the hop that emits them.
//   {"type":"beat","file":F,"time":T,"count":N,"bar_position":B,"strength":S,"bpm":X}
// bar_position is the beat's place in the 4/4 bar (1 = downbeat); bpm is the tracker's
// tempo, 0 while it has not locked.
std::string beatToJsonLine(const FastFrame& pulse, const std::string& file);

// The CSV form: the columns of csvHeader() (left empty) and these four after them.
std::string csvBeatHeaderFields(); // ",beat_count,beat_bar_position,beat_strength,beat_bpm"
std::string csvNoBeatFields();     // ",,,," for frame and summary rows
std::string beatToCsvRow(const FastFrame& pulse, const std::string& file);

int beatBarPosition(const FastFrame& pulse) noexcept;

} // namespace moodscope
