// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnalyzerHarness.h"
#include "DrumLoop.h"
#include "Signals.h"
#include "rhythm/RealtimeBeatTracker.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace moodscope;
using namespace moodscope::test;

namespace {
constexpr double kTolerance = 0.025;

// Live pulses (FastFrame::beat, at the frame's time = the end of its hop) against the true beats.
struct PulseScore
{
    // first pulse from which four pulses in a row are within kTolerance of four consecutive beats; -1 = never
    double lockTime = -1.0;
    std::size_t counted = 0; // pulses from the lock on
    std::size_t hits = 0;    // ... within kTolerance of a true beat
    std::size_t doubled = 0; // pulses sharing their nearest true beat with the previous pulse
    std::size_t missing = 0; // true beats from the lock on with no pulse within half a period
    double meanLatency = 0.0, minLatency = 1e9, maxLatency = -1e9; // pulse time - true beat, after lock
    double hitRate() const { return counted > 0 ? static_cast<double>(hits) / static_cast<double>(counted) : 0.0; }
};

std::size_t nearest(const std::vector<double>& beats, double t)
{
    const auto it = std::lower_bound(beats.begin(), beats.end(), t);
    if (it == beats.begin())
        return 0;
    if (it == beats.end())
        return beats.size() - 1;
    const auto i = static_cast<std::size_t>(it - beats.begin());
    return t - beats[i - 1] < beats[i] - t ? i - 1 : i;
}

PulseScore score(const CollectingSink& sink, const std::vector<double>& beats, double settleFrom = 0.0)
{
    std::vector<double> pulses;
    for (const auto& f : sink.fast)
        if (f.beat && f.time >= settleFrom)
            pulses.push_back(f.time);
    PulseScore s;
    auto error = [&](double p) { return p - beats[nearest(beats, p)]; };
    std::size_t lock = pulses.size();
    for (std::size_t i = 0; i + 4 <= pulses.size(); ++i)
        if (std::all_of(pulses.begin() + static_cast<std::ptrdiff_t>(i),
                        pulses.begin() + static_cast<std::ptrdiff_t>(i + 4),
                        [&](double p) { return std::abs(error(p)) <= kTolerance; }) &&
            nearest(beats, pulses[i + 3]) == nearest(beats, pulses[i]) + 3)
        {
            lock = i;
            break;
        }
    if (lock == pulses.size())
        return s;
    s.lockTime = pulses[lock];
    double sum = 0.0;
    std::size_t previousBeat = beats.size();
    for (std::size_t i = lock; i < pulses.size(); ++i)
    {
        const double e = error(pulses[i]);
        ++s.counted;
        s.hits += std::abs(e) <= kTolerance ? 1 : 0;
        sum += e;
        s.minLatency = std::min(s.minLatency, e);
        s.maxLatency = std::max(s.maxLatency, e);
        const std::size_t b = nearest(beats, pulses[i]);
        s.doubled += b == previousBeat ? 1 : 0;
        previousBeat = b;
    }
    s.meanLatency = sum / static_cast<double>(s.counted);
    const double end = sink.fast.back().time;
    for (std::size_t b = 0; b < beats.size(); ++b)
    {
        const double period = b + 1 < beats.size() ? beats[b + 1] - beats[b] : beats[b] - beats[b - 1];
        if (beats[b] < s.lockTime - 0.5 * period || beats[b] > end - period)
            continue;
        const bool found =
            std::any_of(pulses.begin(), pulses.end(), [&](double p) { return std::abs(p - beats[b]) < 0.5 * period; });
        s.missing += found ? 0 : 1;
    }
    return s;
}

std::vector<double> beatTimes(double bpm, double from, double to)
{
    std::vector<double> out;
    for (double t = from; t < to + 1e-9; t += 60.0 / bpm)
        out.push_back(t);
    return out;
}

CollectingSink runMono(const std::vector<float>& mono, double sampleRate, std::size_t block = 512)
{
    return run(mono, mono, sampleRate, EngineConfig {}, block);
}

std::vector<double> pulsesBetween(const CollectingSink& sink, double from, double to)
{
    std::vector<double> pulses;
    for (const auto& f : sink.fast)
        if (f.beat && f.time >= from && f.time < to)
            pulses.push_back(f.time);
    return pulses;
}

// The longest stretch from..to without a pulse: what a light show sees as dark.
double longestGap(const std::vector<double>& pulses, double from, double to)
{
    if (pulses.empty())
        return to - from;
    double gap = std::max(pulses.front() - from, to - pulses.back());
    for (std::size_t i = 1; i < pulses.size(); ++i)
        gap = std::max(gap, pulses[i] - pulses[i - 1]);
    return gap;
}
} // namespace

TEST_CASE("live beat pulses lock onto drum loops", "[rtbeat]")
{
    const auto [bpm, sampleRate] = GENERATE(table<double, double>(
        { { 128.0, 44100.0 }, { 90.0, 44100.0 }, { 160.0, 44100.0 }, { 128.0, 48000.0 }, { 128.0, 96000.0 } }));
    DrumLoopOptions o;
    o.bpm = bpm;
    o.sampleRate = sampleRate;
    o.seconds = 30.0;
    const auto sink = runMono(drumLoop(o), sampleRate);
    const PulseScore s = score(sink, beatTimes(bpm, 0.0, o.seconds));
    const auto& last = sink.fast.back();
    WARN(bpm << " BPM at " << sampleRate << " Hz: lock at " << s.lockTime << " s, " << s.hits << "/" << s.counted
             << " pulses within 25 ms (" << 100.0 * s.hitRate() << " %), doubled " << s.doubled << ", missing "
             << s.missing << ", pulse latency (pulse time - true beat) mean " << 1000.0 * s.meanLatency << " ms, range "
             << 1000.0 * s.minLatency << ".." << 1000.0 * s.maxLatency << " ms; final bpm " << last.bpm
             << " confidence " << last.bpmConfidence);
    CHECK(s.lockTime >= 0.0);
    CHECK(s.lockTime <= 4.0);
    CHECK(s.hitRate() >= 0.95);
    CHECK(s.doubled == 0);
    CHECK(s.missing == 0);
    CHECK(last.bpm == Approx(bpm).margin(1.5));
    CHECK(last.bpmConfidence > 0.5f);
}

