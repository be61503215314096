// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "format/CsvOutput.h"
#include "demo/DemoSignal.h"

#include <catch2/catch.hpp>

#include <algorithm>

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

TEST_CASE("CSV header: type, file, time, 25 dimensions, 11 prefixed mood metrics, label, state, key, mode, "
          "then the appended sample_rate, duration, warming_up, tempo_skipped",
          "[csv]")
{
    const auto header = splitCsv(csvHeader());
    REQUIRE(static_cast<int>(header.size()) == csvColumnCount());
    CHECK(csvColumnCount() == 3 + kNumDims + kNumMoods + 4 + 4);
    CHECK(header[0] == "type");
    CHECK(header[2] == "time");
    CHECK(header[3] == "sub_bass_pct");
    CHECK(header[3 + kNumDims - 1] == "phase_correlation");
    CHECK(header[3 + kNumDims] == "mood_energy");
    CHECK(header[3 + kNumDims + static_cast<int>(Mood::HarmonicRatio)] == "mood_harmonic_ratio");
    // the older columns keep their positions: scripts indexing them still work
    const std::size_t mode = 3 + kNumDims + kNumMoods + 3;
    CHECK(header[mode - 3] == "label");
    CHECK(header[mode] == "mode");
    CHECK(std::vector<std::string>(header.begin() + static_cast<long>(mode) + 1, header.end()) ==
          std::vector<std::string> { "sample_rate", "duration", "warming_up", "tempo_skipped" });
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

    const auto summary = splitCsv(summaryToCsvRow(last, "demo", 10.0, 44100.0));
    CHECK(summary[0] == "summary");
    CHECK(summary[2] == "10");
}

namespace {
std::string column(const std::vector<std::string>& row, const char* name)
{
    const auto header = splitCsv(csvHeader());
    const auto at = std::find(header.begin(), header.end(), name);
    REQUIRE(at != header.end());
    REQUIRE(row.size() == header.size());
    return row[static_cast<std::size_t>(at - header.begin())];
}
} // namespace

TEST_CASE("CSV keeps what the JSON lines say: sample rate, duration, warm-up and skipped tempo", "[csv]")
{
    const auto demo = makeDemoSignal(10.0, 44100.0);
    const auto snapshots = run(demo.left, demo.right, demo.sampleRate).slow;
    REQUIRE(snapshots.size() == 5);
    // the first frame (2 s of the 8 s window) is warming up, the last is not
    const auto warm = splitCsv(frameToCsvRow(snapshots.front(), "demo"));
    CHECK(column(warm, "warming_up") == "1");
    const auto last = splitCsv(frameToCsvRow(snapshots.back(), "demo"));
    CHECK(column(last, "warming_up") == "0");
    // frame rows leave the per-file fields empty; the summary row has them
    CHECK(column(last, "sample_rate").empty());
    CHECK(column(last, "duration").empty());
    const auto summary = splitCsv(summaryToCsvRow(snapshots.back(), "demo", 10.0, 44100.0));
    CHECK(column(summary, "sample_rate") == "44100");
    CHECK(std::stod(column(summary, "duration")) == Approx(10.0));
    CHECK(column(summary, "warming_up") == "0");
    CHECK(column(last, "tempo_skipped") == "0");
    CHECK(column(warm, "tempo_skipped") == "0");

    EngineConfig lazy;
    lazy.lazyTempo = true;
    const auto lazySnapshots = run(demo.left, demo.right, demo.sampleRate, lazy).slow;
    REQUIRE(lazySnapshots.size() == 5);
    for (const auto& s : lazySnapshots) // warm-up frames included: the option is in force
        CHECK(column(splitCsv(frameToCsvRow(s, "demo")), "tempo_skipped") == "1");
    CHECK(std::stof(column(splitCsv(frameToCsvRow(lazySnapshots.back(), "demo")), "tempo_bpm")) == 0.0f);
}

TEST_CASE("CSV mood columns: metrics, label, state, key and mode once computed", "[csv]")
{
    SlowSnapshot s = demoSnapshots().back();
    CHECK(s.has(Mood::Valence)); // the analyzer computes mood
    s.moodValid = 0;             // as a snapshot without mood
    auto row = splitCsv(frameToCsvRow(s, "demo"));
    const auto label = static_cast<std::size_t>(3 + kNumDims + kNumMoods);
    CHECK(row[label].empty()); // no mood computed: no label
    s.set(Mood::Energy, 0.75f);
    s.category = MoodCategory { 2, 2, 2 };
    s.state = MoodState::Groove;
    s.featuresValid = true;
    s.features.key = 9;
    s.features.minor = true;
    row = splitCsv(frameToCsvRow(s, "demo"));
    CHECK(std::stof(row[3 + kNumDims]) == Approx(0.75f));
    CHECK(row[3 + kNumDims + 1].empty()); // valence not computed
    CHECK(row[label] == moodCategoryLabel(s.category));
    CHECK(row[label + 1] == "groove");
    CHECK(row[label + 2] == "A");
    CHECK(row[label + 3] == "minor");
}

TEST_CASE("CSV quotes a file name holding a comma or a quote", "[csv]")
{
    const SlowSnapshot s = demoSnapshots().back();
    const std::string line = summaryToCsvRow(s, "my,\"song\".wav", 10.0, 44100.0);
    CHECK(line.rfind("summary,\"my,\"\"song\"\".wav\",10,", 0) == 0);
    const auto row = splitCsv(line);
    REQUIRE(static_cast<int>(row.size()) == csvColumnCount());
    CHECK(row[1] == "my,\"song\".wav");
}
