// SPDX-License-Identifier: GPL-3.0-or-later
#include "osc/OscAddressSpace.h"

#include <cctype>
#include <cstring>

namespace moodscope {

namespace {
constexpr std::uint32_t kAllDims = (1u << kNumDims) - 1u;

lo_message floats(std::initializer_list<float> values)
{
    lo_message m = lo_message_new();
    for (float v : values)
        lo_message_add_float(m, v);
    return m;
}

lo_message text(std::string_view s)
{
    lo_message m = lo_message_new();
    lo_message_add_string(m, std::string(s).c_str());
    return m;
}
} // namespace

std::string OscAddressSpace::normalizePrefix(const std::string& prefix)
{
    std::string p;
    p.reserve(prefix.size() + 1);
    for (char c : prefix)
        p += std::strchr(" #*,?[]{}", c) != nullptr || c == '\0' ? '_' : c;
    if (p.empty() || p.front() != '/')
        p.insert(p.begin(), '/');
    while (!p.empty() && p.back() == '/')
        p.pop_back();
    return p;
}

std::string OscAddressSpace::prefixProblem(const std::string& prefix)
{
    if (prefix.empty() || prefix.front() != '/')
        return "must start with '/'";
    if (prefix.back() == '/')
        return "must not end with '/'";
    if (prefix.size() > kMaxPrefixLength)
        return "must not be longer than " + std::to_string(kMaxPrefixLength) + " characters";
    for (const char c : prefix)
        if (std::isspace(static_cast<unsigned char>(c)) != 0 || std::iscntrl(static_cast<unsigned char>(c)) != 0)
            return "must not contain spaces";
        else if (std::strchr("#*,?[]{}", c) != nullptr)
            return std::string("must not contain '") + c + "' (OSC reserves #*,?[]{} in addresses)";
    if (prefix.find("//") != std::string::npos)
        return "must not contain an empty part ('//')";
    return {};
}

OscAddressSpace::OscAddressSpace(const std::string& prefix) : prefix_(normalizePrefix(prefix))
{
    const auto at = [this](std::string_view tail) { return prefix_ + std::string(tail); };
    level_ = at("/level");
    loudness_ = at("/loudness");
    bands_ = at("/bands");
    onset_ = at("/onset");
    beat_ = at("/beat");
    beatPhase_ = at("/beat/phase");
    barPhase_ = at("/bar/phase");
    bpm_ = at("/bpm");
    hostBpm_ = at("/host/bpm");
    hostBeat_ = at("/host/beat");
    hostBeatPhase_ = at("/host/beat/phase");
    hostBarPhase_ = at("/host/bar/phase");
    window_ = at("/window");
    fingerprint_ = at("/fingerprint");
    moodLabel_ = at("/mood/label");
    moodQuadrant_ = at("/mood/quadrant");
    moodState_ = at("/mood/state");
    key_ = at("/key");
    event_ = at("/event");
    for (int i = 0; i < kNumMoods; ++i)
        mood_[static_cast<std::size_t>(i)] = at("/mood/") + std::string(moodName(static_cast<Mood>(i)));
    for (int i = 0; i < kNumDims; ++i)
        fp_[static_cast<std::size_t>(i)] = at("/fp/") + std::string(dimName(static_cast<Dim>(i)));
}

void OscAddressSpace::addFast(OscBundle& b, const FastFrame& f) const
{
    b.add(level_, floats({ f.rmsDb, f.peakDb, f.rms01, f.peak01 }));
    b.add(loudness_, floats({ f.momentaryLufs, f.shortTermLufs }));
    b.add(bands_, floats({ f.bands[0], f.bands[1], f.bands[2], f.bands[3] }));
    if (f.onset)
        b.add(onset_, floats({ f.onsetStrength }));
    if (f.beat)
        addBeat(b, f.beatCount, f.beatStrength);
    b.add(beatPhase_, floats({ f.beatPhase }));
    b.add(barPhase_, floats({ f.barPhase }));
    b.add(bpm_, floats({ f.bpm, f.bpmConfidence }));
    if (f.hostSynced)
    {
        b.add(hostBpm_, floats({ f.hostBpm }));
        b.add(hostBeatPhase_, floats({ f.hostBeatPhase }));
        b.add(hostBarPhase_, floats({ f.hostBarPhase }));
        if (f.hostBeat)
        {
            lo_message m = lo_message_new();
            lo_message_add_int32(m, 1);
            b.add(hostBeat_, m);
        }
    }
}

void OscAddressSpace::addBeat(OscBundle& b, std::uint32_t count, float strength) const
{
    lo_message m = lo_message_new();
    lo_message_add_int32(m, static_cast<std::int32_t>(count & 0x7fffffffu));
    lo_message_add_float(m, strength);
    b.add(beat_, m);
}

void OscAddressSpace::addSlow(OscBundle& b, const SlowSnapshot& s, OscSlowChannels channels) const
{
    if (channels.slow)
        b.add(window_, floats({ s.windowFill }));
    if (s.warmingUp)
        return;
    if (channels.slow)
    {
        if ((s.fingerprintValid & kAllDims) == kAllDims)
        {
            lo_message m = lo_message_new();
            for (float v : s.fingerprint)
                lo_message_add_float(m, v);
            b.add(fingerprint_, m);
        }
        for (int i = 0; i < kNumMoods; ++i)
            if (s.has(static_cast<Mood>(i)))
                b.add(mood_[static_cast<std::size_t>(i)], floats({ s.get(static_cast<Mood>(i)) }));
        if (s.has(Mood::Energy) && s.has(Mood::Brightness) && s.has(Mood::Intensity))
            b.add(moodLabel_, text(moodCategoryLabel(s.category)));
        if (s.has(Mood::Arousal) && s.has(Mood::Valence))
            b.add(moodQuadrant_, text(quadrantName(s.quadrant)));
        if (s.moodValid != 0)
            b.add(moodState_, text(moodStateName(s.state)));
        if (s.featuresValid && s.features.key >= 0 && s.features.key < 12)
        {
            lo_message m = lo_message_new();
            lo_message_add_string(m, std::string(keyName(s.features.key)).c_str());
            lo_message_add_string(m, s.features.minor ? "minor" : "major");
            lo_message_add_float(m, s.features.keyStrength);
            b.add(key_, m);
        }
    }
    if (channels.perDimension)
        for (int i = 0; i < kNumDims; ++i)
            if (s.has(static_cast<Dim>(i)))
                b.add(fp_[static_cast<std::size_t>(i)], floats({ s.get(static_cast<Dim>(i)) }));
}

void OscAddressSpace::addEvents(OscBundle& b, std::uint32_t events) const
{
    for (int i = 0; i < kNumMoodEvents; ++i)
        if ((events >> i) & 1u)
            b.add(event_, text(moodEventName(static_cast<MoodEvent>(i))));
}

} // namespace moodscope
