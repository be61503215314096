// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/ThrottledReport.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace moodscope;

namespace {
std::vector<std::string> lines;
void collect(const std::string& line)
{
    lines.push_back(line);
}
} // namespace

TEST_CASE("ThrottledReport: a target failing the same way is reported once per interval with the count held back",
          "[util]")
{
    lines.clear();
    ThrottledReport report { std::chrono::seconds(5) };
    const auto t0 = ThrottledReport::Clock::time_point {} + std::chrono::hours(1);
    using std::chrono::milliseconds;

    report.report("osc: desk: ", "connection refused", true, t0, collect);
    for (int i = 1; i <= 40; ++i) // 25 datagrams a second for 1.6 s
        report.report("osc: desk: ", "connection refused", false, t0 + milliseconds(40 * i), collect);
    REQUIRE(lines == std::vector<std::string> { "osc: desk: connection refused" });

    // a new kind of failure at once, then the old one again (not a repeat of the last line)
    report.report("osc: desk: ", "network is unreachable", false, t0 + milliseconds(2000), collect);
    report.report("osc: desk: ", "connection refused", false, t0 + milliseconds(2100), collect);
    REQUIRE(lines.size() == 3);
    CHECK(lines[1] == "osc: desk: network is unreachable (40 more since the last report)");
    CHECK(lines[2] == "osc: desk: connection refused");

    // repeats: held back until the interval has passed, then one line with their count
    for (int i = 1; i <= 10; ++i)
        report.report("osc: desk: ", "connection refused", false, t0 + milliseconds(2100 + 400 * i), collect);
    REQUIRE(lines.size() == 3);
    report.report("osc: desk: ", "connection refused", false, t0 + milliseconds(7100), collect);
    REQUIRE(lines.size() == 4);
    CHECK(lines[3] == "osc: desk: connection refused (10 more since the last report)");

    // the first failure after the target worked again is news even if it reads the same
    report.report("osc: desk: ", "connection refused", true, t0 + milliseconds(7200), collect);
    REQUIRE(lines.size() == 5);
    CHECK(lines[4] == "osc: desk: connection refused");

    // no log function: counted as reported, nothing else happens
    report.report("osc: desk: ", "host not found", false, t0 + milliseconds(7300), nullptr);
    report.report("osc: desk: ", "host not found", false, t0 + milliseconds(7400), collect);
    CHECK(lines.size() == 5);
}
