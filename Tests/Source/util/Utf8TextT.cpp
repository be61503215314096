// SPDX-License-Identifier: GPL-3.0-or-later
// File names as bytes made safe: valid UTF-8 for data, one printable line for messages.
#include "util/Utf8Text.h"

#include <catch2/catch.hpp>

using namespace moodscope;

TEST_CASE("validUtf8 keeps UTF-8 and replaces each stray byte", "[util]")
{
    CHECK(validUtf8("plain name.wav") == "plain name.wav");
    CHECK(validUtf8("\xC3\xA9t\xC3\xA9 \xF0\x9F\x8E\xB5.wav") == "\xC3\xA9t\xC3\xA9 \xF0\x9F\x8E\xB5.wav");
    CHECK(validUtf8("lat1 \xE9t\xE9.wav") == "lat1 \xEF\xBF\xBDt\xEF\xBF\xBD.wav");
    CHECK(validUtf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong '/'
    CHECK(validUtf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
    CHECK(validUtf8("cut \xE2\x82") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");         // sequence cut short
    CHECK(validUtf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
}

TEST_CASE("printable makes one line that names odd bytes and drives no terminal", "[util]")
{
    CHECK(printable("song.flac") == "song.flac");
    CHECK(printable("\xC3\xA9t\xC3\xA9.wav") == "\xC3\xA9t\xC3\xA9.wav");
    CHECK(printable("lat1 \xE9t\xE9.wav") == "lat1 \\xE9t\\xE9.wav");
    CHECK(printable("two\nlines.wav") == "two\\nlines.wav");
    CHECK(printable("tab\tcr\r.wav") == "tab\\tcr\\r.wav");
    CHECK(printable("\x1B[31mred.wav") == "\\x1B[31mred.wav");
    CHECK(printable("del\x7F.wav") == "del\\x7F.wav");
    CHECK(printable("csi\xC2\x9B"
                    "2J.wav") == "csi\\xC2\\x9B2J.wav");
    const std::string out = printable("\n\x1B\x07\xFF");
    CHECK(out.find_first_of("\n\r\x1B\x07") == std::string::npos);
}
