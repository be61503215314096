// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The editor's palette and the colours that carry meaning (mood state, quadrant, groups).

#include "model/SlowSnapshot.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace moodscope::theme {

inline const juce::Colour background { 0xff15171c };
inline const juce::Colour panel { 0xff1d2027 };
inline const juce::Colour track { 0xff2a2d35 };
inline const juce::Colour text { 0xffe6e8ee };
inline const juce::Colour dimText { 0xff8a90a0 };
inline const juce::Colour accent { 0xff4fc3f7 };
inline const juce::Colour good { 0xff66bb6a };
inline const juce::Colour warn { 0xffffa726 };
inline const juce::Colour bad { 0xffef5350 };

inline juce::Colour stateColour(MoodState s)
{
    switch (s)
    {
    case MoodState::Silence:
        return juce::Colour(0xff607080);
    case MoodState::Ambient:
        return juce::Colour(0xff26a69a);
    case MoodState::Breakdown:
        return juce::Colour(0xff5c6bc0);
    case MoodState::Chill:
        return juce::Colour(0xff66bb6a);
    case MoodState::Groove:
        return juce::Colour(0xffd4e157);
    case MoodState::Build:
        return juce::Colour(0xffffa726);
    case MoodState::Peak:
        return juce::Colour(0xffef5350);
    case MoodState::Intense:
        return juce::Colour(0xffec407a);
    default:
        return dimText;
    }
}

inline juce::Colour quadrantColour(Quadrant q)
{
    switch (q)
    {
    case Quadrant::Calm:
        return juce::Colour(0xff4db6ac);
    case Quadrant::Happy:
        return juce::Colour(0xffffd54f);
    case Quadrant::Tense:
        return juce::Colour(0xffff7043);
    case Quadrant::Sad:
        return juce::Colour(0xff7986cb);
    default:
        return dimText;
    }
}

// One colour per fingerprint group (SPEC §4.1-4.7), in order.
inline juce::Colour groupColour(int group)
{
    static const juce::Colour colours[] = { juce::Colour(0xff42a5f5), juce::Colour(0xffef5350),
                                            juce::Colour(0xffffa726), juce::Colour(0xffab47bc),
                                            juce::Colour(0xff66bb6a), juce::Colour(0xff26c6da),
                                            juce::Colour(0xfff06292) };
    return colours[juce::jlimit(0, 6, group)];
}

inline const juce::String noValue { juce::CharPointer_UTF8("\xe2\x80\x94") }; // em dash

} // namespace moodscope::theme