TEST_CASE("live beat pulses survive timing jitter", "[rtbeat]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 30.0;
    o.jitterSeconds = 0.01; // every hit moves by up to +-10 ms
    const auto sink = runMono(drumLoop(o), o.sampleRate);
    const PulseScore s = score(sink, beatTimes(o.bpm, 0.0, o.seconds));
    INFO("lock " << s.lockTime << " s, " << s.hits << "/" << s.counted << " within 25 ms");
    CHECK(s.lockTime >= 0.0);
    CHECK(s.lockTime <= 4.0);
    CHECK(s.hitRate() >= 0.95);
    CHECK(s.doubled == 0);
    CHECK(s.missing == 0);
}

TEST_CASE("live beat tracker re-locks after a tempo change", "[rtbeat]")
{
    // Faster, and slower by the related ratios (3:2, 4:3, 5:4) a tracker holds its tempo
    // against while that tempo still explains the envelope: music that really changes no
    // longer does, and is followed.
    const auto [from, to] = GENERATE(
        table<double, double>({ { 120.0, 140.0 }, { 140.0, 140.0 / 1.5 }, { 120.0, 90.0 }, { 150.0, 120.0 } }));
    const double sampleRate = 44100.0, change = 15.0;
    DrumLoopOptions a, b;
    a.bpm = from;
    a.seconds = change;
    b.bpm = to;
    b.seconds = 15.0;
    b.seed = 2;
    auto audio = drumLoop(a);
    const auto second = drumLoop(b);
    audio.insert(audio.end(), second.begin(), second.end());
    auto beats = beatTimes(a.bpm, 0.0, change - 0.1);
    for (double t : beatTimes(b.bpm, 0.0, b.seconds))
        beats.push_back(change + t);

    const auto sink = runMono(audio, sampleRate);
    const PulseScore before = score(sink, beats);
    const PulseScore after = score(sink, beats, change);
    WARN(from << " -> " << to << " BPM at " << change << " s: re-locked at " << after.lockTime << " s ("
              << after.lockTime - change << " s after the change), then " << after.hits << "/" << after.counted
              << " pulses within 25 ms, doubled " << after.doubled << ", missing " << after.missing);
    CHECK(before.lockTime <= 4.0);
    CHECK(after.lockTime > change);
    CHECK(after.lockTime - change <= 4.0);
    CHECK(after.hitRate() >= 0.95);
    CHECK(after.doubled == 0);
    CHECK(after.missing == 0);
    CHECK(sink.fast.back().bpm == Approx(to).margin(1.5));
}

TEST_CASE("live beat and bar phases", "[rtbeat]")
{
    DrumLoopOptions o;
    o.bpm = 128.0;
    o.seconds = 20.0;
    const auto sink = runMono(drumLoop(o), o.sampleRate);
    const auto beats = beatTimes(o.bpm, 0.0, o.seconds);
    const double hop = sink.fast[1].time - sink.fast[0].time;
    std::size_t pulses = 0, downbeats = 0, downbeatsOnKick = 0, wrongBar = 0, backwards = 0;
    const FastFrame* previous = nullptr;
    for (const auto& f : sink.fast)
    {
        REQUIRE(f.beatPhase >= 0.0f);
        REQUIRE(f.beatPhase < 1.0f);
        REQUIRE(f.barPhase >= 0.0f);
        REQUIRE(f.barPhase < 4.0f);
        if (f.time > 6.0 && previous != nullptr)
        {
            if (f.beat)
            {
                ++pulses;
                CHECK(f.beatPhase < 0.05f); // a pulse starts a beat
                CHECK(f.beatLatency >= 0.0f);
                CHECK(f.beatLatency <= hop + 1e-6);
                CHECK(f.beatCount == previous->beatCount + 1);
                // the bar advances one beat per pulse
                const int beatInBar = static_cast<int>(f.barPhase);
                wrongBar += beatInBar == (static_cast<int>(previous->barPhase) + 1) % 4 ? 0 : 1;
                if (beatInBar == 0)
                {
                    ++downbeats;
                    downbeatsOnKick += nearest(beats, f.time) % 2 == 0 ? 1 : 0; // kicks on beats 1 and 3
                }
            }
            else
            {
                CHECK(f.beatCount == previous->beatCount);
                backwards += f.beatPhase + 1e-6f < previous->beatPhase ? 1 : 0;
            }
        }
        previous = &f;
    }
    INFO(pulses << " pulses, " << downbeats << " downbeats, " << downbeatsOnKick << " on a kick");
    CHECK(pulses >= 28);
    CHECK(backwards == 0);
    CHECK(wrongBar == 0);
    CHECK(downbeats * 4 >= pulses - 4);
    CHECK(downbeatsOnKick == downbeats);
}

TEST_CASE("live beats do not depend on the block size", "[rtbeat]")
{
    DrumLoopOptions o;
    o.bpm = 100.0;
    o.seconds = 12.0;
    const auto audio = drumLoop(o);
    const auto a = runMono(audio, o.sampleRate, 64);
    const auto b = runMono(audio, o.sampleRate, 2048);
    REQUIRE(a.fast.size() == b.fast.size());
    std::size_t differ = 0, pulses = 0;
    for (std::size_t i = 0; i < a.fast.size(); ++i)
    {
        pulses += a.fast[i].beat ? 1 : 0;
        differ += a.fast[i].beat != b.fast[i].beat || a.fast[i].bpm != b.fast[i].bpm ||
                          a.fast[i].beatPhase != b.fast[i].beatPhase || a.fast[i].onset != b.fast[i].onset
                      ? 1
                      : 0;
    }
    CHECK(pulses > 10);
    CHECK(differ == 0);
}

