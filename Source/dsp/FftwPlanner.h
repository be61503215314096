// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <mutex>

namespace moodscope {

// FFTW's planner is not thread-safe: every plan and destroy in the process (plugin
// instances, CLI workers) happens under this one lock. Never taken on the audio thread.
std::mutex& fftwPlannerMutex();

} // namespace moodscope
