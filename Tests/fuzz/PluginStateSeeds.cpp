// SPDX-License-Identifier: GPL-3.0-or-later
// Writes fuzz_plugin_state's seeds into the folder given: states the processor itself saves
// (defaults, every setting changed, odd targets and prefixes), a version-1 state and a few
// near misses.
#include "PluginProcessor.h"

#include <cstdio>

using namespace moodscope;

namespace {
void setParam(MoodscopeProcessor& p, const char* id, float value)
{
    auto* param = p.parameters().getParameter(id);
    param->setValueNotifyingHost(param->convertTo0to1(value));
}

bool write(const juce::File& dir, const juce::String& name, const juce::MemoryBlock& bytes)
{
    return dir.getChildFile(name).replaceWithData(bytes.getData(), bytes.getSize());
}

juce::MemoryBlock stateOf(MoodscopeProcessor& p)
{
    juce::MemoryBlock m;
    p.getStateInformation(m);
    return m;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const juce::ScopedJuceInitialiser_GUI juceInit;
    const juce::File dir = juce::File::getCurrentWorkingDirectory().getChildFile(argv[1]);
    if (!dir.createDirectory())
        return 1;
    bool ok = true;

    MoodscopeProcessor p;
    const auto defaults = stateOf(p);
    ok = ok && write(dir, "state-defaults", defaults);

    setParam(p, paramId::window, 12.5f);
    setParam(p, paramId::interval, 0.7f);
    for (const char* id : { paramId::lazyTempo, paramId::oscImmediate })
        setParam(p, id, 1.0f);
    for (const char* id : { paramId::hostSync, paramId::oscEnabled, paramId::oscFast, paramId::oscSlow,
                            paramId::oscPerDimension, paramId::oscEvents, paramId::oscBundles })
        setParam(p, id, 0.0f);
    p.parameters().state.setProperty(stateProp::oscTargets, "10.0.0.7:7000, [::1]:9001, lights.local:8000", nullptr);
    p.parameters().state.setProperty(stateProp::oscPrefix, "/stage/left", nullptr);
    ok = ok && write(dir, "state-changed", stateOf(p));

    setParam(p, paramId::window, 30.0f);
    setParam(p, paramId::interval, 10.0f);
    p.parameters().state.setProperty(stateProp::oscTargets, "[fe80::1%eth0]:65535;host:1", nullptr);
    p.parameters().state.setProperty(stateProp::oscPrefix, "/a/b/c/d", nullptr);
    ok = ok && write(dir, "state-limits", stateOf(p));

    // The XML text alone, without copyXmlToBinary's header.
    const auto xml = juce::AudioProcessor::getXmlFromBinary(defaults.getData(), static_cast<int>(defaults.getSize()));
    if (xml != nullptr)
    {
        const auto text = xml->toString();
        ok = ok && write(dir, "state-xml-text", juce::MemoryBlock(text.toRawUTF8(), text.getNumBytesAsUTF8()));
    }

    // Version 1: a binary ValueTree with the window and interval only.
    juce::ValueTree v1(kStateType);
    v1.setProperty("window", 5.0, nullptr);
    v1.setProperty("interval", 1.0, nullptr);
    juce::MemoryOutputStream v1Stream;
    v1.writeToStream(v1Stream);
    ok = ok && write(dir, "state-v1", v1Stream.getMemoryBlock());

    return ok ? 0 : 1;
}
