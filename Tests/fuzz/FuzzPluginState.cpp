// SPDX-License-Identifier: GPL-3.0-or-later
// Contract: setStateInformation on any bytes leaves every setting in its documented range, and
// the state then saved loads back to the same settings and saves to the same bytes.
#include "PluginProcessor.h"

#include "osc/OscAddressSpace.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace moodscope;

namespace {
// One processor for the whole run, as a host keeps one instance and loads state into it.
struct Fixture
{
    juce::ScopedJuceInitialiser_GUI juce;
    MoodscopeProcessor processor;
};

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "fuzz_plugin_state: contract broken: %s\n", what.c_str());
    std::abort();
}

void checkParameter(MoodscopeProcessor& p, const char* id, double lo, double hi)
{
    const double v = static_cast<double>(p.parameters().getRawParameterValue(id)->load());
    if (!std::isfinite(v) || v < lo || v > hi)
        fail(std::string(id) + " = " + std::to_string(v) + ", outside [" + std::to_string(lo) + ", " +
             std::to_string(hi) + "]");
}

// What readState promises: each value read is in range, anything else kept its default.
void checkRanges(MoodscopeProcessor& p)
{
    checkParameter(p, paramId::window, EngineConfig::kMinWindow, EngineConfig::kMaxWindow);
    checkParameter(p, paramId::interval, EngineConfig::kMinInterval, EngineConfig::kMaxInterval);
    for (const char* id : { paramId::lazyTempo, paramId::hostSync, paramId::oscEnabled, paramId::oscFast,
                            paramId::oscSlow, paramId::oscPerDimension, paramId::oscEvents, paramId::oscBundles,
                            paramId::oscImmediate, paramId::oscLighting })
        checkParameter(p, id, 0.0, 1.0);

    const auto& state = p.parameters().state;
    if (!state.hasType(kStateType))
        fail("the state tree is now a " + state.getType().toString().toStdString());
    juce::StringArray rejected;
    const auto targets = parseTargetList(state.getProperty(stateProp::oscTargets).toString(), &rejected);
    if (targets.empty() || !rejected.isEmpty())
        fail("OSC targets '" + state.getProperty(stateProp::oscTargets).toString().toStdString() + "'");
    for (const auto& t : targets)
        if (t.host.empty() || t.port < 1 || t.port > 65535)
            fail("OSC target " + t.host + ":" + std::to_string(t.port));
    const auto prefix = state.getProperty(stateProp::oscPrefix).toString();
    if (!isValidPrefix(prefix))
        fail("OSC prefix '" + prefix.toStdString() + "'");

    const auto s = p.settings();
    if (!(s.engine.windowSeconds >= EngineConfig::kMinWindow && s.engine.windowSeconds <= EngineConfig::kMaxWindow) ||
        !(s.engine.intervalSeconds >= EngineConfig::kMinInterval &&
          s.engine.intervalSeconds <= EngineConfig::kMaxInterval))
        fail("engine settings out of range");
    if (!OscAddressSpace::prefixProblem(s.osc.prefix).empty() || s.osc.targets.empty())
        fail("OSC settings out of range");
}

bool sameSettings(const PluginSettings& a, const PluginSettings& b)
{
    return sameEngineConfig(a.engine, b.engine) && sameOscSettings(a.osc, b.osc) && a.oscEnabled == b.oscEnabled &&
           a.hostSync == b.hostSync;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Fixture fixture;
    auto& p = fixture.processor;

    p.setStateInformation(data, static_cast<int>(size));
    checkRanges(p);
    const auto loaded = p.settings();

    juce::MemoryBlock saved;
    p.getStateInformation(saved);
    p.setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
    checkRanges(p);
    if (!sameSettings(p.settings(), loaded))
        fail("the saved state loads back to other settings");
    juce::MemoryBlock again;
    p.getStateInformation(again);
    if (again != saved)
        fail("the saved state saves to other bytes:\n" + saved.toString().toStdString() + "\n" +
             again.toString().toStdString());
    return 0;
}
