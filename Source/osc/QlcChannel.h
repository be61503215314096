// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>

namespace moodscope {

// The input channel QLC+'s OSC plugin gives an address: the CRC-16/X.25 checksum (Qt's
// qChecksum, ISO 3309) of the address's UTF-8 bytes — of as many of them as the address has
// UTF-16 code units, as QLC+ passes QString::length() (all of them for ASCII). A message with
// several arguments gives one channel per argument, the checksum of "<path>_<i>". Checked
// against the channel numbers of the OSC input profiles QLC+ ships
// (Tests/Source/osc/QlcChannelT.cpp).
std::uint16_t qlcChannel(std::string_view path) noexcept;
std::uint16_t qlcChannel(std::string_view path, int argument);

} // namespace moodscope
