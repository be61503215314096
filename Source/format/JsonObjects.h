// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <nlohmann/json.hpp>

namespace moodscope {

// The parts of the SPEC §8.1 JSON lines that other records repeat (the `scan --export`
// lines): one writer, so the same analysis reads the same everywhere. Defined in
// JsonOutput.cpp.

// A finite number, or null (JSON has no NaN).
nlohmann::ordered_json jsonNumber(double v);
// The computed dimensions by name, in SPEC §4 order.
nlohmann::ordered_json fingerprintObject(const SlowSnapshot& s);
// The metrics, then label, quadrant, state, key, mode (null without a key), key_strength;
// events only with `withEvents`. Empty while no mood was computed.
nlohmann::ordered_json moodObject(const SlowSnapshot& s, bool withEvents);

} // namespace moodscope
