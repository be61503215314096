// SPDX-License-Identifier: GPL-3.0-or-later
#include "JsonOutput.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace moodscope {

namespace {
// JSON has no NaN: anything non-finite that ever slipped through becomes null, never a
// broken line.
nlohmann::ordered_json number(double v)
{
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json fingerprintJson(const SlowSnapshot& s)
{
    nlohmann::ordered_json fp = nlohmann::ordered_json::object();
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto d = static_cast<Dim>(i);
        if (s.has(d))
            fp[std::string(dimName(d))] = number(s.get(d));
    }
    return fp;
}

nlohmann::ordered_json moodJson(const SlowSnapshot& s)
{
    nlohmann::ordered_json mood = nlohmann::ordered_json::object();
    for (int i = 0; i < kNumMoods; ++i)
        if ((s.moodValid >> i) & 1u)
            mood[std::string(moodName(static_cast<Mood>(i)))] = number(s.mood[static_cast<std::size_t>(i)]);
    return mood;
}
} // namespace

std::string frameToJsonLine(const SlowSnapshot& s, const std::string& file)
{
    nlohmann::ordered_json j;
    j["type"] = "frame";
    j["file"] = file;
    j["time"] = number(s.time);
    j["warming_up"] = s.warmingUp;
    j["window_fill"] = number(s.windowFill);
    j["fingerprint"] = fingerprintJson(s);
    j["mood"] = moodJson(s);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string summaryToJsonLine(const SlowSnapshot& s, const std::string& file, double durationSeconds, double sampleRate)
{
    nlohmann::ordered_json j;
    j["type"] = "summary";
    j["file"] = file;
    j["duration"] = number(durationSeconds);
    j["sample_rate"] = std::isfinite(sampleRate) ? nlohmann::ordered_json(std::llround(sampleRate)) : nullptr;
    j["fingerprint"] = fingerprintJson(s);
    j["mood"] = moodJson(s);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string fastToJsonLine(const FastFrame& f, const std::string& file)
{
    nlohmann::ordered_json j;
    j["type"] = "fast";
    j["file"] = file;
    j["time"] = number(f.time);
    j["rms_db"] = number(f.rmsDb);
    j["peak_db"] = number(f.peakDb);
    j["bands"] = { number(f.bands[0]), number(f.bands[1]), number(f.bands[2]), number(f.bands[3]) };
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace moodscope
