// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// moodycamel's queues synchronize through standalone fences, which ThreadSanitizer does
// not model. Under clang the library annotates those fences itself; GCC 12 lacks
// __has_feature, so we switch the same annotations on with GCC's own TSan macro.
// Include before any moodycamel header.
#if defined(__SANITIZE_THREAD__) && !defined(AE_TSAN_ANNOTATE_RELEASE)
namespace moodycamel {
inline int ae_tsan_global;
}
extern "C" void AnnotateHappensBefore(const char*, int, void*);
extern "C" void AnnotateHappensAfter(const char*, int, void*);
#define AE_TSAN_ANNOTATE_RELEASE() AnnotateHappensBefore(__FILE__, __LINE__, (void*)(&::moodycamel::ae_tsan_global))
#define AE_TSAN_ANNOTATE_ACQUIRE() AnnotateHappensAfter(__FILE__, __LINE__, (void*)(&::moodycamel::ae_tsan_global))
#endif
