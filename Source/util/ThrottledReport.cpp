// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/ThrottledReport.h"

namespace moodscope {

void ThrottledReport::report(const std::string& prefix, const std::string& what, bool fresh, Clock::time_point now,
                             Log log)
{
    if (!fresh && what == lastLogged_ && now - lastLog_ < interval_)
    {
        ++suppressed_;
        return;
    }
    std::string line = prefix + what;
    if (suppressed_ > 0)
        line += " (" + std::to_string(suppressed_) + " more since the last report)";
    if (log != nullptr)
        log(line);
    lastLog_ = now;
    lastLogged_ = what;
    suppressed_ = 0;
}

} // namespace moodscope
