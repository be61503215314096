// SPDX-License-Identifier: GPL-3.0-or-later
// Placeholder so the plugin links before the OSC sender (issue 5) is merged; compiled only
// while Source/OscSender.cpp does not exist. Sends nothing.
#include "OscSender.h"

#include <charconv>

namespace moodscope {

std::optional<OscTarget> parseOscTarget(std::string_view text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return std::nullopt;
    int port = 0;
    const auto p = text.substr(colon + 1);
    const auto r = std::from_chars(p.data(), p.data() + p.size(), port);
    if (r.ec != std::errc() || r.ptr != p.data() + p.size() || port < 1 || port > 65535)
        return std::nullopt;
    auto host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
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
    OscStats s;
    for (const auto& t : impl_->settings.targets)
        s.targets.push_back(OscTargetStatus { t });
    return s;
}
void OscSender::flush(int) {}
void OscSender::setLogFunction(LogFunction) noexcept {}

} // namespace moodscope
