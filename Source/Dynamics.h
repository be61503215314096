// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace moodscope {

// SPEC §4.2 crest_db: 20*log10(peak / RMS) of the mono signal; silence reads 0.
float crestDb(const float* mono, std::size_t n) noexcept;

} // namespace moodscope