TEST_CASE("live beat tracker on silence, noise and NaN bursts", "[rtbeat]")
{
    const double sr = 48000.0;
    auto allFieldsFinite = [](const CollectingSink& sink) {
        for (const auto& f : sink.fast)
            for (float v : { f.onsetStrength, f.beatStrength, f.beatPhase, f.barPhase, f.bpm, f.bpmConfidence,
                             f.beatLatency, f.hostBpm, f.hostBeatPhase, f.hostBarPhase })
                if (!std::isfinite(v) || v < 0.0f)
                    return false;
        return true;
    };
    auto pulseCount = [](const CollectingSink& sink, double from = 0.0) {
        std::size_t n = 0;
        for (const auto& f : sink.fast)
            n += f.beat && f.time >= from ? 1 : 0;
        return n;
    };

    SECTION("silence")
    {
        const auto sink = runMono(std::vector<float>(static_cast<std::size_t>(20.0 * sr), 0.0f), sr);
        CHECK(allFieldsFinite(sink));
        CHECK(pulseCount(sink) == 0);
        CHECK(sink.fast.back().bpm == 0.0f);
        CHECK(sink.fast.back().bpmConfidence == 0.0f);
    }
    SECTION("white noise")
    {
        const auto sink = runMono(whiteNoise(0.3, 20.0, sr, 11), sr);
        CHECK(allFieldsFinite(sink));
        float maxConfidence = 0.0f;
        for (const auto& f : sink.fast)
            maxConfidence = std::max(maxConfidence, f.bpmConfidence);
        CHECK(maxConfidence < 0.2f);
        // stationary noise has no pulse: a light bound to /beat stays dark
        CHECK(pulseCount(sink) == 0);
        CHECK(sink.fast.back().bpm == 0.0f);
    }
    SECTION("held tones: a sine, a chord, a harmonic drone")
    {
        // their residual flux is periodic enough for a comb, but holds no onset
        for (const auto& tone : { sine(440.0, 0.25, 20.0, sr), chord({ 60, 64, 67 }, 0.2, 20.0, sr),
                                  harmonicTone(110.0, 0.2, 20.0, sr, 10) })
        {
            const auto sink = runMono(tone, sr);
            CHECK(allFieldsFinite(sink));
            CHECK(pulseCount(sink) == 0);
            CHECK(sink.fast.back().bpm == 0.0f);
        }
    }
    SECTION("NaN and infinity bursts inside a drum loop")
    {
        DrumLoopOptions o;
        o.bpm = 128.0;
        o.seconds = 20.0;
        o.sampleRate = sr;
        auto audio = drumLoop(o);
        for (double start : { 5.0, 9.3, 14.1 })
            for (std::size_t i = 0; i < 2000; ++i)
                audio[static_cast<std::size_t>(start * sr) + i] =
                    i % 3 == 0 ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
        const auto sink = runMono(audio, sr);
        CHECK(allFieldsFinite(sink));
        const PulseScore s = score(sink, beatTimes(o.bpm, 0.0, o.seconds), 15.0);
        CHECK(s.lockTime >= 0.0);
        CHECK(s.lockTime < 17.0);
    }
    SECTION("music stopping: pulses coast, then stop")
    {
        DrumLoopOptions o;
        o.bpm = 120.0;
        o.seconds = 12.0;
        o.sampleRate = sr;
        auto audio = drumLoop(o);
        audio.resize(static_cast<std::size_t>(30.0 * sr), 0.0f);
        const auto sink = runMono(audio, sr);
        CHECK(allFieldsFinite(sink));
        CHECK(pulseCount(sink, 20.0) == 0);
        CHECK(sink.fast.back().bpm == 0.0f);
    }
    SECTION("music giving way to noise: pulses coast, then stop")
    {
        // Once the beats lose their onsets the running beat peak sinks to the noise's own
        // maxima, one of which lies near every beat: counted as hits they take the lost beats
        // back, while the history before the noise still holds the tempo. Eight takes: a drum
        // loop for 12 s, then white noise at four levels (at 0.2 louder than the loop); pulses
        // counted from 19 s: the hit rate falls below 0.4 within 2.5 s of the music (five missed
        // beats), and noise 5 LU or more below the loop (0.02, 0.05; the loop measures -19.8
        // LUFS) can pass for a stop over a held sound, which the pulse counts through for
        // kFlywheelSeconds, after which clear peaks of the noise near the beats can hold the rate
        // at 0.4 for another beat or two (1.5 s); at 0.1 and 0.2 the noise is as loud or louder
        // and the pulse ends at the fall. One take at 0.2 still brings the beats back (now and
        // then its maxima stand out like onsets); letting any of them count did so in five.
        const double from = 12.0 + 2.5 + RealtimeBeatTracker::kFlywheelSeconds + 1.5;
        std::size_t pulses = 0, takesWithPulses = 0;
        for (const double level : { 0.02, 0.05, 0.1, 0.2 })
            for (const std::uint32_t seed : { 3u, 4u })
            {
                DrumLoopOptions o;
                o.bpm = 120.0;
                o.seconds = 12.0;
                o.sampleRate = sr;
                auto audio = drumLoop(o);
                const auto noise = whiteNoise(level, 30.0, sr, seed);
                audio.insert(audio.end(), noise.begin(), noise.end());
                const auto sink = runMono(audio, sr);
                CHECK(allFieldsFinite(sink));
                const std::size_t here = pulseCount(sink, from);
                double last = 0.0;
                for (const auto& f : sink.fast)
                    last = f.beat ? f.time : last;
                WARN("drum loop, then white noise at " << level << " (seed " << seed << "): " << here << " pulses from "
                                                       << from << " s, the last at " << last << " s");
                pulses += here;
                takesWithPulses += here > 0 ? 1 : 0;
            }
        CHECK(takesWithPulses <= 1);
        CHECK(pulses <= 30);
    }
}

namespace {
// A short struck tone at `when`: `partials` decaying harmonics (the h-th at 1/h), like a plucked
// or hammered note; with one partial and a few ms of attack, a short synth-bass note.
void addNote(std::vector<float>& out, double when, double freq, double gain, double sampleRate, int partials = 4,
             double decayPerSecond = 6.0, double attackSeconds = 0.0, double seconds = 0.8)
{
    const auto start = static_cast<std::size_t>(std::lround(when * sampleRate));
    const auto length = static_cast<std::size_t>(seconds * sampleRate);
    for (std::size_t i = 0; i < length && start + i < out.size(); ++i)
    {
        const double t = static_cast<double>(i) / sampleRate;
        double v = 0.0;
        for (int h = 1; h <= partials; ++h)
            v += std::sin(kTwoPi * freq * h * t) / h;
        const double attack = attackSeconds > 0.0 ? std::min(1.0, t / attackSeconds) : 1.0;
        out[start + i] += static_cast<float>(gain * (attack * std::exp(-t * decayPerSecond)) * v);
    }
}

// A snare-like noise burst at `when`.
void addBurst(std::vector<float>& out, double when, double gain, double sampleRate, std::uint32_t seed = 12345u)
{
    std::uint32_t noise = seed;
    const auto start = static_cast<std::size_t>(std::lround(when * sampleRate));
    for (std::size_t i = 0; i < static_cast<std::size_t>(0.08 * sampleRate) && start + i < out.size(); ++i)
    {
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        const double white = static_cast<double>(noise) / 2147483648.0 - 1.0;
        out[start + i] += static_cast<float>(gain * std::exp(-static_cast<double>(i) / sampleRate * 30.0) * white);
    }
}

// Snare-like noise bursts at Poisson times (mean interval 0.45 s, none closer than 0.08 s, the
// first at 0.7 s) until `until`, at random levels; one take per seed.
std::vector<float> randomHits(double seconds, double until, std::uint32_t seed, double sampleRate)
{
    std::vector<float> audio(static_cast<std::size_t>(seconds * sampleRate), 0.0f);
    std::mt19937 rng(seed);
    std::exponential_distribution<double> interval(1.0 / 0.45);
    std::uniform_real_distribution<double> level(0.15, 0.4);
    for (double t = 0.7; t < until; t += std::max(0.08, interval(rng)))
        addBurst(audio, t, level(rng), sampleRate, static_cast<std::uint32_t>(rng()) | 1u);
    return audio;
}

// Snare-like noise bursts once a beat, `offset` beats after each beat, from `from` on.
void addBursts(std::vector<float>& out, double bpm, double from, double offset, double gain, double sampleRate)
{
    const double beat = 60.0 / bpm;
    for (double t = from + offset * beat; t < static_cast<double>(out.size()) / sampleRate; t += beat)
        addBurst(out, t, gain, sampleRate);
}

// The grid found before `change` (a lock within 4 s) holds from `from` on: the first pulse from
// then on starts a run of four on the beat, and at least 95 % of them (at least minPulses) are
// on the beat to the end.
void checkGridHolds(const CollectingSink& sink, double bpm, double seconds, double change, double from,
                    std::size_t minPulses)
{
    const PulseScore before = score(sink, beatTimes(bpm, 0.0, change));
    const PulseScore after = score(sink, beatTimes(bpm, 0.0, seconds), from);
    WARN("before " << change << " s: lock " << before.lockTime << " s; from " << from << " s: lock " << after.lockTime
                   << " s, " << after.hits << "/" << after.counted << " pulses on the beat");
    REQUIRE(before.lockTime >= 0.0);
    CHECK(before.lockTime < 4.0);
    CHECK(after.lockTime >= from);
    CHECK(after.lockTime < from + 1.0);
    CHECK(after.hitRate() >= 0.95);
    CHECK(after.counted >= minPulses);
}
} // namespace

