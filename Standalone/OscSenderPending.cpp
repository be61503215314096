// SPDX-License-Identifier: GPL-3.0-or-later
// TEMPORARY: stands in for Source/OscSender.cpp (issue 5, branch `osc`) until it lands, so
// the CLI builds against the pinned header. It sends nothing and says so. CMake compiles it
// only while Source/OscSender.cpp does not exist; delete it once the real sender is merged.
#include "OscSender.h"

#include <cctype>
#include <iostream>

namespace moodscope {

std::optional<OscTarget> parseOscTarget(std::string_view text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 >= text.size() || text.size() - colon > 6)
        return std::nullopt;
    std::string_view host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    int port = 0;
    for (const char c : text.substr(colon + 1))
    {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
        port = port * 10 + (c - '0');
    }
    if (host.empty() || port < 1 || port > 65535)
        return std::nullopt;
    return OscTarget { std::string(host), port };
}

struct OscSender::Impl
{
    OscSettings settings;
    bool running = false;
};

OscSender::OscSender(Fanout<FastFrame>&, Fanout<SlowSnapshot>&) : impl_(std::make_unique<Impl>()) {}
OscSender::~OscSender() = default;

void OscSender::start(const OscSettings& settings)
{
    impl_->settings = settings;
    impl_->running = true;
    std::cerr << "moodscope: OSC sending is not built yet (issue 5): nothing will be sent\n";
}
void OscSender::stop() noexcept
{
    impl_->running = false;
}
bool OscSender::isRunning() const noexcept
{
    return impl_->running;
}
void OscSender::setSettings(const OscSettings& settings)
{
    impl_->settings = settings;
}
OscStats OscSender::stats() const
{
    OscStats stats;
    for (const auto& t : impl_->settings.targets)
        stats.targets.push_back({ t, 0, 0, false, "not built" });
    return stats;
}
void OscSender::flush(int) {}
void OscSender::setLogFunction(LogFunction) noexcept {}

} // namespace moodscope
