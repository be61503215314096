// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The plugin's settings: automatable ones as AudioProcessorValueTreeState parameters, the
// rest (OSC targets, address prefix) as properties of the same state tree, and the one
// saved-state format both are written in.

#include "model/EngineConfig.h"
#include "osc/OscSender.h"
#include "wled/WledTarget.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <vector>

namespace moodscope {

namespace paramId {
inline constexpr const char* window = "window";
inline constexpr const char* interval = "interval";
inline constexpr const char* lazyTempo = "lazyTempo";
inline constexpr const char* hostSync = "hostSync";
inline constexpr const char* oscEnabled = "oscEnabled";
inline constexpr const char* oscFast = "oscFast";
inline constexpr const char* oscSlow = "oscSlow";
inline constexpr const char* oscPerDimension = "oscPerDimension";
inline constexpr const char* oscEvents = "oscEvents";
inline constexpr const char* oscBundles = "oscBundles";
inline constexpr const char* oscImmediate = "oscImmediate"; // bundles stamped "immediately"
inline constexpr const char* oscLighting = "oscLighting";   // OscProfile::Lighting
inline constexpr const char* wledEnabled = "wledEnabled";
inline constexpr const char* linkEnabled = "linkEnabled";
} // namespace paramId

namespace stateProp {
inline const juce::Identifier oscTargets { "oscTargets" }; // "HOST:PORT, HOST:PORT"
inline const juce::Identifier oscPrefix { "oscPrefix" };
inline const juce::Identifier wledTargets { "wledTargets" };     // "HOST[:PORT], ..."
inline const juce::Identifier wledInterface { "wledInterface" }; // multicast interface, "" = the route's
inline const juce::Identifier wledTtl { "wledTtl" };             // multicast TTL 1..255
inline const juce::Identifier version { "version" };
} // namespace stateProp

inline const juce::Identifier kStateType { "MoodscopeState" };
// 1: a binary ValueTree with window/interval only. 2: XML of the parameter tree.
constexpr int kStateVersion = 2;

juce::AudioProcessorValueTreeState::ParameterLayout createParameterLayout();

// Everything the processor applies, read from the parameters and state properties.
struct PluginSettings
{
    EngineConfig engine;
    OscSettings osc;
    bool oscEnabled = true;
    WledSettings wled;
    bool wledEnabled = false;
    bool linkEnabled = false;
    bool hostSync = true;
};

// "a:1, b:2" (commas, semicolons or white space between entries); malformed entries are
// skipped and reported in `rejected`.
std::vector<OscTarget> parseTargetList(const juce::String& text, juce::StringArray* rejected = nullptr);
juce::String formatTargetList(const std::vector<OscTarget>& targets);
juce::String defaultTargetList();

// The same for WLED targets (HOST or HOST:PORT, default port 11988).
std::vector<WledTarget> parseWledTargetList(const juce::String& text, juce::StringArray* rejected = nullptr);
juce::String formatWledTargetList(const std::vector<WledTarget>& targets);
bool isValidPrefix(const juce::String& prefix);

// Reads parameters through their atomics and the properties of `state`: message thread.
PluginSettings readSettings(juce::AudioProcessorValueTreeState& apvts);

// Host state: XML of the state tree, wrapped by AudioProcessor::copyXmlToBinary.
void writeState(juce::AudioProcessorValueTreeState& apvts, juce::MemoryBlock& dest);

// Resets everything to defaults, then applies whatever it can read: the current format,
// version 1, or nothing (garbage, truncated, empty, another plugin's state). Values are
// range-checked; a bad one leaves its default. Returns true when the data was understood.
bool readState(juce::AudioProcessorValueTreeState& apvts, const void* data, int sizeInBytes);

void resetToDefaults(juce::AudioProcessorValueTreeState& apvts);

} // namespace moodscope
