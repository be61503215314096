// SPDX-License-Identifier: GPL-3.0-or-later
#include "format/BeatOutput.h"

#include "format/CsvOutput.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace moodscope {

namespace {
std::string number(double v, const char* format = "%.9g")
{
    char text[32];
    std::snprintf(text, sizeof text, format, std::isfinite(v) ? v : 0.0);
    return text;
}
// A float's own digits, not its binary expansion (0.2f is not 0.20000000298023224).
double rounded(double v, double scale)
{
    return std::isfinite(v) ? std::round(v * scale) / scale : 0.0;
}
} // namespace

int beatBarPosition(const FastFrame& pulse) noexcept
{
    const float phase = std::isfinite(pulse.barPhase) ? pulse.barPhase : 0.0f;
    return std::clamp(static_cast<int>(std::floor(phase)), 0, 3) + 1;
}

std::string beatToJsonLine(const FastFrame& pulse, const std::string& file)
{
    nlohmann::ordered_json j;
    j["type"] = "beat";
    j["file"] = file;
    j["time"] = rounded(pulse.time, 1e6);
    j["count"] = pulse.beatCount;
    j["bar_position"] = beatBarPosition(pulse);
    j["strength"] = rounded(pulse.beatStrength, 1e6);
    j["bpm"] = rounded(pulse.bpm, 1e4);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string csvBeatHeaderFields()
{
    return ",beat_count,beat_bar_position,beat_strength,beat_bpm";
}

std::string csvNoBeatFields()
{
    return ",,,,";
}

std::string beatToCsvRow(const FastFrame& pulse, const std::string& file)
{
    // type, file and time, then every column frames and summaries fill left empty
    std::string row = "beat," + csvField(file) + ',' + number(pulse.time, "%.6f");
    row.append(static_cast<std::size_t>(csvColumnCount() - 3), ',');
    row += ',' + std::to_string(pulse.beatCount) + ',' + std::to_string(beatBarPosition(pulse)) + ',' +
           number(pulse.beatStrength, "%.7g") + ',' + number(pulse.bpm, "%.7g");
    return row;
}

} // namespace moodscope
