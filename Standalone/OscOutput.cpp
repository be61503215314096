// SPDX-License-Identifier: GPL-3.0-or-later
#include "OscOutput.h"

namespace moodscope {

CLI::Option* addOscOption(CLI::App* command, std::vector<std::string>& targets, const std::string& help)
{
    const CLI::Validator valid(
        [](std::string& text) -> std::string {
            return parseOscTarget(text) ? std::string()
                                        : "expected HOST:PORT with a port in 1..65535, got '" + text + "'";
        },
        "", "OSC target");
    return command->add_option("--osc", targets, help)->check(valid)->type_name("HOST:PORT")->allow_extra_args(false);
}

std::vector<OscTarget> oscTargets(const std::vector<std::string>& texts)
{
    std::vector<OscTarget> out;
    for (const auto& text : texts)
        if (const auto target = parseOscTarget(text); target && std::find(out.begin(), out.end(), *target) == out.end())
            out.push_back(*target);
    return out;
}

std::string describeTargets(const std::vector<OscTarget>& targets)
{
    std::string out;
    for (const auto& t : targets)
        out += (out.empty() ? "" : ", ") + t.host + ":" + std::to_string(t.port);
    return out;
}

OscStream::OscStream(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow, const std::vector<OscTarget>& targets)
    : sender_(fast, slow)
{
    OscSettings settings;
    settings.targets = targets;
    sender_.start(settings);
}

OscStream::~OscStream()
{
    sender_.flush();
    sender_.stop();
}

void OscStream::flush()
{
    sender_.flush();
}

OscPublishingSink::OscPublishingSink(AnalysisSink& inner, const std::vector<OscTarget>& targets)
    : inner_(inner), stream_(fast_, slow_, targets)
{}

} // namespace moodscope
