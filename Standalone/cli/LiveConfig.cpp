// SPDX-License-Identifier: GPL-3.0-or-later
#include "LiveConfig.h"

#include "util/Utf8Text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace moodscope {

namespace {
// One scalar of the file as the text an option would get on the command line.
bool scalarText(const toml::node& node, std::string& out)
{
    if (const auto* s = node.as_string())
        out = s->get();
    else if (const auto* i = node.as_integer())
        out = std::to_string(i->get());
    else if (const auto* f = node.as_floating_point())
    {
        std::ostringstream text;
        text.precision(17);
        text << f->get();
        out = text.str();
    }
    else if (const auto* b = node.as_boolean())
        out = b->get() ? "true" : "false";
    else
        return false;
    return true;
}

// The values of one key: a scalar, or an array of scalars for a repeatable option.
bool valueTexts(const toml::node& node, std::vector<std::string>& out)
{
    if (const auto* array = node.as_array())
    {
        for (const auto& element : *array)
        {
            std::string text;
            if (!scalarText(element, text))
                return false;
            out.push_back(std::move(text));
        }
        return !out.empty();
    }
    std::string text;
    if (!scalarText(node, text))
        return false;
    out.push_back(std::move(text));
    return true;
}

// Puts values into option as if typed, running its validators and conversion.
std::string applyValues(CLI::Option* option, const std::vector<std::string>& values)
{
    option->clear();
    option->add_result(values);
    try
    {
        option->run_callback();
    }
    catch (const CLI::Error& e)
    {
        return e.what();
    }
    return {};
}

std::string keyList(const CLI::App& app)
{
    std::string out;
    for (const auto* option : app.get_options())
        out += (out.empty() ? "" : ", ") + option->get_single_name();
    return out;
}
} // namespace

LiveSetup loadLiveSetup(const std::string& path, const GivenOptions& commandLine)
{
    LiveSetup setup;
    const auto shownPath = printable(path);
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
    {
        setup.problem = "cannot read the config file " + shownPath + ": it is a directory";
        return setup;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        setup.problem = "cannot read the config file " + shownPath + ": " + std::strerror(errno);
        return setup;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
    {
        setup.problem = "cannot read the config file " + shownPath + ": " + std::strerror(errno);
        return setup;
    }

    toml::table table;
    try
    {
        table = toml::parse(text.str(), path);
    }
    catch (const toml::parse_error& e)
    {
        setup.problem =
            shownPath + ":" + std::to_string(e.source().begin.line) + ": " + printable(std::string(e.description()));
        return setup;
    }

    LiveOptions o;
    CLI::App parser { "", "live" };
    parser.set_help_flag(); // only the live options themselves are keys
    addLiveOptions(&parser, o);

    std::set<std::string> fromCommandLine;
    for (const auto& [name, values] : commandLine)
        if (auto* option = parser.get_option_no_throw(name))
        {
            fromCommandLine.insert(option->get_single_name());
            if (auto problem = applyValues(option, values); !problem.empty())
            {
                setup.problem = name + ": " + problem;
                return setup;
            }
        }

    // In the file's order, so the first problem reported is the first in the file.
    std::vector<std::pair<toml::source_index, const toml::key*>> keys;
    for (const auto& [key, node] : table)
        keys.emplace_back(key.source().begin.line, &key);
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    for (const auto& [line, key] : keys)
    {
        const std::string name(key->str());
        const auto where = shownPath + ":" + std::to_string(line) + ": ";
        auto* option = parser.get_option_no_throw("--" + name);
        if (option == nullptr || name.empty() || name.front() == '-')
        {
            setup.problem = where + "unknown key '" + printable(name) + "' (the keys are: " + keyList(parser) + ")";
            return setup;
        }
        const auto& node = *table.get(key->str());
        // A flag takes no value on the command line; in the file it is true or false, not a
        // number that CLI11 would read as one.
        if (option->get_expected_max() == 0 && !node.is_boolean())
        {
            setup.problem = where + "key '" + name + "' wants true or false";
            return setup;
        }
        std::vector<std::string> values;
        if (!valueTexts(node, values))
        {
            setup.problem = where + "key '" + name + "' wants a string, number, true/false or a list of them";
            return setup;
        }
        if (fromCommandLine.count(name) > 0)
            continue;
        if (auto problem = applyValues(option, values); !problem.empty())
        {
            setup.problem = where + "key '" + name + "': " + printable(problem);
            return setup;
        }
    }

    setup.problem = oscUsageProblem(o.osc, true, "--osc");
    if (setup.problem.empty())
        setup.problem = wledUsageProblem(o.wled, true, "");
    setup.oscGiven = parser.get_option("--osc")->count() > 0;
    for (const auto* option : parser.get_options())
        if (option->count() > 0)
            setup.values[option->get_single_name()] = option->results();
    o.osc.shaping.clear();
    // the parser ends here: what the options said is kept, not where they live
    o.wled.given = o.wled.on();
    o.wled.wled = nullptr;
    o.wled.shaping.clear();
    setup.options = o;
    return setup;
}

} // namespace moodscope
