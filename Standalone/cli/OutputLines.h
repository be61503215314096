// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "format/BeatOutput.h"
#include "format/CsvOutput.h"
#include "format/JsonOutput.h"

#include <string>

namespace moodscope {

enum class OutputFormat
{
    JsonLines,
    Csv
};

// The SPEC §8.1 records in the chosen format, one line each (no newline).
struct OutputLines
{
    OutputFormat format = OutputFormat::JsonLines;
    bool beats = false; // beat lines too (`--beats`): CSV rows get the four beat columns

    bool hasHeader() const noexcept { return format == OutputFormat::Csv; }
    std::string header() const { return csvHeader() + (beats ? csvBeatHeaderFields() : std::string()); }
    std::string frame(const SlowSnapshot& s, const std::string& file) const
    {
        return format == OutputFormat::Csv ? frameToCsvRow(s, file) + beatPadding() : frameToJsonLine(s, file);
    }
    std::string summary(const SlowSnapshot& s, const std::string& file, double duration, double sampleRate) const
    {
        return format == OutputFormat::Csv ? summaryToCsvRow(s, file, duration, sampleRate) + beatPadding()
                                           : summaryToJsonLine(s, file, duration, sampleRate);
    }
    std::string beat(const FastFrame& pulse, const std::string& file) const
    {
        return format == OutputFormat::Csv ? beatToCsvRow(pulse, file) : beatToJsonLine(pulse, file);
    }

  private:
    std::string beatPadding() const { return beats ? csvNoBeatFields() : std::string(); }
};

} // namespace moodscope
