// SPDX-License-Identifier: GPL-3.0-or-later
#include "format/CsvOutput.h"

#include "util/Utf8Text.h"

#include <cmath>
#include <cstdio>

namespace moodscope {

namespace {
constexpr int kFixedLeading = 3;  // type, file, time
constexpr int kFixedTrailing = 4; // label, state, key, mode
constexpr int kAppended = 4;      // sample_rate, duration, warming_up, tempo_skipped

// %.7g round-trips a float's significant digits; JSON-style null becomes an empty field.
std::string number(double v)
{
    if (!std::isfinite(v))
        return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7g", v);
    return buf;
}

std::string flag(bool b)
{
    return b ? "1" : "0";
}

std::string row(const char* type, const SlowSnapshot& s, const std::string& file, double time, bool summary,
                double sampleRate)
{
    std::string line = type;
    line += ',' + csvField(file) + ',' + number(time);
    line += csvAnalysisFields(s);
    line += ',' + (summary ? number(std::round(sampleRate)) : std::string());
    line += ',' + (summary ? number(time) : std::string());
    line += ',' + flag(s.warmingUp);
    line += ',' + flag(s.tempoSkipped);
    return line;
}
} // namespace

std::string csvField(const std::string& text)
{
    // a file name may hold any bytes; the CSV stays UTF-8
    const std::string field = validUtf8(text);
    if (field.find_first_of(",\"\r\n") == std::string::npos)
        return field;
    std::string out = "\"";
    for (const char c : field)
    {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string csvAnalysisHeaderFields()
{
    std::string line;
    for (int i = 0; i < kNumDims; ++i)
        line += ',' + std::string(dimName(static_cast<Dim>(i)));
    for (int i = 0; i < kNumMoods; ++i)
        line += ",mood_" + std::string(moodName(static_cast<Mood>(i)));
    return line + ",label,state,key,mode";
}

std::string csvAnalysisFields(const SlowSnapshot& s)
{
    std::string line;
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto d = static_cast<Dim>(i);
        line += ',' + (s.has(d) ? number(s.get(d)) : std::string());
    }
    for (int i = 0; i < kNumMoods; ++i)
    {
        const auto m = static_cast<Mood>(i);
        line += ',' + (s.has(m) ? number(s.get(m)) : std::string());
    }
    const bool mood = s.moodValid != 0;
    const bool key = s.featuresValid && s.features.key >= 0 && s.features.key < 12;
    line += ',' + (mood ? csvField(moodCategoryLabel(s.category)) : std::string());
    line += ',' + (mood ? std::string(moodStateName(s.state)) : std::string());
    line += ',' + (key ? std::string(keyName(s.features.key)) : std::string());
    line += ',' + (key ? std::string(s.features.minor ? "minor" : "major") : std::string());
    return line;
}

std::string csvHeader()
{
    return "type,file,time" + csvAnalysisHeaderFields() + ",sample_rate,duration,warming_up,tempo_skipped";
}

int csvColumnCount() noexcept
{
    return kFixedLeading + kNumDims + kNumMoods + kFixedTrailing + kAppended;
}

std::string frameToCsvRow(const SlowSnapshot& s, const std::string& file)
{
    return row("frame", s, file, s.time, false, 0.0);
}

std::string summaryToCsvRow(const SlowSnapshot& s, const std::string& file, double durationSeconds, double sampleRate)
{
    return row("summary", s, file, durationSeconds, true, sampleRate);
}

} // namespace moodscope
