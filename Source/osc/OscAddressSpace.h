// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "osc/OscBundle.h"
#include "model/FastFrame.h"
#include "model/SlowSnapshot.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace moodscope {

// Which parts of the slow update a bundle carries (OscSettings' channel switches).
struct OscSlowChannels
{
    bool slow = true;         // window, fingerprint, mood, key
    bool perDimension = true; // /fp/<name>
};

// The Moodscope OSC address space (docs/OSC.md): turns a FastFrame, a SlowSnapshot or a set
// of MoodEvent bits into one liblo bundle. Every address string is built once, here, so a
// steady stream only allocates inside liblo.
class OscAddressSpace // owned by one thread (the sender)
{
  public:
    // prefix: "/moodscope" by default; normalized by normalizePrefix().
    explicit OscAddressSpace(const std::string& prefix);

    const std::string& prefix() const noexcept { return prefix_; }

    // /level, /loudness, /bands, /beat/phase, /bar/phase, /bpm every time; /onset and /beat
    // only when the frame carries that pulse; /host/* when the host transport is synced.
    void addFast(OscBundle& b, const FastFrame& f) const;
    // One more /beat i f, for pulses the rate limit merged into this bundle.
    void addBeat(OscBundle& b, std::uint32_t count, float strength) const;
    // /window always; the rest only for what the snapshot marks valid (and not while warming up).
    void addSlow(OscBundle& b, const SlowSnapshot& s, OscSlowChannels channels) const;
    // One /event s per set bit, in MoodEvent order.
    void addEvents(OscBundle& b, std::uint32_t events) const;

    // "" or "/" → "" (addresses start at the root); adds a missing leading '/', drops
    // trailing ones. OSC forbids ' ', '#', '*', ',', '?', '[', ']', '{', '}' in addresses:
    // they are replaced by '_'.
    static std::string normalizePrefix(const std::string& prefix);

    // Why a prefix typed by a user is not one ("" when it is): it must start with '/', not
    // end with '/', hold no empty part ("//"), no space or control character, none of the
    // characters OSC reserves (#*,?[]{}) and at most kMaxPrefixLength characters. The plugin's
    // settings and the CLI refuse such a prefix; normalizePrefix() repairs what reaches the
    // sender anyway.
    static constexpr std::size_t kMaxPrefixLength = 128;
    static std::string prefixProblem(const std::string& prefix);

  private:
    std::string prefix_;
    std::string level_, loudness_, bands_, onset_, beat_, beatPhase_, barPhase_, bpm_;
    std::string hostBpm_, hostBeat_, hostBeatPhase_, hostBarPhase_;
    std::string window_, fingerprint_, moodLabel_, moodQuadrant_, moodState_, key_, event_;
    std::array<std::string, kNumMoods> mood_;
    std::array<std::string, kNumDims> fp_;
};

} // namespace moodscope
