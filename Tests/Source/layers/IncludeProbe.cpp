// SPDX-License-Identifier: GPL-3.0-or-later
// Compiled only by the layer test: includes MOODSCOPE_PROBE_HEADER with the include paths of
// the layer it is linked to, to show which layers that one can (and cannot) see.
#include MOODSCOPE_PROBE_HEADER

int moodscopeIncludeProbe()
{
    return 0;
}
