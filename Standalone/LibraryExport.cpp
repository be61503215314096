// SPDX-License-Identifier: GPL-3.0-or-later
#include "LibraryExport.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace moodscope {

namespace {
nlohmann::ordered_json number(double v)
{
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
    {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csvNumber(double v)
{
    if (!std::isfinite(v))
        return "";
    std::ostringstream out;
    out.precision(7);
    out << v;
    return out.str();
}
} // namespace

std::string sourceName(FingerprintSource s)
{
    switch (s)
    {
    case FingerprintSource::Analyzed:
        return "analyzed";
    case FingerprintSource::Unchanged:
    case FingerprintSource::SameAudio:
        return "cached";
    case FingerprintSource::Failed:
        break;
    }
    return "failed";
}

std::string libraryJsonLine(const std::string& path, const LibraryFileResult& r)
{
    nlohmann::ordered_json j;
    j["path"] = path;
    j["status"] = sourceName(r.source);
    if (r.source == FingerprintSource::Failed)
    {
        j["error"] = r.error;
        return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    const auto& fp = r.fingerprint;
    j["hash"] = fp.hash;
    j["duration"] = number(fp.durationSeconds);
    j["sample_rate"] = std::llround(fp.sampleRate);
    nlohmann::ordered_json dims = nlohmann::ordered_json::object();
    for (int i = 0; i < kNumDims; ++i)
        if ((fp.dimsValid >> i) & 1u)
            dims[std::string(dimName(static_cast<Dim>(i)))] = number(fp.dims[static_cast<std::size_t>(i)]);
    j["fingerprint"] = std::move(dims);
    nlohmann::ordered_json mood = nlohmann::ordered_json::object();
    for (int i = 0; i < kNumMoods; ++i)
        if ((fp.moodValid >> i) & 1u)
            mood[std::string(moodName(static_cast<Mood>(i)))] = number(fp.mood[static_cast<std::size_t>(i)]);
    for (const auto& [name, value] : { std::pair<const char*, const std::string&> { "label", fp.label },
                                       { "state", fp.state },
                                       { "key", fp.key },
                                       { "mode", fp.mode } })
        if (!value.empty())
            mood[name] = value;
    j["mood"] = std::move(mood);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string libraryCsvHeader()
{
    std::string h = "path,status,error,hash,duration,sample_rate";
    for (int i = 0; i < kNumDims; ++i)
        h += "," + std::string(dimName(static_cast<Dim>(i)));
    for (int i = 0; i < kNumMoods; ++i)
        h += "," + std::string(moodName(static_cast<Mood>(i)));
    return h + ",label,state,key,mode";
}

std::string libraryCsvRow(const std::string& path, const LibraryFileResult& r)
{
    std::string row = csvField(path) + "," + sourceName(r.source) + "," + csvField(r.error);
    const bool ok = r.source != FingerprintSource::Failed;
    const auto& fp = r.fingerprint;
    row += "," + (ok ? fp.hash : std::string());
    row += "," + (ok ? csvNumber(fp.durationSeconds) : std::string());
    row += "," + (ok ? csvNumber(std::round(fp.sampleRate)) : std::string());
    for (int i = 0; i < kNumDims; ++i)
        row += "," + (ok && ((fp.dimsValid >> i) & 1u) ? csvNumber(fp.dims[static_cast<std::size_t>(i)]) : "");
    for (int i = 0; i < kNumMoods; ++i)
        row += "," + (ok && ((fp.moodValid >> i) & 1u) ? csvNumber(fp.mood[static_cast<std::size_t>(i)]) : "");
    for (const auto* s : { &fp.label, &fp.state, &fp.key, &fp.mode })
        row += "," + (ok ? csvField(*s) : std::string());
    return row;
}

} // namespace moodscope