TEST_CASE("live pulses keep their grid when the off-beats grow as strong as the beats", "[rtbeat]")
{
    // Real mixes trade the stronger onsets between beat and off-beat section by section (a
    // snare on the "and", chugging guitars); the pulse a light show follows must not swap with
    // them. Noise bursts on the beats, and from 16 s on louder ones on every off-beat: no bass
    // drum tells them apart.
    const double sr = 44100.0;
    const double bpm = 120.0, seconds = 50.0;
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    addBursts(audio, bpm, 0.0, 0.0, 0.3, sr);
    addBursts(audio, bpm, 16.0, 0.5, 0.4, sr);
    // on the beat from the first pulse after 18 s on, and to the end
    checkGridHolds(runMono(audio, sr), bpm, seconds, 16.0, 18.0, 60);
}

TEST_CASE("live pulses stay on the beat while a syncopated part outweighs it section by section", "[rtbeat]")
{
    // A part that leads each beat by a sixteenth and a bit (a dotted rhythm, a pushed chord)
    // makes a second peak of the phase comb a third of a period early; in the sections where it
    // is louder than the beat that peak is the best offset. Averaging the grid with it walks the
    // pulses onto the push; not averaged, it is a disagreeing estimate, which a grid settled on
    // the beat outlasts. Noise bursts on the beats, and bursts 0.3 beats before each beat that
    // are quieter than the beat for 16 s, then louder and quieter by turns every 8 s.
    const double sr = 44100.0, bpm = 120.0, seconds = 56.0;
    const double beat = 60.0 / bpm;
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    addBursts(audio, bpm, 0.0, 0.0, 0.3, sr);
    for (double t = 0.7 * beat; t < seconds; t += beat)
        addBurst(audio, t, t >= 16.0 && static_cast<int>(t / 8.0) % 2 == 0 ? 0.45 : 0.15, sr);
    checkGridHolds(runMono(audio, sr), bpm, seconds, 16.0, 16.0, 75);
}

TEST_CASE("a fill at a slower related tempo does not take the grid from a pulse", "[rtbeat]")
{
    // A fill drops the beat to a whisper for a few seconds and plays its own figure: here every
    // beat and a half (80 BPM against 120), the 3:2 relation real mixes show. The beats miss
    // their onsets, the tracker re-estimates on the last seconds alone, and there the fill is the
    // strongest periodicity; the held tempo still explains the window nearly as well. Taking
    // the fill's tempo at once (as a tracker did once its hit rate dipped below 0.6, which here
    // it does for an update or two) left the pulse at 80 BPM until 3.5 s (a 4 s fill) or 3 s (a
    // 6 s fill) after the beat was back.
    const auto fillSeconds = GENERATE(4.0, 6.0);
    const double sr = 44100.0, bpm = 120.0, seconds = 44.0, fillFrom = 20.0, fillTo = fillFrom + fillSeconds;
    const double beat = 60.0 / bpm;
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    for (double t = 0.0; t < seconds; t += beat)
        addBurst(audio, t, t < fillFrom - 1e-9 || t >= fillTo - 1e-9 ? 0.3 : 0.03, sr);
    for (double t = fillFrom; t < fillTo - 1e-9; t += 1.5 * beat)
        addBurst(audio, t, 0.3, sr);
    const double from = fillTo + 1.0;
    checkGridHolds(runMono(audio, sr), bpm, seconds, fillFrom, from,
                   static_cast<std::size_t>(0.9 * (seconds - from) / beat));
}

TEST_CASE("live pulses stay on the kick when an off-beat bass line comes in", "[rtbeat]")
{
    // Dance music's bass often plays every off-beat, a short low note right after each kick has
    // decayed: in the < 100 Hz band it rises more than the kick does. A drum loop at 128 BPM for
    // 16 s, then a 55 Hz note on every "and". The kick tells beat from off-beat where the grid is
    // chosen (the first lock); the grid the pulses run on must not move to the bass line.
    const double sr = 44100.0, bpm = 128.0, seconds = 48.0, split = 16.0;
    DrumLoopOptions o;
    o.bpm = bpm;
    o.seconds = seconds;
    auto audio = drumLoop(o);
    const double beat = 60.0 / bpm;
    for (double t = split + 0.5 * beat; t < seconds - beat; t += beat)
        addNote(audio, t, 55.0, 0.6, sr, 1, 8.0, 0.005, 0.2);
    checkGridHolds(runMono(audio, sr), bpm, seconds, split, split + 2.0, 55);
}

