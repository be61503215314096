// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledPacket.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace moodscope;

namespace {
// The bytes at offset as WLED's ESP32 stores them: little-endian.
std::uint32_t le32(const WledPacketBytes& b, std::size_t offset)
{
    return static_cast<std::uint32_t>(b[offset]) | static_cast<std::uint32_t>(b[offset + 1]) << 8 |
           static_cast<std::uint32_t>(b[offset + 2]) << 16 | static_cast<std::uint32_t>(b[offset + 3]) << 24;
}
} // namespace

TEST_CASE("WLED packet: WLED's V2 layout, byte for byte", "[wled]")
{
    WledAudioSync v;
    v.sampleRaw = 1.5f;   // IEEE 754: 0x3FC00000
    v.sampleSmth = -2.0f; // 0xC0000000
    v.samplePeak = true;
    for (std::size_t i = 0; i < 16; ++i)
        v.fftResult[i] = static_cast<std::uint8_t>(10 + i);
    v.fftMagnitude = 0.25f;  // 0x3E800000
    v.fftMajorPeak = 440.0f; // 0x43DC0000
    const auto b = encodeWledPacket(v);

    REQUIRE(b.size() == 44);
    CHECK(std::string(reinterpret_cast<const char*>(b.data()), 6) == std::string("00002\0", 6));
    CHECK(b[6] == 0);
    CHECK(b[7] == 0);
    CHECK(le32(b, 8) == 0x3FC00000u);
    CHECK(le32(b, 12) == 0xC0000000u);
    CHECK(b[16] == 1);
    CHECK(b[17] == 0);
    for (std::size_t i = 0; i < 16; ++i)
        CHECK(b[18 + i] == 10 + i);
    CHECK(b[34] == 0);
    CHECK(b[35] == 0);
    CHECK(le32(b, 36) == 0x3E800000u);
    CHECK(le32(b, 40) == 0x43DC0000u);
}

TEST_CASE("WLED packet: no peak is 0, a value that is not finite goes out as 0", "[wled]")
{
    WledAudioSync v;
    v.sampleRaw = std::numeric_limits<float>::quiet_NaN();
    v.fftMajorPeak = std::numeric_limits<float>::infinity();
    const auto b = encodeWledPacket(v);
    CHECK(b[16] == 0);
    CHECK(le32(b, 8) == 0u);
    CHECK(le32(b, 40) == 0u);
}
