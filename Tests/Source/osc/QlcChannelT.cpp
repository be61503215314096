// SPDX-License-Identifier: GPL-3.0-or-later
// QLC+'s input channel of an OSC address, against the channel numbers QLC+ itself wrote into
// the OSC input profiles it ships (Debian qlcplus, installed by scripts/setup.sh).
#include "osc/QlcChannel.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace moodscope;

TEST_CASE("QLC+ channel: CRC-16/X.25 of the address", "[osc][qlcplus]")
{
    CHECK(qlcChannel("123456789") == 0x906E); // the catalogue's check value of CRC-16/X.25
    CHECK(qlcChannel("") == 0x0000);
    CHECK(qlcChannel("/a", 1) == qlcChannel("/a_1"));
    // QLC+ hashes as many UTF-8 bytes as the address has UTF-16 units: "é" is 2 bytes, 1 unit
    CHECK(qlcChannel("/\xC3\xA9") == qlcChannel("/\xC3"));
}

TEST_CASE("QLC+ channel: every channel of QLC+'s shipped OSC input profiles", "[osc][qlcplus]")
{
    const std::filesystem::path dir = "/usr/share/qlcplus/inputprofiles";
    INFO("QLC+'s input profiles are missing: scripts/setup.sh installs qlcplus");
    REQUIRE(std::filesystem::is_directory(dir));
    const std::regex channel(R"re(<Channel Number="(\d+)">\s*<Name>([^<]+)</Name>)re");
    int profiles = 0, checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
    {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string xml = text.str();
        if (xml.find("<Type>OSC</Type>") == std::string::npos)
            continue;
        ++profiles;
        for (std::sregex_iterator m(xml.begin(), xml.end(), channel), end; m != end; ++m)
        {
            INFO(entry.path().filename().string() << ": " << (*m)[2].str());
            CHECK(qlcChannel((*m)[2].str()) == std::stoi((*m)[1].str()));
            ++checked;
        }
    }
    CHECK(profiles >= 2);
    CHECK(checked >= 50);
}
