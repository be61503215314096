// SPDX-License-Identifier: GPL-3.0-or-later
#include "OscOutput.h"

#include "CliCommand.h"

#include "osc/OscAddressSpace.h"

#include <sstream>
#include <utility>

namespace moodscope {

CLI::Option* addOscOptions(CLI::App* command, OscCliOptions& o, const std::string& targetHelp)
{
    const CLI::Validator validTarget(
        [](std::string& text) -> std::string {
            return parseOscTarget(text) ? std::string()
                                        : "expected HOST:PORT with a port in 1..65535, got '" + text + "'";
        },
        "", "OSC target");
    const CLI::Validator validPrefix(
        [](std::string& text) -> std::string {
            // The library quietly repairs a bad prefix (a plugin must keep running with whatever
            // the host restores); on the command line a typo is better caught than turned into '_'.
            const auto problem = OscAddressSpace::prefixProblem(text);
            return problem.empty() ? problem : "the OSC address prefix " + problem + ", got '" + text + "'";
        },
        "", "OSC prefix");
    auto* osc = command->add_option("--osc", o.targets, targetHelp)
                    ->check(validTarget)
                    ->type_name("HOST:PORT")
                    ->allow_extra_args(false);
    o.shaping = {
        command->add_option("--osc-prefix", o.prefix, "OSC address prefix (e.g. /club/booth2)")
            ->check(validPrefix)
            ->type_name("/PATH")
            ->capture_default_str(),
        command->add_flag("--osc-plain", o.plain,
                          "Send every OSC message in its own datagram, without bundles or timetags (for receivers "
                          "that cannot read bundles, such as QLC+ before 4.10.4)"),
        command->add_flag("--osc-no-fast", o.noFast,
                          "Leave out the fast channel (/level, /loudness, /bands, /onset, /beat, /beat/phase, "
                          "/bar/phase, /bpm)"),
        command->add_flag("--osc-no-slow", o.noSlow,
                          "Leave out the slow channel (/window, /fingerprint, /mood/*, /key)"),
        command->add_flag("--osc-no-dims", o.noDims, "Leave out /fp/<name>, one message per fingerprint dimension"),
        command->add_flag("--osc-no-events", o.noEvents, "Leave out /event"),
        command->add_option("--osc-rate", o.rateHz, "At most this many fast OSC updates per second")
            ->check(finiteRange(1.0, 1000.0))
            ->type_name("HZ")
            ->capture_default_str(),
        command
            ->add_option("--osc-timetag", o.timetag,
                         "Bundle timetag: 'now' (this machine's clock) or 'immediate' (the receiver acts on "
                         "arrival whatever the clocks say; use it when the receiver schedules by timetag)")
            ->check(CLI::IsMember({ "now", "immediate" }))
            ->capture_default_str(),
        command
            ->add_option("--osc-profile", o.profile,
                         "Address profile: 'default' (docs/OSC.md address space) or 'lighting' (every value one "
                         "float in 0..1, beat pulses, auto-gain bands, zeros in silence: for lighting consoles "
                         "such as QLC+)")
            ->check(CLI::IsMember({ "default", "lighting" }))
            ->capture_default_str(),
    };
    return osc;
}

std::string oscUsageProblem(const OscCliOptions& o, bool oscOn, const std::string& howToTurnOn)
{
    if (!oscOn)
        for (const auto* option : o.shaping)
            if (option->count() > 0)
                return option->get_name() + " shapes the OSC output, which only " + howToTurnOn + " turns on";
    if (o.noFast && o.noSlow && o.noDims && o.noEvents)
        return "--osc-no-fast, --osc-no-slow, --osc-no-dims and --osc-no-events together leave nothing to send";
    return {};
}

OscSettings oscSettings(const OscCliOptions& o, std::vector<OscTarget> targets)
{
    OscSettings s;
    s.targets = std::move(targets);
    s.prefix = o.prefix;
    s.bundles = !o.plain;
    s.fast = !o.noFast;
    s.slow = !o.noSlow;
    s.perDimension = !o.noDims;
    s.events = !o.noEvents;
    s.maxFastRateHz = o.rateHz;
    s.timetag = o.timetag == "immediate" ? OscTimetag::Immediate : OscTimetag::Now;
    s.profile = o.profile == "lighting" ? OscProfile::Lighting : OscProfile::Default;
    return s;
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

std::string describeSettings(const OscSettings& s)
{
    const OscSettings defaults;
    std::vector<std::string> parts;
    if (s.prefix != defaults.prefix)
        parts.push_back("prefix " + s.prefix);
    if (s.profile == OscProfile::Lighting)
        parts.push_back("lighting profile");
    if (!s.bundles)
        parts.push_back("plain messages");
    if (s.timetag == OscTimetag::Immediate)
        parts.push_back("timetag immediate");
    for (const auto& [on, name] : { std::pair { s.fast, "fast" }, std::pair { s.slow, "slow" },
                                    std::pair { s.perDimension, "/fp" }, std::pair { s.events, "events" } })
        if (!on)
            parts.push_back(std::string(name) + " off");
    if (s.maxFastRateHz != defaults.maxFastRateHz)
    {
        std::ostringstream rate;
        rate << "fast at most " << s.maxFastRateHz << " Hz";
        parts.push_back(rate.str());
    }
    std::string out = describeTargets(s.targets);
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? " (" : ", ") + parts[i];
    return parts.empty() ? out : out + ")";
}

OscStream::OscStream(Fanout<FastFrame>& fast, Fanout<SlowSnapshot>& slow, const OscSettings& settings)
    : sender_(fast, slow)
{
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

OscPublishingSink::OscPublishingSink(AnalysisSink& inner, const OscSettings& settings)
    : inner_(inner), stream_(fast_, slow_, settings)
{}

} // namespace moodscope
