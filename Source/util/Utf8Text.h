// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace moodscope {

// File names are bytes: Linux allows any but '/' and NUL, in no particular encoding. These
// make such bytes safe where text is expected.

// For data (JSON, CSV): valid UTF-8 passes through, each byte that is not part of a valid
// UTF-8 sequence becomes U+FFFD, so the output always parses as UTF-8.
std::string validUtf8(std::string_view bytes);

// For one-line messages on a terminal: valid UTF-8 passes through, control characters
// (newline, ESC, DEL, C1) become \n, \t, \r or \xNN and invalid bytes \xNN, so a name can
// neither split the line nor drive the terminal, and its odd bytes are still named.
std::string printable(std::string_view bytes);

} // namespace moodscope
