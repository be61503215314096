// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/Utf8Text.h"

#include <cstdint>
#include <cstdio>

namespace moodscope {

namespace {
// Length of the valid UTF-8 sequence starting at bytes[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), 0 when the byte there does not start one.
std::size_t sequenceLength(std::string_view bytes, std::size_t i, std::uint32_t& codePoint)
{
    const auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(bytes[k]); };
    const std::uint8_t b = at(i);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (b < 0x80)
    {
        codePoint = b;
        return 1;
    }
    if ((b & 0xe0) == 0xc0)
        n = 2, min = 0x80, codePoint = b & 0x1fu;
    else if ((b & 0xf0) == 0xe0)
        n = 3, min = 0x800, codePoint = b & 0x0fu;
    else if ((b & 0xf8) == 0xf0)
        n = 4, min = 0x10000, codePoint = b & 0x07u;
    else
        return 0;
    if (i + n > bytes.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
    {
        if ((at(i + k) & 0xc0) != 0x80)
            return 0;
        codePoint = codePoint << 6 | (at(i + k) & 0x3fu);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return n;
}

std::string hexByte(unsigned byte)
{
    char text[8];
    std::snprintf(text, sizeof text, "\\x%02X", byte & 0xffu);
    return text;
}

// Walks bytes as UTF-8: valid(codePoint, sequence) for each valid sequence, invalid(byte) for
// each byte that starts none.
template <typename Valid, typename Invalid>
void forEachSequence(std::string_view bytes, Valid&& valid, Invalid&& invalid)
{
    for (std::size_t i = 0; i < bytes.size();)
    {
        std::uint32_t cp = 0;
        const std::size_t n = sequenceLength(bytes, i, cp);
        if (n == 0)
        {
            invalid(static_cast<std::uint8_t>(bytes[i]));
            ++i;
            continue;
        }
        valid(cp, bytes.substr(i, n));
        i += n;
    }
}
} // namespace

std::string validUtf8(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    forEachSequence(
        bytes, [&](std::uint32_t, std::string_view sequence) { out.append(sequence); },
        [&](std::uint8_t) { out += "\xEF\xBF\xBD"; });
    return out;
}

std::string printable(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    forEachSequence(
        bytes,
        [&](std::uint32_t cp, std::string_view sequence) {
            if (cp == '\n')
                out += "\\n";
            else if (cp == '\t')
                out += "\\t";
            else if (cp == '\r')
                out += "\\r";
            else if (cp < 0x20 || cp == 0x7f)
                out += hexByte(cp);
            else if (cp >= 0x80 && cp < 0xa0) // C1 controls, CSI (U+009B) among them
                for (const char c : sequence)
                    out += hexByte(static_cast<std::uint8_t>(c));
            else
                out.append(sequence);
        },
        [&](std::uint8_t byte) { out += hexByte(byte); });
    return out;
}

} // namespace moodscope
