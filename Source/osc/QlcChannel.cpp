// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/QlcChannel.h"

#include <algorithm>
#include <string>

namespace moodscope {

namespace {
// UTF-16 code units of UTF-8 text: one per sequence, two for a 4-byte one (outside the BMP).
std::size_t utf16Units(std::string_view utf8) noexcept
{
    std::size_t units = 0;
    for (const char c : utf8)
    {
        const auto b = static_cast<std::uint8_t>(c);
        if ((b & 0xC0u) != 0x80u) // not a continuation byte
            units += b >= 0xF0u ? 2 : 1;
    }
    return units;
}
} // namespace

std::uint16_t qlcChannel(std::string_view path) noexcept
{
    // CRC-16/X.25: polynomial 0x1021 bit-reflected (0x8408), initial 0xFFFF, result inverted
    std::uint16_t crc = 0xFFFF;
    for (const char c : path.substr(0, std::min(path.size(), utf16Units(path))))
    {
        crc ^= static_cast<std::uint8_t>(c);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) != 0 ? static_cast<std::uint16_t>((crc >> 1) ^ 0x8408u)
                                  : static_cast<std::uint16_t>(crc >> 1);
    }
    return static_cast<std::uint16_t>(~crc);
}

std::uint16_t qlcChannel(std::string_view path, int argument)
{
    return qlcChannel(std::string(path) + "_" + std::to_string(argument));
}

} // namespace moodscope
