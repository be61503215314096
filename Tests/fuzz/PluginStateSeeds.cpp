// SPDX-License-Identifier: GPL-3.0-or-later
// Writes fuzz_plugin_state's seeds into the folder given: states the processor itself saves
// (defaults, every setting changed, odd targets and prefixes), a version-1 state and a few
// near misses.
#include "PluginProcessor.h"
#include "PluginStateFixture.h"

#include <cstdio>

using namespace moodscope;

namespace {
bool write(const juce::File& dir, const juce::String& name, const juce::MemoryBlock& bytes)
{
    return dir.getChildFile(name).replaceWithData(bytes.getData(), bytes.getSize());
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
    const auto defaults = test::stateOf(p);
    ok = ok && write(dir, "state-defaults", defaults);

    test::makeNonDefault(p);
    ok = ok && write(dir, "state-changed", test::stateOf(p));

    test::setParamValue(p, paramId::window, 30.0f);
    test::setParamValue(p, paramId::interval, 10.0f);
    p.parameters().state.setProperty(stateProp::oscTargets, "[fe80::1%eth0]:65535;host:1", nullptr);
    p.parameters().state.setProperty(stateProp::oscPrefix, "/a/b/c/d", nullptr);
    ok = ok && write(dir, "state-limits", test::stateOf(p));

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
