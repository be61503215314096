// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "MiddleFrame.h"
#include "Signals.h"
#include "dsp/Chroma.h"

#include <catch2/catch.hpp>

using namespace moodscope;
using namespace moodscope::test;

namespace {
Chroma chromaOf(const std::vector<float>& x, double sr)
{
    const FramePower f = middleFramePower(x, sr);
    ChromaAnalyzer chroma;
    chroma.prepare(sr, f.frameSize);
    return chroma.process(f.power);
}

int strongest(const Chroma& c)
{
    return static_cast<int>(std::max_element(c.begin(), c.end()) - c.begin());
}
} // namespace

TEST_CASE("every MIDI note lands in its own pitch class", "[fingerprint][chroma]")
{
    for (double sr : { 44100.0, 48000.0, 96000.0 })
        for (int note = 36; note <= 96; ++note) // C2 (65 Hz) .. C7 (2093 Hz)
        {
            INFO("rate " << sr << " note " << note);
            const auto x = sine(midiToHz(note), 0.5, 0.2, sr);
            const Chroma c = chromaOf(x, sr);
            CHECK(strongest(c) == note % 12);
            CHECK(c[static_cast<std::size_t>(note % 12)] > 0.9f);
        }
}

TEST_CASE("a chord splits its chroma over its pitch classes", "[fingerprint][chroma]")
{
    const double sr = 44100.0;
    const auto x = mixed(mixed(sine(midiToHz(60), 0.3, 0.2, sr), sine(midiToHz(64), 0.3, 0.2, sr)),
                         sine(midiToHz(67), 0.3, 0.2, sr));
    const Chroma c = chromaOf(x, sr);
    for (int pc : { 0, 4, 7 })
        CHECK(c[static_cast<std::size_t>(pc)] == Approx(1.0 / 3.0).margin(0.05));
    float sum = 0.0f;
    for (float v : c)
        sum += v;
    CHECK(sum == Approx(1.0f).margin(1e-5));
}

TEST_CASE("chroma energy: one note near 1, noise near 1/12, silence 1/12", "[fingerprint][chroma]")
{
    const double sr = 48000.0;
    const auto note = sine(midiToHz(57), 0.5, 8.0, sr);
    // octave partials keep a single pitch class
    const auto octaves = mixed(mixed(sine(110.0, 0.4, 8.0, sr), sine(220.0, 0.2, 8.0, sr)), sine(440.0, 0.1, 8.0, sr));
    const auto noise = whiteNoise(0.3, 8.0, sr, 17);
    const std::vector<float> silence(static_cast<std::size_t>(8 * sr), 0.0f);
    CHECK(lastSnapshot(note, note, sr).get(Dim::ChromaEnergy) > 0.9f);
    CHECK(lastSnapshot(octaves, octaves, sr).get(Dim::ChromaEnergy) > 0.8f);
    CHECK(lastSnapshot(noise, noise, sr).get(Dim::ChromaEnergy) < 0.15f);
    CHECK(lastSnapshot(silence, silence, sr).get(Dim::ChromaEnergy) == Approx(1.0 / 12.0));
    // a triad sits in between: about 1/3
    const auto triad = chord({ 57, 60, 64 }, 0.15, 8.0, sr);
    const float t = lastSnapshot(triad, triad, sr).get(Dim::ChromaEnergy);
    CHECK(t > 0.2f);
    CHECK(t < 0.6f);
}
