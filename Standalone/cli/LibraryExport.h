// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LibraryFingerprint.h"

#include <ostream>
#include <string>

namespace moodscope {

// `scan --export`: one JSON line or CSV row per scanned file (docs/LIBRARY.md).
std::string libraryJsonLine(const std::string& path, const LibraryFileResult& r);
std::string libraryCsvHeader();
std::string libraryCsvRow(const std::string& path, const LibraryFileResult& r);

std::string sourceName(FingerprintSource s);

} // namespace moodscope
