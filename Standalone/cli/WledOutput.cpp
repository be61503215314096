// SPDX-License-Identifier: GPL-3.0-or-later
#include "WledOutput.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace moodscope {

void addWledOptions(CLI::App* command, WledCliOptions& o)
{
    const CLI::Validator validTarget(
        [](std::string& text) -> std::string {
            std::error_code error;
            if (!text.empty() && std::filesystem::exists(text, error))
                return "'" + text +
                       "' is a file, not a WLED target: give the files before --wled, or write --wled=HOST";
            return text.empty() || parseWledTarget(text)
                       ? std::string()
                       : "expected HOST or HOST:PORT with a port in 1..65535, got '" + text + "'";
        },
        "", "WLED target");
    o.wled = command
                 ->add_option("--wled", o.targets,
                              "Send WLED Audio Sync packets (docs/WLED.md): without a value to WLED's multicast "
                              "group 239.0.0.1:11988, or to a WLED device HOST[:PORT] (repeatable)")
                 ->expected(0, 1)
                 ->check(validTarget)
                 ->type_name("[HOST[:PORT]]");
    o.shaping = {
        command->add_option("--wled-ttl", o.ttl, "Hops a WLED multicast packet may take (1: this network only)")
            ->check(CLI::Range(1, 255))
            ->capture_default_str(),
        command
            ->add_option("--wled-interface", o.interface,
                         "Network interface (name or its IPv4 address) for WLED multicast (default: the "
                         "route's)")
            ->type_name("IF"),
    };
}

std::string wledUsageProblem(const WledCliOptions& o, bool allowed, const std::string& whyNot)
{
    if (o.on() && !allowed)
        return "--wled " + whyNot;
    if (!o.on())
        for (const auto* option : o.shaping)
            if (option->count() > 0)
                return option->get_name() + " shapes the WLED output, which only --wled turns on";
    return {};
}

WledSettings wledSettings(const WledCliOptions& o)
{
    WledSettings s;
    s.targets.clear();
    s.multicastTtl = o.ttl;
    s.multicastInterface = o.interface;
    bool multicast = o.targets.empty();
    for (const auto& text : o.targets)
    {
        if (text.empty())
            multicast = true;
        else if (const auto t = parseWledTarget(text);
                 t && std::find(s.targets.begin(), s.targets.end(), *t) == s.targets.end())
            s.targets.push_back(*t);
    }
    if (multicast && std::find(s.targets.begin(), s.targets.end(), WledTarget {}) == s.targets.end())
        s.targets.insert(s.targets.begin(), WledTarget {});
    return s;
}

std::string describeWledSettings(const WledSettings& s)
{
    std::string out;
    bool multicast = false;
    for (const auto& t : s.targets)
    {
        out += (out.empty() ? "" : ", ") + describeWledTarget(t);
        multicast = multicast || isMulticastHost(t.host);
    }
    if (!multicast)
        return out;
    out += " (multicast TTL " + std::to_string(s.multicastTtl);
    if (!s.multicastInterface.empty())
        out += " on " + s.multicastInterface;
    return out + ")";
}

WledStream::WledStream(Fanout<FastFrame>& fast, const WledSettings& settings) : sender_(fast)
{
    sender_.start(settings);
}

WledStream::~WledStream()
{
    sender_.stop();
}

void WledStream::stop()
{
    sender_.stop();
}

WledPublishingSink::WledPublishingSink(AnalysisSink& inner, const WledSettings& settings)
    : inner_(inner), stream_(fast_, settings)
{}

} // namespace moodscope
