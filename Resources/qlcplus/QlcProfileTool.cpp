// SPDX-License-Identifier: GPL-3.0-or-later
// Writes what is made from the lighting profile's address table (Source/osc/OscLightingTable):
// the QLC+ input profile that names every address with the channel QLC+ computes for it, and
// the tables of docs/OSC.md "Lighting profile".
#include "osc/OscAddressSpace.h"
#include "osc/OscLightingTable.h"
#include "osc/QlcChannel.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

using namespace moodscope;

namespace {
std::string number(float v)
{
    std::ostringstream out;
    out << v;
    const std::string s = out.str();
    return s[0] == '-' ? "−" + s.substr(1) : s; // a real minus sign in the docs
}

std::string range(float lo, float hi, std::string_view unit)
{
    return number(lo) + " … " + number(hi) + (unit.empty() ? "" : " " + std::string(unit));
}

std::string mapped(float lo, float hi, std::string_view unit)
{
    return lo == 0.0f && hi == 1.0f && unit.empty() ? "0 … 1" : range(lo, hi, unit) + " → 0 … 1";
}

std::string milliseconds(double seconds)
{
    return std::to_string(static_cast<int>(seconds * 1000.0 + 0.5)) + " ms";
}

// What a row's value is, in words.
std::string meaning(const LightRow& r)
{
    switch (r.kind)
    {
    case LightKind::Level:
        return r.signal == LightSignal::Dim ? "each dimension's display range → 0 … 1" : mapped(r.lo, r.hi, r.unit);
    case LightKind::Agc:
        return "automatic gain: its running range → 0 … 1";
    case LightKind::Pulse:
        return "1 for " + milliseconds(kLightPulseHoldSeconds) + ", then 0";
    case LightKind::Envelope:
        return "1, halving every " + milliseconds(kLightEnvelopeHalfLifeSeconds);
    }
    return {};
}

std::string when(const LightRow& r)
{
    if (r.kind == LightKind::Pulse)
        return "while 1, then 0 in the next two bundles";
    switch (r.channel)
    {
    case LightChannel::Fast:
        return "every fast bundle";
    case LightChannel::Slow:
    case LightChannel::PerDimension:
        return "every slow update (per computed value)";
    case LightChannel::Events:
        break;
    }
    return {};
}

std::string channelName(LightChannel c)
{
    switch (c)
    {
    case LightChannel::Fast:
        return "fast";
    case LightChannel::Slow:
        return "slow";
    case LightChannel::PerDimension:
        return "perDimension";
    case LightChannel::Events:
        return "events";
    }
    return {};
}

std::string xmlEscaped(const std::string& s)
{
    std::string out;
    for (const char c : s)
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    return out;
}

// Channel → address; two addresses with one channel would make the profile lie.
std::map<int, const LightAddress*> channels(const std::vector<LightAddress>& addresses, std::string& clash)
{
    std::map<int, const LightAddress*> out;
    for (const auto& a : addresses)
    {
        const auto [it, fresh] = out.emplace(qlcChannel(a.path), &a);
        if (!fresh)
            clash = a.path + " and " + it->second->path + " both give QLC+ channel " + std::to_string(it->first);
    }
    return out;
}

std::string qxi(const std::string& prefix, const std::map<int, const LightAddress*>& byChannel)
{
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE InputProfile>\n"
      << "<InputProfile xmlns=\"http://www.qlcplus.org/InputProfile\">\n"
      << " <Creator>\n  <Name>Moodscope</Name>\n  <Version>" << MOODSCOPE_VERSION << "</Version>\n"
      << "  <Author>Moodscope, generated from its lighting address table</Author>\n </Creator>\n"
      << " <Manufacturer>Moodscope</Manufacturer>\n"
      << " <Model>" << xmlEscaped(prefix == "/moodscope" ? std::string("Lighting") : "Lighting " + prefix)
      << "</Model>\n <Type>OSC</Type>\n";
    for (const auto& [channel, a] : byChannel)
        x << " <Channel Number=\"" << channel << "\">\n  <Name>" << xmlEscaped(a->path) << "</Name>\n  <Type>"
          << (a->row->kind == LightKind::Pulse ? "Button" : "Slider") << "</Type>\n </Channel>\n";
    x << "</InputProfile>\n";
    return x.str();
}

std::string markdown(const std::string& prefix, const std::vector<LightAddress>& addresses)
{
    std::ostringstream md;
    md << "| address | follows | value | sent | switch |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& r : lightingTable())
        md << "| `" << r.tail << "` | " << r.source << " | " << meaning(r) << " | " << when(r) << " | `"
           << channelName(r.channel) << "` |\n";
    md << "\n<details><summary>Every address with its QLC+ input channel (prefix <code>" << prefix
       << "</code>)</summary>\n\n| address | QLC+ channel | value |\n| --- | --- | --- |\n";
    for (const auto& a : addresses) // QLC+ shows a channel counted from 1; its files count from 0
        md << "| `" << a.path << "` | " << qlcChannel(a.path) + 1 << " | "
           << (a.row->kind == LightKind::Level ? mapped(a.lo, a.hi, a.unit) : meaning(*a.row)) << " |\n";
    md << "\n</details>\n";
    return md.str();
}
} // namespace

int main(int argc, char** argv)
{
    CLI::App app("The QLC+ input profile and the docs tables of Moodscope's OSC lighting profile");
    std::string prefix = "/moodscope", qxiPath;
    bool doc = false;
    app.add_option("--prefix", prefix, "OSC address prefix (the channels depend on it)")->capture_default_str();
    app.add_option("--qxi", qxiPath, "Write the QLC+ input profile (.qxi) here");
    app.add_flag("--markdown", doc, "Print the tables of docs/OSC.md \"Lighting profile\"");
    CLI11_PARSE(app, argc, argv);
    if (const auto problem = OscAddressSpace::prefixProblem(prefix); !problem.empty())
    {
        std::cerr << "moodscope_qlcplus_profile: the prefix " << problem << ", got '" << prefix << "'\n";
        return 2;
    }
    const auto addresses = lightingAddresses(prefix);
    std::string clash;
    const auto byChannel = channels(addresses, clash);
    if (!clash.empty())
    {
        std::cerr << "moodscope_qlcplus_profile: " << clash << "; choose another prefix\n";
        return 1;
    }
    if (!qxiPath.empty())
    {
        std::ofstream out(qxiPath, std::ios::binary);
        out << qxi(prefix, byChannel);
        if (!out.flush())
        {
            std::cerr << "moodscope_qlcplus_profile: cannot write " << qxiPath << "\n";
            return 1;
        }
    }
    if (doc)
        std::cout << markdown(prefix, addresses);
    return 0;
}
