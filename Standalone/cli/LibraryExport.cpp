// SPDX-License-Identifier: GPL-3.0-or-later
#include "LibraryExport.h"

#include "format/CsvOutput.h"
#include "format/JsonObjects.h"
#include "mood/MoodLabels.h"

#include <cmath>
#include <optional>
#include <sstream>

namespace moodscope {

namespace {
std::optional<MoodState> stateNamed(const std::string& name)
{
    for (int i = 0; i < static_cast<int>(MoodState::Count); ++i)
        if (moodStateName(static_cast<MoodState>(i)) == name)
            return static_cast<MoodState>(i);
    return std::nullopt;
}

int keyNamed(const std::string& name)
{
    for (int k = 0; k < 12; ++k)
        if (!name.empty() && keyName(k) == name)
            return k;
    return -1;
}

// A cache row as the whole-file summary snapshot `analyze` writes, so the export goes through
// the same writers. Label and quadrant are recomputed from the stored metrics exactly as the
// summary computed them (MoodModel::summarize).
SlowSnapshot summaryOf(const CachedFingerprint& fp)
{
    SlowSnapshot s;
    s.time = s.windowSeconds = fp.durationSeconds;
    s.windowFill = 1.0f;
    s.warmingUp = false;
    s.fingerprint = fp.dims;
    s.fingerprintValid = fp.dimsValid;
    s.mood = fp.mood;
    s.moodValid = fp.moodValid;
    if (s.moodValid == 0)
        return s;
    s.category = MoodLabeler::categorize(fp.mood);
    s.quadrant = MoodLabeler::quadrantOf(fp.mood);
    s.state = stateNamed(fp.state).value_or(MoodState::Silence);
    // a summary with mood always has its key fields: null key and mode for atonal audio
    s.featuresValid = true;
    s.features.key = keyNamed(fp.key);
    s.features.minor = fp.mode == "minor";
    s.features.keyStrength = static_cast<float>(fp.keyStrength); // NaN (null) when not stored
    return s;
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
    j["duration"] = jsonNumber(fp.durationSeconds);
    j["sample_rate"] = std::llround(fp.sampleRate);
    const SlowSnapshot summary = summaryOf(fp);
    j["fingerprint"] = fingerprintObject(summary);
    j["mood"] = moodObject(summary, false);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string libraryCsvHeader()
{
    return "path,status,error,hash,duration,sample_rate" + csvAnalysisHeaderFields();
}

std::string libraryCsvRow(const std::string& path, const LibraryFileResult& r)
{
    std::string row = csvField(path) + "," + sourceName(r.source) + "," + csvField(r.error);
    if (r.source == FingerprintSource::Failed)
        return row + ",,," + csvAnalysisFields(SlowSnapshot {});
    const auto& fp = r.fingerprint;
    row += "," + fp.hash + "," + csvNumber(fp.durationSeconds) + "," + csvNumber(std::round(fp.sampleRate));
    return row + csvAnalysisFields(summaryOf(fp));
}

} // namespace moodscope
