// SPDX-License-Identifier: GPL-3.0-or-later
#include "format/JsonOutput.h"

#include "format/JsonObjects.h"

#include <cmath>

namespace moodscope {

// JSON has no NaN: anything non-finite that ever slipped through becomes null, never a
// broken line.
nlohmann::ordered_json jsonNumber(double v)
{
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json fingerprintObject(const SlowSnapshot& s)
{
    nlohmann::ordered_json fp = nlohmann::ordered_json::object();
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto d = static_cast<Dim>(i);
        if (s.has(d))
            fp[std::string(dimName(d))] = jsonNumber(s.get(d));
    }
    return fp;
}

// SPEC §8.1 "mood": the metrics, then the labels, state and key; frame lines also carry the
// events that fired since the previous frame. A snapshot without metrics (warming up) gets
// an empty object.
nlohmann::ordered_json moodObject(const SlowSnapshot& s, bool withEvents)
{
    nlohmann::ordered_json mood = nlohmann::ordered_json::object();
    for (int i = 0; i < kNumMoods; ++i)
        if ((s.moodValid >> i) & 1u)
            mood[std::string(moodName(static_cast<Mood>(i)))] = jsonNumber(s.mood[static_cast<std::size_t>(i)]);
    if (s.moodValid == 0)
        return mood;
    mood["label"] = moodCategoryLabel(s.category);
    mood["quadrant"] = std::string(quadrantName(s.quadrant));
    mood["state"] = std::string(moodStateName(s.state));
    if (s.featuresValid)
    {
        const bool tonal = s.features.key >= 0 && s.features.key < 12;
        mood["key"] = tonal ? nlohmann::ordered_json(std::string(keyName(s.features.key))) : nullptr;
        mood["mode"] = tonal ? nlohmann::ordered_json(s.features.minor ? "minor" : "major") : nullptr;
        mood["key_strength"] = jsonNumber(s.features.keyStrength);
    }
    if (withEvents)
    {
        nlohmann::ordered_json events = nlohmann::ordered_json::array();
        for (int i = 0; i < kNumMoodEvents; ++i)
            if ((s.events >> i) & 1u)
                events.push_back(std::string(moodEventName(static_cast<MoodEvent>(i))));
        mood["events"] = events;
    }
    return mood;
}

std::string frameToJsonLine(const SlowSnapshot& s, const std::string& file)
{
    nlohmann::ordered_json j;
    j["type"] = "frame";
    j["file"] = file;
    j["time"] = jsonNumber(s.time);
    j["warming_up"] = s.warmingUp;
    j["window_fill"] = jsonNumber(s.windowFill);
    j["tempo_skipped"] = s.tempoSkipped;
    j["fingerprint"] = fingerprintObject(s);
    j["mood"] = moodObject(s, true);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string summaryToJsonLine(const SlowSnapshot& s, const std::string& file, double durationSeconds, double sampleRate)
{
    nlohmann::ordered_json j;
    j["type"] = "summary";
    j["file"] = file;
    j["duration"] = jsonNumber(durationSeconds);
    j["sample_rate"] = std::isfinite(sampleRate) ? nlohmann::ordered_json(std::llround(sampleRate)) : nullptr;
    j["tempo_skipped"] = s.tempoSkipped;
    j["fingerprint"] = fingerprintObject(s);
    j["mood"] = moodObject(s, false);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace moodscope