TEST_CASE("live pulses stay dark on a rubato line", "[rtbeat]")
{
    // Notes whose spacing wanders freely (0.45-1.35 s, no two alike): a window of them can show
    // a comb peak and hold a lock for a while, but the grid's beats miss the notes, so no pulse
    // is shown for them.
    const double sr = 44100.0;
    const double seconds = 60.0;
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    std::uint32_t state = 7u;
    auto unit = [&] {
        state = state * 1664525u + 1013904223u;
        return static_cast<double>(state >> 8) / 16777216.0;
    };
    for (double t = 0.5; t < seconds - 1.0; t += 0.45 + 0.9 * unit())
        addNote(audio, t, 220.0 * std::pow(2.0, std::floor(unit() * 12.0) / 12.0), 0.3, sr);
    const auto sink = runMono(audio, sr);
    std::size_t pulses = 0;
    for (const auto& f : sink.fast)
        pulses += f.beat ? 1 : 0;
    WARN("rubato line: " << pulses << " pulses in " << seconds << " s");
    CHECK(static_cast<double>(pulses) / (seconds / 60.0) <= 5.0);
}

TEST_CASE("an established pulse keeps going through a passage where some beats are silent", "[rtbeat]")
{
    // A 120 BPM pulse whose onsets, from 20 s to 40 s, leave out two of every five beats (a break,
    // a syncopated fill): the beats still fall on the grid, and a light show should not go dark
    // every time the hit rate dips.
    const double sr = 44100.0;
    const double bpm = 120.0, seconds = 50.0, beat = 60.0 / bpm;
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    for (int k = 0; k * beat < seconds - beat; ++k)
    {
        const double t = k * beat;
        if (!(t >= 20.0 && t < 40.0 && (k % 5 == 1 || k % 5 == 3)))
            addBurst(audio, t, 0.3, sr);
    }
    const auto sink = runMono(audio, sr);
    const std::vector<double> pulses = pulsesBetween(sink, 20.0, 40.0);
    const double gap = longestGap(pulses, 20.0, 40.0);
    const PulseScore s = score(sink, beatTimes(bpm, 0.0, seconds), 20.0);
    WARN(pulses.size() << " pulses from 20 to 40 s (40 beats), longest gap " << gap << " s; " << s.hits << "/"
                       << s.counted << " on the beat");
    CHECK(pulses.size() >= 38);
    CHECK(gap < 1.5 * beat);
    CHECK(s.hitRate() >= 0.95);
}

namespace {
// A 120 BPM pulse of snare-like bursts for 30 s, then `stop` (a held chord, silence, noise) from 30 s, then the
// bursts again for 12 s on the same grid.
std::vector<float> pulseWithStop(const std::vector<float>& stop, double sampleRate, double gain = 0.3)
{
    const double beat = 0.5, resume = 30.0 + static_cast<double>(stop.size()) / sampleRate;
    std::vector<float> audio(static_cast<std::size_t>((resume + 12.0) * sampleRate), 0.0f);
    for (int k = 0; k * beat < resume + 12.0 - beat; ++k)
        if (k * beat < 30.0 - 1e-9 || k * beat >= resume - 1e-9)
            addBurst(audio, k * beat, gain, sampleRate);
    for (std::size_t i = 0; i < stop.size(); ++i)
        audio[static_cast<std::size_t>(30.0 * sampleRate) + i] += stop[i];
    return audio;
}

std::vector<double> pulsesInStop(const CollectingSink& sink, double seconds)
{
    const std::vector<double> pulses = pulsesBetween(sink, 30.0, 30.0 + seconds);
    WARN(pulses.size() << " pulses in the " << seconds << "-s stop, the last at "
                       << (pulses.empty() ? 0.0 : pulses.back()) << " s");
    return pulses;
}
} // namespace

TEST_CASE("an established pulse counts through a stop over a held chord, not through silence or noise as loud",
          "[rtbeat]")
{
    // The beats stop for a few seconds while the music sounds on without onsets (a band's stop
    // over a held chord): the pulse goes on on its grid, and the beats come back on it. The hit
    // rate falls below 0.4 some 2-2.5 s into a stop (five missed beats, the stop's own onset
    // counting as a hit or not); the flywheel then runs for at most 3 s. Silence and noise at
    // the pulse's loudness or above end the pulse at the fall. (The bursts measure -23.7 LUFS;
    // white noise at 0.02 -32.6, at 0.05 -24.7, at 0.2 -12.6.)
    const double sr = 44100.0, beat = 0.5;
    SECTION("a 3-s and a 4-s stop over a held chord")
    {
        for (const double stop : { 3.0, 4.0 })
        {
            const auto sink = runMono(pulseWithStop(chord({ 57, 60, 64 }, 0.05, stop, sr), sr), sr);
            const double to = 36.0 + stop;
            const std::vector<double> pulses = pulsesBetween(sink, 25.0, to);
            const double gap = longestGap(pulses, 25.0, to);
            const PulseScore s = score(sink, beatTimes(120.0, 0.0, 45.0 + stop), 25.0);
            WARN(stop << "-s stop: " << pulses.size() << " pulses from 25 to " << to << " s (" << (to - 25.0) / beat
                      << " beats), longest gap " << gap << " s; " << s.hits << "/" << s.counted << " on the beat");
            CHECK(static_cast<double>(pulses.size()) >= (to - 25.0) / beat - 1.0);
            CHECK(gap < 1.5 * beat);
            CHECK(s.hitRate() >= 0.95);
        }
    }
    SECTION("an 8-s held chord: 3 s past the fall, not through it")
    {
        const auto sink = runMono(pulseWithStop(chord({ 57, 60, 64 }, 0.05, 8.0, sr), sr), sr);
        pulsesInStop(sink, 8.0);
        CHECK(!pulsesBetween(sink, 33.0, 35.0).empty());
        CHECK(pulsesBetween(sink, 36.0, 38.0).empty());
    }
    SECTION("8 s of noise 9 LU under the pulse: not through it")
    {
        const auto sink = runMono(pulseWithStop(whiteNoise(0.02, 8.0, sr, 5u), sr), sr);
        pulsesInStop(sink, 8.0);
        CHECK(pulsesBetween(sink, 36.0, 38.0).empty());
    }
    SECTION("6 s of silence, of noise as loud as the pulse and 11 LU louder; silence after a pulse 20 dB quieter")
    {
        for (const auto& stop : { std::vector<float>(static_cast<std::size_t>(6.0 * sr), 0.0f),
                                  whiteNoise(0.05, 6.0, sr, 3u), whiteNoise(0.2, 6.0, sr, 4u) })
        {
            const auto sink = runMono(pulseWithStop(stop, sr), sr);
            pulsesInStop(sink, 6.0);
            CHECK(pulsesBetween(sink, 33.5, 36.0).empty());
        }
        const auto quiet =
            runMono(pulseWithStop(std::vector<float>(static_cast<std::size_t>(6.0 * sr), 0.0f), sr, 0.03), sr);
        CHECK(!pulsesBetween(quiet, 20.0, 30.0).empty());
        pulsesInStop(quiet, 6.0);
        CHECK(pulsesBetween(quiet, 33.5, 36.0).empty());
    }
}

