// SPDX-License-Identifier: GPL-3.0-or-later
#include "wled/WledPacket.h"

#include <cmath>
#include <cstring>

namespace moodscope {

namespace {
// IEEE 754 single precision, least significant byte first whatever this machine's order.
void putFloat(WledPacketBytes& out, std::size_t offset, float value) noexcept
{
    const float v = std::isfinite(value) ? value : 0.0f;
    std::uint32_t bits = 0;
    static_assert(sizeof bits == sizeof v);
    std::memcpy(&bits, &v, sizeof bits);
    for (std::size_t i = 0; i < 4; ++i)
        out[offset + i] = static_cast<std::uint8_t>(bits >> (8 * i));
}
} // namespace

WledPacketBytes encodeWledPacket(const WledAudioSync& values) noexcept
{
    WledPacketBytes out {};
    const char header[] = "00002"; // with its terminating zero: 6 bytes
    static_assert(sizeof header == 6);
    std::memcpy(out.data() + wledpacket::kHeader, header, sizeof header);
    putFloat(out, wledpacket::kSampleRaw, values.sampleRaw);
    putFloat(out, wledpacket::kSampleSmth, values.sampleSmth);
    out[wledpacket::kSamplePeak] = values.samplePeak ? 1 : 0;
    for (std::size_t i = 0; i < values.fftResult.size(); ++i)
        out[wledpacket::kFftResult + i] = values.fftResult[i];
    putFloat(out, wledpacket::kFftMagnitude, values.fftMagnitude);
    putFloat(out, wledpacket::kFftMajorPeak, values.fftMajorPeak);
    return out;
}

} // namespace moodscope
