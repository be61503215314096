// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PluginProcessor.h"

#include <stdexcept>

namespace moodscope::test {

// One parameter set by its value in the parameter's own range, as a host would.
inline void setParamValue(MoodscopeProcessor& p, const char* id, float value)
{
    auto* param = p.parameters().getParameter(id);
    if (param == nullptr)
        throw std::logic_error(std::string("no parameter ") + id);
    param->setValueNotifyingHost(param->convertTo0to1(value));
}

// Every setting away from its default (state tests and the plugin-state fuzzer's seeds).
inline void makeNonDefault(MoodscopeProcessor& p)
{
    setParamValue(p, paramId::window, 12.5f);
    setParamValue(p, paramId::interval, 0.7f);
    for (const char* id : { paramId::lazyTempo, paramId::oscImmediate, paramId::oscLighting, paramId::wledEnabled,
                            paramId::linkEnabled })
        setParamValue(p, id, 1.0f);
    for (const char* id : { paramId::hostSync, paramId::oscEnabled, paramId::oscFast, paramId::oscSlow,
                            paramId::oscPerDimension, paramId::oscEvents, paramId::oscBundles })
        setParamValue(p, id, 0.0f);
    p.parameters().state.setProperty(stateProp::oscTargets, "10.0.0.7:7000, [::1]:9001, lights.local:8000", nullptr);
    p.parameters().state.setProperty(stateProp::oscPrefix, "/stage/left", nullptr);
    p.parameters().state.setProperty(stateProp::wledTargets, "239.0.0.1:11988, wled-desk.local:21324", nullptr);
    p.parameters().state.setProperty(stateProp::wledInterface, "eth1", nullptr);
    p.parameters().state.setProperty(stateProp::wledTtl, 4, nullptr);
}

inline juce::MemoryBlock stateOf(MoodscopeProcessor& p)
{
    juce::MemoryBlock m;
    p.getStateInformation(m);
    return m;
}

} // namespace moodscope::test