TEST_CASE("live pulses stay dark on percussion hits at random times", "[rtbeat]")
{
    // Hits at Poisson times (mean interval 0.45 s) put an onset within the correction window of
    // most beats of any grid, so the plain hit rate can show a chance lock for a while; their
    // timing against the grid stays spread, where a played beat lands within a few tens of ms.
    // Seven different 90 s takes, so one chance lock does not decide the count. What is left
    // (1.7 pulses a minute) are chance grids that hold a few beats; a grid taken while locked and
    // switched on with the hit and tight rates of the grid before it gives 2.0.
    const double sr = 44100.0;
    const double seconds = 90.0;
    std::size_t pulses = 0;
    for (std::uint32_t seed : { 1u, 2u, 3u, 4u, 5u, 6u, 13u })
    {
        const auto sink = runMono(randomHits(seconds, seconds - 2.0, seed, sr), sr);
        for (const auto& f : sink.fast)
            pulses += f.beat ? 1 : 0;
    }
    const double perMinute = static_cast<double>(pulses) / (7.0 * seconds / 60.0);
    WARN("random hits: " << pulses << " pulses in 7 x " << seconds << " s, " << perMinute << " a minute");
    CHECK(perMinute <= 1.9);
}

TEST_CASE("a pulse keeps going while notes off its grid bury its periodicity", "[rtbeat]")
{
    // A 120 BPM pulse; from 20 to 45 s it is played a little loosely (each beat up to 20 ms
    // early or late) under louder notes at random times. The envelope's comb at the beat period
    // falls below what holds a tempo, while the window's best tempo is still 120 and every beat
    // still finds its onset: the pulse goes on, and the lights with it.
    const double sr = 44100.0;
    const double bpm = 120.0, seconds = 60.0, beat = 60.0 / bpm;
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    std::mt19937 rng(21u);
    std::uniform_real_distribution<double> spacing(0.1, 0.3), level(0.15, 0.45), pitch(0.0, 36.0), loose(-0.02, 0.02);
    for (double t = 20.0; t < 45.0; t += spacing(rng))
        addNote(audio, t, 110.0 * std::pow(2.0, std::floor(pitch(rng)) / 12.0), level(rng), sr);
    std::vector<double> played;
    for (int k = 0; k * beat < seconds - beat; ++k)
    {
        const double t = k * beat + (k * beat >= 20.0 && k * beat < 45.0 ? loose(rng) : 0.0);
        played.push_back(t);
        addBurst(audio, t, 0.25, sr);
    }
    const std::vector<double> pulses = pulsesBetween(runMono(audio, sr), 20.0, 45.0);
    const double gap = longestGap(pulses, 20.0, 45.0);
    std::size_t onBeat = 0;
    for (double p : pulses)
        onBeat += std::abs(p - played[nearest(played, p)]) <= 0.07 ? 1 : 0;
    WARN(pulses.size() << " pulses from 20 to 45 s (50 beats), longest gap " << gap << " s; " << onBeat
                       << " within 70 ms of a played beat");
    CHECK(pulses.size() >= 48);
    CHECK(gap < 1.5 * beat);
    CHECK(static_cast<double>(onBeat) >= 0.9 * static_cast<double>(pulses.size()));
}

TEST_CASE("a pulse keeps going while notes around its beats bury its tempo", "[rtbeat]")
{
    // A 120 BPM pulse of exact clicks; from 20 to 45 s louder notes at random times (drawn 5-16
    // a second, those within 80 ms of a beat left out) fill the time between the beats. The
    // window's comb and its own best tempo fade to nothing (bpm 0, comb 0.08 over 10 s), while
    // every beat still lands on its click: the pulse should go on. Eight takes; in one the notes
    // still pull the tracker onto a chance grid for a while.
    const double sr = 44100.0;
    const double bpm = 120.0, seconds = 60.0, beat = 60.0 / bpm;
    std::size_t onBeat = 0, pulses = 0, strengthless = 0;
    double worstGap = 0.0;
    for (std::uint32_t seed = 21; seed <= 28; ++seed)
    {
        std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> spacing(0.06, 0.2), level(0.3, 0.6), pitch(0.0, 36.0);
        for (double t = 20.0; t < 45.0; t += spacing(rng))
        {
            const double freq = 110.0 * std::pow(2.0, std::floor(pitch(rng)) / 12.0), gain = level(rng);
            const double fromBeat = std::fmod(t, beat);
            if (std::min(fromBeat, beat - fromBeat) >= 0.08)
                addNote(audio, t, freq, gain, sr);
        }
        std::vector<double> played;
        for (int k = 0; k * beat < seconds - beat; ++k)
        {
            played.push_back(k * beat);
            addBurst(audio, k * beat, 0.25, sr);
        }
        const auto sink = runMono(audio, sr);
        const std::vector<double> here = pulsesBetween(sink, 20.0, 45.0);
        worstGap = std::max(worstGap, longestGap(here, 20.0, 45.0));
        pulses += here.size();
        for (double p : here)
            onBeat += std::abs(p - played[nearest(played, p)]) <= 0.07 ? 1 : 0;
        for (const auto& f : sink.fast)
            if (f.beat && f.time >= 20.0 && f.time < 45.0)
                strengthless += f.beatStrength > 0.0f ? 0 : 1;
    }
    WARN(pulses << " pulses from 20 to 45 s over 8 takes (400 beats), " << onBeat
                << " within 70 ms of a played beat; longest gap " << worstGap << " s; " << strengthless
                << " at strength 0");
    CHECK(onBeat >= 350);
    CHECK(static_cast<double>(onBeat) >= 0.9 * static_cast<double>(pulses));
    // the beats land on their clicks, so the pulses have a strength: the faded comb alone (the
    // tempo's confidence, 0) would send them at 0
    CHECK(strengthless == 0);
}

