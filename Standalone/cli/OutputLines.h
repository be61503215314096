// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

    bool hasHeader() const noexcept { return format == OutputFormat::Csv; }
    std::string header() const { return csvHeader(); }
    std::string frame(const SlowSnapshot& s, const std::string& file) const
    {
        return format == OutputFormat::Csv ? frameToCsvRow(s, file) : frameToJsonLine(s, file);
    }
    std::string summary(const SlowSnapshot& s, const std::string& file, double duration, double sampleRate) const
    {
        return format == OutputFormat::Csv ? summaryToCsvRow(s, file, duration, sampleRate)
                                           : summaryToJsonLine(s, file, duration, sampleRate);
    }
};

} // namespace moodscope
