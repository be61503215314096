// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

namespace moodscope {

// Fast per-hop signals for lights (SPEC §6). Plain data: copied through lock-free queues.
struct FastFrame
{
    double time = 0.0;      // seconds of analyzed audio since prepare
    float rmsDb = -120.0f;  // dBFS, sine-referenced (a full-scale sine reads 0)
    float peakDb = -120.0f; // dBFS, max |L|,|R| over the hop
    float rms01 = 0.0f;     // (dB + 60) / 60, clipped
    float peak01 = 0.0f;
    // beat < 100 Hz, bass 100-250, mids 250-3000, high 3000-10000; 0..1 with attack/decay
    std::array<float, 4> bands {};
    float momentaryLufs = -70.0f; // BS.1770 over the last 400 ms (-70 floor)
    float shortTermLufs = -70.0f; // over the last 3 s
    bool onset = false;           // an onset was detected in this hop
    float onsetStrength = 0.0f;   // normalized onset envelope, 0..1
    // causal real-time beat tracker
    bool beat = false;           // a beat pulse is emitted in this hop
    std::uint32_t beatCount = 0; // beats since prepare
    float beatStrength = 0.0f;   // 0..1
    float beatPhase = 0.0f;      // 0..1 within the current beat
    float barPhase = 0.0f;       // 0..4 within the current 4/4 bar
    float bpm = 0.0f;            // 0 until locked
    float bpmConfidence = 0.0f;  // 0..1
    float beatLatency = 0.0f;    // seconds from the beat's onset to this hop's end (pulse hops)
    // host transport (AudioPlayHead), when the host provides it
    bool hostSynced = false;
    bool hostBeat = false;
    float hostBpm = 0.0f;
    float hostBeatPhase = 0.0f;
    float hostBarPhase = 0.0f;
    // WLED's 16 GEQ channels and major peak, as fast/GeqChannels.h measures them
    std::array<float, 16> geq {};
    float majorPeakHz = 0.0f;
    float majorPeakAmplitude = 0.0f;
    std::uint32_t events = 0;        // MoodEvent bits detected in this hop
    std::uint64_t droppedFrames = 0; // capture overruns so far
};
static_assert(std::is_trivially_copyable_v<FastFrame>);

} // namespace moodscope