namespace {
// The mean strength of the pulses from..to on the beats whose index modulo 4 is `accentedBeat`, and of
// the others; every pulse must be on a beat.
struct StrengthSplit
{
    double accented = 0.0, others = 0.0;
    std::size_t nAccented = 0, nOthers = 0, zero = 0;
};

StrengthSplit strengthSplit(const CollectingSink& sink, const std::vector<double>& beats, double from, double to,
                            std::size_t accentedBeat)
{
    StrengthSplit s;
    for (const auto& f : sink.fast)
    {
        if (!f.beat || f.time < from || f.time > to)
            continue;
        const std::size_t b = nearest(beats, f.time);
        REQUIRE(std::abs(f.time - beats[b]) <= 0.05);
        s.zero += f.beatStrength > 0.0f ? 0 : 1;
        const bool accented = b % 4 == accentedBeat;
        (accented ? s.accented : s.others) += f.beatStrength;
        ++(accented ? s.nAccented : s.nOthers);
    }
    s.accented /= static_cast<double>(std::max<std::size_t>(1, s.nAccented));
    s.others /= static_cast<double>(std::max<std::size_t>(1, s.nOthers));
    return s;
}
} // namespace

TEST_CASE("a pulse's strength is what its place in the bar carries", "[rtbeat]")
{
    // A 120 BPM drum loop with a loud burst on the first beat of every bar. A pulse comes before
    // its onset: its strength is what that place in the bar has carried in the bars before, so the
    // accented beats' pulses are the strong ones (the peak of the beat before would put the accent
    // on the pulse after it).
    DrumLoopOptions o;
    o.bpm = 120.0;
    o.seconds = 30.0;
    std::vector<float> audio = drumLoop(o);
    const double beat = 60.0 / o.bpm;
    for (double t = 0.0; t < o.seconds; t += 4.0 * beat)
        addBurst(audio, t, 0.8, o.sampleRate);
    const auto sink = runMono(audio, o.sampleRate);
    const StrengthSplit s = strengthSplit(sink, beatTimes(o.bpm, 0.0, o.seconds), 8.0, o.seconds, 0);
    REQUIRE(s.nAccented >= 10);
    REQUIRE(s.nOthers >= 30);
    WARN("mean strength of the " << s.nAccented << " accented pulses " << s.accented << ", of the " << s.nOthers
                                 << " others " << s.others);
    CHECK(s.accented >= 1.5 * s.others);
    CHECK(s.zero == 0);
}

TEST_CASE("a new grid's pulses take their strength from its own bars", "[rtbeat]")
{
    // 20 s of a 120 BPM drum loop with a loud burst on the first beat of every bar, then 20 s at
    // 140 BPM with the burst on the third. The grid taken at 140 counts its bar from wherever it
    // starts; the bar positions' peaks of the 120 BPM grid are no guide to it, so from its second
    // bar on its accented beats' pulses must be the strong ones.
    const double sr = 44100.0, change = 20.0;
    DrumLoopOptions o;
    o.bpm = 120.0;
    o.seconds = change;
    std::vector<float> audio = drumLoop(o);
    for (double t = 0.0; t < change; t += 4.0 * 60.0 / o.bpm)
        addBurst(audio, t, 0.8, sr);
    DrumLoopOptions faster = o;
    faster.bpm = 140.0;
    faster.seconds = 20.0;
    const std::vector<float> second = drumLoop(faster);
    const double beat = 60.0 / faster.bpm;
    audio.resize(static_cast<std::size_t>((change + faster.seconds) * sr), 0.0f);
    for (std::size_t i = 0; i < second.size() && static_cast<std::size_t>(change * sr) + i < audio.size(); ++i)
        audio[static_cast<std::size_t>(change * sr) + i] += second[i];
    for (double t = change + 2.0 * beat; t < change + faster.seconds; t += 4.0 * beat)
        addBurst(audio, t, 0.8, sr);
    const auto sink = runMono(audio, sr);
    double firstFaster = -1.0;
    for (const auto& f : sink.fast)
        if (f.beat && f.time > change && std::abs(f.bpm - 140.0f) < 3.0f)
        {
            firstFaster = f.time;
            break;
        }
    REQUIRE(firstFaster > change);
    const StrengthSplit s = strengthSplit(sink, beatTimes(faster.bpm, change, change + faster.seconds),
                                          firstFaster + 4.0 * beat, firstFaster + 16.0 * beat, 2);
    REQUIRE(s.nAccented >= 2);
    REQUIRE(s.nOthers >= 6);
    WARN("first pulse at 140 BPM " << firstFaster << " s; from its second bar to its fourth, mean strength of the "
                                   << s.nAccented << " accented pulses " << s.accented << ", of the " << s.nOthers
                                   << " others " << s.others);
    CHECK(s.accented >= 1.5 * s.others);
}

TEST_CASE("a pulse that stops under dense notes or hits off its grid goes dark", "[rtbeat]")
{
    // 20 s of a pulse, then 60 s of notes at random times (8 a second) or noise bursts at Poisson
    // times (10 a second) and no beat: some beats of the held grid find an onset near them by
    // chance, and now and then most of them do. What a lock held on such chance passes would
    // show is counted from 10 s after the beat stopped, over six takes of each, at 120 and 150 BPM.
    const double sr = 44100.0;
    const double seconds = 80.0;
    std::size_t pulses = 0, takes = 0;
    for (const bool notes : { true, false })
        for (const double bpm : { 120.0, 150.0 })
            for (std::uint32_t seed = 1; seed <= 6; ++seed)
            {
                std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
                for (double t = 0.0; t < 20.0; t += 60.0 / bpm)
                    addBurst(audio, t, 0.3, sr);
                std::mt19937 rng(seed * 7919u + static_cast<std::uint32_t>(bpm));
                std::uniform_real_distribution<double> spacing(0.08, 0.25), level(0.1, 0.3), pitch(0.0, 36.0),
                    hitLevel(0.15, 0.4);
                std::exponential_distribution<double> interval(1.0 / 0.1);
                if (notes)
                    for (double t = 20.0; t < seconds; t += spacing(rng))
                        addNote(audio, t, 110.0 * std::pow(2.0, std::floor(pitch(rng)) / 12.0), level(rng), sr);
                else
                    for (double t = 20.0; t < seconds; t += std::max(0.04, interval(rng)))
                        addBurst(audio, t, hitLevel(rng), sr, static_cast<std::uint32_t>(rng()) | 1u);
                pulses += pulsesBetween(runMono(audio, sr), 30.0, seconds).size();
                ++takes;
            }
    const double perTake = static_cast<double>(pulses) / static_cast<double>(takes);
    WARN(pulses << " pulses from 30 to 80 s over " << takes << " takes, " << perTake << " a take");
    CHECK(perTake <= 6.0);
}

