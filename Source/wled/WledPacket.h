// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace moodscope {

// The values of one WLED Audio Sync "V2" packet, in WLED's own units (docs/WLED.md).
struct WledAudioSync
{
    float sampleRaw = 0.0f;                    // 0..255, the unsmoothed (AGC) volume
    float sampleSmth = 0.0f;                   // 0..255, the smoothed volume
    bool samplePeak = false;                   // a beat or onset since the previous packet
    std::array<std::uint8_t, 16> fftResult {}; // GEQ channels, 0..254
    float fftMagnitude = 0.0f;                 // magnitude of the major peak
    float fftMajorPeak = 0.0f;                 // Hz
};

// WLED's struct audioSyncPacket (usermods/audioreactive/audio_reactive.h): 44 bytes, the
// ESP32's little-endian floats, the padding the compiler put into WLED's struct kept as zeros.
namespace wledpacket {
inline constexpr std::size_t kSize = 44;
inline constexpr std::size_t kHeader = 0; // char[6] "00002\0"
inline constexpr std::size_t kSampleRaw = 8;
inline constexpr std::size_t kSampleSmth = 12;
inline constexpr std::size_t kSamplePeak = 16;
inline constexpr std::size_t kFftResult = 18; // uint8_t[16]
inline constexpr std::size_t kFftMagnitude = 36;
inline constexpr std::size_t kFftMajorPeak = 40;
inline constexpr std::uint16_t kPort = 11988;
inline constexpr const char* kMulticastGroup = "239.0.0.1";
} // namespace wledpacket

using WledPacketBytes = std::array<std::uint8_t, wledpacket::kSize>;

// Non-finite values are sent as 0, so a receiver never sees NaN.
WledPacketBytes encodeWledPacket(const WledAudioSync& values) noexcept;

} // namespace moodscope
