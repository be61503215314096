// SPDX-License-Identifier: GPL-3.0-or-later
#include "PluginSettings.h"

#include "osc/OscAddressSpace.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <locale>
#include <sstream>
#include <string_view>

namespace moodscope {

namespace {
const juce::Identifier kParamTag { "PARAM" }; // the APVTS child node type
const juce::Identifier kIdAttr { "id" }, kValueAttr { "value" };

std::unique_ptr<juce::AudioParameterBool> boolParam(const char* id, const juce::String& name, bool defaultValue)
{
    return std::make_unique<juce::AudioParameterBool>(juce::ParameterID { id, 1 }, name, defaultValue);
}

std::unique_ptr<juce::AudioParameterFloat> secondsParam(const char* id, const juce::String& name, double lo, double hi,
                                                        double step, double defaultValue)
{
    return std::make_unique<juce::AudioParameterFloat>(
        juce::ParameterID { id, 1 }, name,
        juce::NormalisableRange<float>(static_cast<float>(lo), static_cast<float>(hi), static_cast<float>(step)),
        static_cast<float>(defaultValue), juce::AudioParameterFloatAttributes().withLabel("s"));
}

bool flag(juce::AudioProcessorValueTreeState& apvts, const char* id)
{
    return apvts.getRawParameterValue(id)->load() >= 0.5f;
}

// A number held as text (XML attributes are), all of it: not JUCE's parser, whose exponent
// overflows an int on a long run of digits, and not in the host's locale.
double parseNumber(const juce::String& text)
{
    std::istringstream in(text.trim().toStdString());
    in.imbue(std::locale::classic());
    double v = 0.0;
    if (!(in >> v) || !in.eof())
        return std::numeric_limits<double>::quiet_NaN();
    return v;
}

// A value from saved state, range-checked against the parameter: true when applied.
bool applyParam(juce::AudioProcessorValueTreeState& apvts, const juce::String& id, const juce::var& value)
{
    auto* param = apvts.getParameter(id);
    if (param == nullptr ||
        !(value.isDouble() || value.isInt() || value.isInt64() || value.isBool() || value.isString()))
        return false;
    const double v = value.isString() ? parseNumber(value.toString()) : static_cast<double>(value);
    if (!std::isfinite(v))
        return false;
    const auto& range = param->getNormalisableRange();
    if (v < static_cast<double>(range.start) || v > static_cast<double>(range.end))
        return false;
    param->setValueNotifyingHost(param->convertTo0to1(static_cast<float>(v)));
    return true;
}

void applyOscProperties(juce::AudioProcessorValueTreeState& apvts, const juce::ValueTree& saved)
{
    const auto targets = saved.getProperty(stateProp::oscTargets).toString();
    if (!parseTargetList(targets).empty())
        apvts.state.setProperty(stateProp::oscTargets, formatTargetList(parseTargetList(targets)), nullptr);
    const auto prefix = saved.getProperty(stateProp::oscPrefix).toString();
    if (isValidPrefix(prefix))
        apvts.state.setProperty(stateProp::oscPrefix, prefix, nullptr);
}

void applyWledProperties(juce::AudioProcessorValueTreeState& apvts, const juce::ValueTree& saved)
{
    const auto targets = parseWledTargetList(saved.getProperty(stateProp::wledTargets).toString());
    if (!targets.empty())
        apvts.state.setProperty(stateProp::wledTargets, formatWledTargetList(targets), nullptr);
    const auto interface = saved.getProperty(stateProp::wledInterface).toString().trim();
    if (interface.length() < 64 && !interface.containsAnyOf(" \t\r\n/"))
        apvts.state.setProperty(stateProp::wledInterface, interface, nullptr);
    const auto ttl = parseNumber(saved.getProperty(stateProp::wledTtl).toString());
    if (ttl >= 1.0 && ttl <= 255.0 && ttl == std::floor(ttl))
        apvts.state.setProperty(stateProp::wledTtl, static_cast<int>(ttl), nullptr);
}

bool readCurrentFormat(juce::AudioProcessorValueTreeState& apvts, const juce::ValueTree& saved)
{
    for (const auto& child : saved)
        if (child.hasType(kParamTag))
            applyParam(apvts, child.getProperty(kIdAttr).toString(), child.getProperty(kValueAttr));
    applyOscProperties(apvts, saved);
    applyWledProperties(apvts, saved);
    return true;
}

// copyXmlToBinary writes a magic number, the text's length, the text and a terminator.
constexpr juce::uint32 kXmlBinaryMagic = 0x21324356;

bool isTruncatedXmlBinary(const void* data, int sizeInBytes)
{
    if (sizeInBytes < 8 || juce::ByteOrder::littleEndianInt(data) != kXmlBinaryMagic)
        return false;
    const auto length = juce::ByteOrder::littleEndianInt(juce::addBytesToPointer(data, 4));
    return static_cast<juce::uint64>(length) + 8 > static_cast<juce::uint64>(sizeInBytes);
}

// The entities JUCE's XML writer uses, complete up to their ';'.
bool startsWithEntity(std::string_view s)
{
    for (const std::string_view named : { "amp;", "quot;", "apos;", "lt;", "gt;" })
        if (s.substr(0, named.size()) == named)
            return true;
    if (s.empty() || s[0] != '#')
        return false;
    const bool hex = s.size() > 1 && (s[1] == 'x' || s[1] == 'X');
    const std::size_t first = hex ? 2 : 1;
    std::size_t i = first;
    while (i < s.size() && i - first < 8 &&
           (hex ? std::isxdigit(static_cast<unsigned char>(s[i])) : std::isdigit(static_cast<unsigned char>(s[i]))))
        ++i;
    return i > first && i < s.size() && s[i] == ';';
}

// JUCE's XML parser misreads hostile text: a UTF-8 lead byte or an unfinished entity just before
// the end makes it step over the terminator and read past the buffer, a processing instruction
// before text inside an element makes it loop forever, a DTD's entities expand without bound.
// Our state is UTF-8 with complete entities and none of the others beyond the XML declaration.
// Call after isTruncatedXmlBinary.
bool isPlainXmlBinary(const void* data, int sizeInBytes)
{
    if (sizeInBytes < 8 || juce::ByteOrder::littleEndianInt(data) != kXmlBinaryMagic)
        return true;
    const auto length = static_cast<int>(juce::ByteOrder::littleEndianInt(juce::addBytesToPointer(data, 4)));
    const auto* text = static_cast<const char*>(data) + 8;
    if (!juce::CharPointer_UTF8::isValidString(text, length))
        return false;
    const std::string_view parsed(text, ::strnlen(text, static_cast<std::size_t>(length))); // up to a NUL
    if (parsed.find("<!") != std::string_view::npos || parsed.find("<?", 1) != std::string_view::npos)
        return false;
    for (auto at = parsed.find('&'); at != std::string_view::npos; at = parsed.find('&', at + 1))
        if (!startsWithEntity(parsed.substr(at + 1)))
            return false;
    return true;
}

// Version 1 saved one flat tree of numbers. JUCE's reader believes every count and size in the
// stream (a corrupt one asks for gigabytes or loops over billions of entries), so the layout is
// checked first: UTF-8 names, numbers of their exact size, no children.
bool isFlatNumericTree(const void* data, int sizeInBytes)
{
    const auto* bytes = static_cast<const juce::uint8*>(data);
    const auto size = static_cast<std::size_t>(sizeInBytes);
    std::size_t pos = 0;
    const auto name = [&] {
        const auto* end = static_cast<const juce::uint8*>(std::memchr(bytes + pos, 0, size - pos));
        if (end == nullptr || end == bytes + pos ||
            !juce::CharPointer_UTF8::isValidString(reinterpret_cast<const char*>(bytes + pos),
                                                   static_cast<int>(end - (bytes + pos))))
            return false;
        pos = static_cast<std::size_t>(end - bytes) + 1;
        return true;
    };
    // OutputStream::writeCompressedInt: a byte count (bit 7 set for a negative value), then that
    // many little-endian bytes
    const auto count = [&](std::size_t& value) {
        if (pos >= size || bytes[pos] > 4 || size - pos - 1 < bytes[pos])
            return false;
        value = 0;
        for (std::size_t i = bytes[pos]; i > 0; --i)
            value = value << 8 | bytes[pos + i];
        pos += 1u + bytes[pos];
        return true;
    };
    std::size_t properties = 0;
    if (!name() || !count(properties) || properties > 64)
        return false;
    for (std::size_t i = 0; i < properties; ++i)
    {
        std::size_t length = 0;
        if (!name() || !count(length) || pos >= size)
            return false;
        // var::writeToStream: a marker, then an int (1), nothing for a bool (2, 3), a double (4), an int64 (6)
        const auto marker = bytes[pos];
        const std::size_t expected = marker == 1                    ? 5
                                     : (marker == 2 || marker == 3) ? 1
                                     : (marker == 4 || marker == 6) ? 9
                                                                    : 0;
        if (expected == 0 || length != expected || size - pos < length)
            return false;
        pos += length;
    }
    std::size_t children = 0;
    return pos == size || (count(children) && children == 0);
}

// Version 1 wrote a binary ValueTree whose stream starts with its type name.
bool readVersion1(juce::AudioProcessorValueTreeState& apvts, const void* data, int sizeInBytes)
{
    const auto type = kStateType.toString();
    const auto typeBytes = static_cast<std::size_t>(type.getNumBytesAsUTF8());
    if (static_cast<std::size_t>(sizeInBytes) <= typeBytes + 1 ||
        std::memcmp(data, type.toRawUTF8(), typeBytes + 1) != 0 || !isFlatNumericTree(data, sizeInBytes))
        return false;
    const auto saved = juce::ValueTree::readFromData(data, static_cast<std::size_t>(sizeInBytes));
    if (!saved.hasType(kStateType))
        return false;
    applyParam(apvts, paramId::window, saved.getProperty("window"));
    applyParam(apvts, paramId::interval, saved.getProperty("interval"));
    return true;
}
} // namespace

juce::AudioProcessorValueTreeState::ParameterLayout createParameterLayout()
{
    const EngineConfig d;
    const OscSettings o;
    juce::AudioProcessorValueTreeState::ParameterLayout layout;
    layout.add(secondsParam(paramId::window, "Window", EngineConfig::kMinWindow, EngineConfig::kMaxWindow, 0.5,
                            d.windowSeconds),
               secondsParam(paramId::interval, "Interval", EngineConfig::kMinInterval, EngineConfig::kMaxInterval, 0.1,
                            d.intervalSeconds),
               boolParam(paramId::lazyTempo, "Lazy tempo", d.lazyTempo),
               boolParam(paramId::hostSync, "Host tempo sync", true), boolParam(paramId::oscEnabled, "OSC on", true),
               boolParam(paramId::oscFast, "OSC fast", o.fast), boolParam(paramId::oscSlow, "OSC slow", o.slow),
               boolParam(paramId::oscPerDimension, "OSC per dimension", o.perDimension),
               boolParam(paramId::oscEvents, "OSC events", o.events),
               boolParam(paramId::oscBundles, "OSC bundles", o.bundles),
               boolParam(paramId::oscImmediate, "OSC immediate timetags", o.timetag == OscTimetag::Immediate),
               boolParam(paramId::oscLighting, "OSC lighting profile", o.profile == OscProfile::Lighting),
               boolParam(paramId::wledEnabled, "WLED Audio Sync on", false),
               boolParam(paramId::linkEnabled, "Ableton Link on", false));
    return layout;
}

std::vector<OscTarget> parseTargetList(const juce::String& text, juce::StringArray* rejected)
{
    juce::StringArray items;
    items.addTokens(text, ",; \t\r\n", "");
    items.removeEmptyStrings();
    std::vector<OscTarget> targets;
    for (const auto& item : items)
    {
        if (const auto t = parseOscTarget(item.toStdString()))
        {
            if (std::find(targets.begin(), targets.end(), *t) == targets.end())
                targets.push_back(*t);
        }
        else if (rejected != nullptr)
            rejected->add(item);
    }
    return targets;
}

juce::String formatTargetList(const std::vector<OscTarget>& targets)
{
    juce::StringArray items;
    for (const auto& t : targets)
    {
        const juce::String host(t.host);
        items.add((host.containsChar(':') ? "[" + host + "]" : host) + ":" + juce::String(t.port));
    }
    return items.joinIntoString(", ");
}

juce::String defaultTargetList()
{
    return formatTargetList(OscSettings {}.targets);
}

std::vector<WledTarget> parseWledTargetList(const juce::String& text, juce::StringArray* rejected)
{
    juce::StringArray items;
    items.addTokens(text, ",; \t\r\n", "");
    items.removeEmptyStrings();
    std::vector<WledTarget> targets;
    for (const auto& item : items)
    {
        if (const auto t = parseWledTarget(item.toStdString()))
        {
            if (std::find(targets.begin(), targets.end(), *t) == targets.end())
                targets.push_back(*t);
        }
        else if (rejected != nullptr)
            rejected->add(item);
    }
    return targets;
}

juce::String formatWledTargetList(const std::vector<WledTarget>& targets)
{
    juce::StringArray items;
    for (const auto& t : targets)
        items.add(juce::String(describeWledTarget(t)));
    return items.joinIntoString(", ");
}

bool isValidPrefix(const juce::String& prefix)
{
    return OscAddressSpace::prefixProblem(prefix.toStdString()).empty();
}

PluginSettings readSettings(juce::AudioProcessorValueTreeState& apvts)
{
    PluginSettings s;
    s.engine.windowSeconds = static_cast<double>(apvts.getRawParameterValue(paramId::window)->load());
    s.engine.intervalSeconds = static_cast<double>(apvts.getRawParameterValue(paramId::interval)->load());
    s.engine.lazyTempo = flag(apvts, paramId::lazyTempo);
    s.engine = s.engine.clamped();
    s.hostSync = flag(apvts, paramId::hostSync);
    s.oscEnabled = flag(apvts, paramId::oscEnabled);
    s.osc.fast = flag(apvts, paramId::oscFast);
    s.osc.slow = flag(apvts, paramId::oscSlow);
    s.osc.perDimension = flag(apvts, paramId::oscPerDimension);
    s.osc.events = flag(apvts, paramId::oscEvents);
    s.osc.bundles = flag(apvts, paramId::oscBundles);
    s.osc.timetag = flag(apvts, paramId::oscImmediate) ? OscTimetag::Immediate : OscTimetag::Now;
    s.osc.profile = flag(apvts, paramId::oscLighting) ? OscProfile::Lighting : OscProfile::Default;
    auto targets = parseTargetList(apvts.state.getProperty(stateProp::oscTargets).toString());
    if (!targets.empty())
        s.osc.targets = std::move(targets);
    const auto prefix = apvts.state.getProperty(stateProp::oscPrefix).toString();
    if (isValidPrefix(prefix))
        s.osc.prefix = prefix.toStdString();
    s.wledEnabled = flag(apvts, paramId::wledEnabled);
    s.linkEnabled = flag(apvts, paramId::linkEnabled);
    auto wledTargets = parseWledTargetList(apvts.state.getProperty(stateProp::wledTargets).toString());
    if (!wledTargets.empty())
        s.wled.targets = std::move(wledTargets);
    s.wled.multicastInterface = apvts.state.getProperty(stateProp::wledInterface).toString().toStdString();
    s.wled.multicastTtl = std::clamp(static_cast<int>(apvts.state.getProperty(stateProp::wledTtl, 1)), 1, 255);
    return s;
}

void resetToDefaults(juce::AudioProcessorValueTreeState& apvts)
{
    for (auto* p : apvts.processor.getParameters())
        if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*>(p))
            ranged->setValueNotifyingHost(ranged->getDefaultValue());
    apvts.state.setProperty(stateProp::oscTargets, defaultTargetList(), nullptr);
    apvts.state.setProperty(stateProp::oscPrefix, juce::String(OscSettings {}.prefix), nullptr);
    const WledSettings wled;
    apvts.state.setProperty(stateProp::wledTargets, formatWledTargetList(wled.targets), nullptr);
    apvts.state.setProperty(stateProp::wledInterface, juce::String(wled.multicastInterface), nullptr);
    apvts.state.setProperty(stateProp::wledTtl, wled.multicastTtl, nullptr);
}

void writeState(juce::AudioProcessorValueTreeState& apvts, juce::MemoryBlock& dest)
{
    auto state = apvts.copyState();
    state.setProperty(stateProp::version, kStateVersion, nullptr);
    if (const auto xml = state.createXml())
        juce::AudioProcessor::copyXmlToBinary(*xml, dest);
}

bool readState(juce::AudioProcessorValueTreeState& apvts, const void* data, int sizeInBytes)
{
    resetToDefaults(apvts);
    if (data == nullptr || sizeInBytes <= 0)
        return false;
    if (isTruncatedXmlBinary(data, sizeInBytes))
        return false; // JUCE's XML parser accepts some cut-off documents: never half a state
    if (!isPlainXmlBinary(data, sizeInBytes))
        return false;
    if (const auto xml = juce::AudioProcessor::getXmlFromBinary(data, sizeInBytes))
    {
        const auto saved = juce::ValueTree::fromXml(*xml);
        // A newer version may add fields; whatever this one knows is still read.
        return saved.hasType(kStateType) && readCurrentFormat(apvts, saved);
    }
    return readVersion1(apvts, data, sizeInBytes);
}

} // namespace moodscope