TEST_CASE("live pulses do not start on a few chance hits in the first seconds", "[rtbeat]")
{
    // In the first seconds the lock window holds only a few hits; a few of them a slow period
    // apart make a clear comb with a single tooth. Forty openings of Poisson hits (mean interval
    // 0.45 s, the first at 0.7 s), each a different take; pulses in the first 6 s are counted.
    const double sr = 44100.0;
    const double seconds = 6.0;
    std::size_t pulses = 0, takesWithPulses = 0;
    for (std::uint32_t seed = 100; seed < 140; ++seed)
    {
        const auto sink = runMono(randomHits(seconds, seconds, seed, sr), sr);
        std::size_t here = 0;
        for (const auto& f : sink.fast)
            here += f.beat ? 1 : 0;
        pulses += here;
        takesWithPulses += here > 0 ? 1 : 0;
    }
    // a window of at least three periods before the first lock: 13 takes (21 pulses); a first
    // lock on a single comb tooth gives 19 takes (39 pulses). What is left are chance grids of
    // 40-75 BPM over three or more periods.
    WARN("chance openings: " << pulses << " pulses in " << takesWithPulses << " of 40 takes");
    CHECK(takesWithPulses <= 15);
}

namespace {
// a pulse whose eighths are quiet until `split` and as loud as its beats from then on
std::vector<float> eighthsGrowLoud(double bpm, double split, double seconds, double sr)
{
    std::vector<float> audio(static_cast<std::size_t>(seconds * sr), 0.0f);
    addBursts(audio, bpm, 0.5, 0.0, 0.5, sr);
    std::vector<float> eighths(audio.size(), 0.0f);
    addBursts(eighths, bpm, 0.5, 0.5, 1.0, sr);
    for (std::size_t i = 0; i < audio.size(); ++i)
        audio[i] += eighths[i] * (static_cast<double>(i) / sr < split ? 0.12f : 0.5f);
    return audio;
}
} // namespace

TEST_CASE("a stream keeps the octave it has shown when its eighths grow as strong as its beats", "[rtbeat][tempo]")
{
    // 40 s of a 100 BPM pulse whose eighths are quiet, then 12 s in which they are as loud as the
    // beats. One 8 s window of the second part alone reads 200; the rolling tempo and the live
    // pulses, which pool the octave evidence of their windows, stay at the 100 they have shown.
    const double sr = 44100.0;
    const double bpm = 100.0, split = 40.0, seconds = 52.0;
    const std::vector<float> audio = eighthsGrowLoud(bpm, split, seconds, sr);
    const auto sink = runMono(audio, sr);

    // the loud-eighths part read as a stream of its own: 200 in the rolling tempo and the pulses
    const auto readsDouble = [&](const CollectingSink& part) {
        REQUIRE_FALSE(part.slow.empty());
        CHECK(part.slow.back().get(Dim::TempoBpm) == Approx(2.0 * bpm).margin(4.0));
        int doubled = 0;
        for (const auto& f : part.fast)
            doubled += f.beat && f.time > 8.0 && std::abs(f.bpm - 2.0 * bpm) < 4.0 ? 1 : 0;
        CHECK(doubled >= 6);
    };
    const auto cut = audio.begin() + static_cast<std::ptrdiff_t>(split * sr);
    const std::vector<float> before(audio.begin(), cut), alone(cut, audio.end());
    readsDouble(runMono(alone, sr));

    // A reset (a new file, a transport jump) forgets the octave evidence: the same Analyzer, reset
    // after the quiet-eighths part, reads the loud part as a new stream would.
    {
        Analyzer analyzer;
        analyzer.prepare(sr, EngineConfig {});
        CollectingSink ignored, after;
        feed(analyzer, before, before, ignored);
        analyzer.reset();
        feed(analyzer, alone, alone, after);
        readsDouble(after);
    }

    int slowBefore = 0, slowAfter = 0;
    for (const auto& s : sink.slow)
    {
        const float tempo = s.get(Dim::TempoBpm);
        if (s.time > 12.0 && s.time <= split)
        {
            ++slowBefore;
            CHECK(tempo == Approx(bpm).margin(2.0));
        }
        else if (s.time >= split + 8.0) // windows wholly in the loud-eighths part
        {
            ++slowAfter;
            CHECK(tempo == Approx(bpm).margin(2.0));
        }
    }
    CHECK(slowBefore >= 10);
    CHECK(slowAfter >= 2);

    int pulsesAfter = 0;
    for (const auto& f : sink.fast)
        if (f.beat && f.time > split + 8.0)
        {
            ++pulsesAfter;
            CHECK(f.bpm == Approx(bpm).margin(2.0));
        }
    CHECK(pulsesAfter >= 6);
}

TEST_CASE("an established pulse keeps its octave while its beats keep landing", "[rtbeat][tempo]")
{
    // 40 s of a 100 BPM pulse with quiet eighths, then 80 s in which the eighths are as loud as
    // the beats, then 10 s of silence. Octave evidence pooled over this stream turns to 200 in the
    // loud part (the rolling tempo, whose estimator pools its own, reads 200 by its end, and the
    // pulses used to double after 40 s of it); the pulse, shown at its tempo for longer than the octave memory and with
    // every beat on its onset, stays at 100, and still stops when the music does.
    const double sr = 44100.0;
    const double bpm = 100.0, split = 40.0, seconds = 120.0, silence = 10.0;
    std::vector<float> audio = eighthsGrowLoud(bpm, split, seconds, sr);
    audio.resize(static_cast<std::size_t>((seconds + silence) * sr), 0.0f);
    const auto sink = runMono(audio, sr);

    const auto rollingAt = [&](double t) {
        float tempo = 0.0f;
        for (const auto& s : sink.slow)
            if (s.time <= t)
                tempo = s.get(Dim::TempoBpm);
        return tempo;
    };
    CHECK(rollingAt(split) == Approx(bpm).margin(2.0));
    CHECK(rollingAt(seconds) == Approx(2.0 * bpm).margin(4.0));

    int pulses = 0, atBpm = 0;
    for (const auto& f : sink.fast)
        if (f.beat && f.time > split && f.time < seconds)
        {
            ++pulses;
            atBpm += std::abs(f.bpm - bpm) < 2.0 ? 1 : 0;
        }
    WARN(atBpm << " of " << pulses << " pulses from " << split << " to " << seconds << " s at " << bpm << " BPM");
    CHECK(pulses >= 130);
    CHECK(atBpm == pulses);
    CollectingSink music = sink; // the pulses that coast on after the music would share its last beat
    music.fast.erase(
        std::remove_if(music.fast.begin(), music.fast.end(), [&](const FastFrame& f) { return f.time >= seconds; }),
        music.fast.end());
    const PulseScore late = score(music, beatTimes(bpm, 0.5, seconds), split);
    CHECK(late.doubled == 0);
    CHECK(late.hitRate() >= 0.95);
    CHECK(pulsesBetween(sink, seconds + 5.0, seconds + silence).empty());
}
