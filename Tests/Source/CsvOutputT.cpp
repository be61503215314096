// SPDX-License-Identifier: GPL-3.0-or-later
#include "../AnalyzerHarness.h"
#include "CsvOutput.h"
#include "DemoSignal.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
// RFC 4180 split of one row (quoted fields may hold commas and doubled quotes).
std::vector<std::string> splitCsv(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        {
            fields.back() += '"';
            ++i;
        }
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.emplace_back();
        else
            fields.back() += c;
    }
    return fields;
}

std::vector<SlowSnapshot> demoSnapshots()
{
    const auto demo = makeDemoSignal(10.0, 44100.0);
    return run(demo.left, demo.right, demo.sampleRate).slow;
}
} // namespace

TEST_CASE("CSV header: type, file, time, 25 dimensions, 11 prefixed mood metrics, label, state, key, mode", "[csv]")
{
    const auto header = splitCsv(csvHeader());
    REQUIRE(static_cast<int>(header.size()) == csvColumnCount());
    CHECK(csvColumnCount() == 3 + kNumDims + kNumMoods + 4);
    CHECK(header[0] == "type");
    CHECK(header[2] == "time");
    CHECK(header[3] == "sub_bass_pct");
    CHECK(header[3 + kNumDims - 1] == "phase_correlation");
    CHECK(header[3 + kNumDims] == "mood_energy");
    CHECK(header[3 + kNumDims + static_cast<int>(Mood::HarmonicRatio)] == "mood_harmonic_ratio");
    CHECK(header.back() == "mode");
    // no two columns share a name
    auto sorted = header;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

TEST_CASE("CSV rows carry the analyzed numbers of the demo track and leave uncomputed fields empty", "[csv]")
{
    const auto snapshots = demoSnapshots();
    REQUIRE(snapshots.size() == 5);
    const SlowSnapshot& warm = snapshots.front(); // 2 s of an 8 s window: still warming up
    REQUIRE(warm.warmingUp);
    const auto warmRow = splitCsv(frameToCsvRow(warm, "demo"));
    REQUIRE(static_cast<int>(warmRow.size()) == csvColumnCount());
    CHECK(warmRow[0] == "frame");
    CHECK(std::stod(warmRow[2]) == Approx(2.0));
    for (int i = 0; i < kNumDims; ++i)
        CHECK(warmRow[static_cast<std::size_t>(3 + i)].empty() == !warm.has(static_cast<Dim>(i)));

    const SlowSnapshot& last = snapshots.back();
    REQUIRE(last.fingerprintValid == (1u << kNumDims) - 1u);
    const auto row = splitCsv(frameToCsvRow(last, "demo"));
    REQUIRE(static_cast<int>(row.size()) == csvColumnCount());
    for (int i = 0; i < kNumDims; ++i)
    {
        const float expected = last.get(static_cast<Dim>(i));
        CHECK(std::stof(row[static_cast<std::size_t>(3 + i)]) == Approx(expected).epsilon(1e-6).margin(1e-12));
    }
    CHECK(std::stof(row[3 + static_cast<int>(Dim::TempoBpm)]) == Approx(120.0).margin(1.0));

    const auto summary = splitCsv(summaryToCsvRow(last, "demo", 10.0));
    CHECK(summary[0] == "summary");
    CHECK(summary[2] == "10");
}

TEST_CASE("CSV mood columns: metrics, label, state, key and mode once computed", "[csv]")
{
    SlowSnapshot s = demoSnapshots().back();
    CHECK(s.has(Mood::Valence)); // the analyzer computes mood
    s.moodValid = 0;             // as a snapshot without mood
    auto row = splitCsv(frameToCsvRow(s, "demo"));
    CHECK(row[static_cast<std::size_t>(csvColumnCount() - 4)].empty()); // no mood computed: no label
    s.set(Mood::Energy, 0.75f);
    s.category = MoodCategory { 2, 2, 2 };
    s.state = MoodState::Groove;
    s.featuresValid = true;
    s.features.key = 9;
    s.features.minor = true;
    row = splitCsv(frameToCsvRow(s, "demo"));
    CHECK(std::stof(row[3 + kNumDims]) == Approx(0.75f));
    CHECK(row[3 + kNumDims + 1].empty()); // valence not computed
    CHECK(row[static_cast<std::size_t>(csvColumnCount() - 4)] == moodCategoryLabel(s.category));
    CHECK(row[static_cast<std::size_t>(csvColumnCount() - 3)] == "groove");
    CHECK(row[static_cast<std::size_t>(csvColumnCount() - 2)] == "A");
    CHECK(row[static_cast<std::size_t>(csvColumnCount() - 1)] == "minor");
}

TEST_CASE("CSV quotes a file name holding a comma or a quote", "[csv]")
{
    const SlowSnapshot s = demoSnapshots().back();
    const std::string line = summaryToCsvRow(s, "my,\"song\".wav", 10.0);
    CHECK(line.rfind("summary,\"my,\"\"song\"\".wav\",10,", 0) == 0);
    const auto row = splitCsv(line);
    REQUIRE(static_cast<int>(row.size()) == csvColumnCount());
    CHECK(row[1] == "my,\"song\".wav");
}
