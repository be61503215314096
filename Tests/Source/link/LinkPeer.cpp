// SPDX-License-Identifier: GPL-3.0-or-later
// A second Ableton Link peer for the Link tests (on the same Debian library as Moodscope).
//   lead:            Moodscope's engine and LinkLeader fed a 128 BPM drum loop in real time, and
//                    an observing peer that checks, at every loop beat after the lock, the
//                    session tempo (within 0.5 BPM) and beat phase (within 20 ms) it sees
//   observe SECONDS: joins, then prints the session tempo it sees once a second
//   write FILE:      writes the drum loop (24 s, 44.1 kHz, 16-bit mono WAV)
#include "engine/Engine.h"
#include "link/LinkLeader.h"
#include "DrumLoop.h"

#include <ableton/Link.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace moodscope;

namespace {
constexpr double kRate = 44100.0;
constexpr double kBpm = 128.0;
constexpr double kSeconds = 24.0;
constexpr double kCheckFrom = 12.0; // seconds of audio: lock and settle before
constexpr int kBlock = 256;

std::vector<float> loop()
{
    test::DrumLoopOptions o;
    o.bpm = kBpm;
    o.seconds = kSeconds;
    o.sampleRate = kRate;
    o.seed = 128;
    return test::drumLoop(o);
}

bool waitForPeer(ableton::Link& link)
{
    for (int i = 0; i < 100 && link.numPeers() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return link.numPeers() > 0;
}

int lead()
{
    const auto audio = loop();
    Engine engine;
    engine.prepare(kRate, kBlock);
    LinkLeader leader(engine.fastOutput());
    leader.start({});
    ableton::Link observer(100.0);
    observer.enable(true);
    if (!waitForPeer(observer))
    {
        std::printf("FAIL: the observing peer never saw Moodscope's Link peer\n");
        return 1;
    }
    const double period = 60.0 / kBpm;
    const auto beatSample = [&](int k) { return static_cast<double>(k) * period * kRate; };
    int nextBeat = static_cast<int>(std::ceil(kCheckFrom / period));
    int checked = 0, bad = 0;
    double worst = 0.0, sum = 0.0;
    std::vector<int> barPositions;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t blocks = audio.size() / kBlock;
    for (std::size_t i = 0; i < blocks; ++i)
    {
        std::this_thread::sleep_until(
            start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(static_cast<double>((i + 1) * kBlock) / kRate)));
        // The block's last sample sounds now (as a device callback delivers it).
        const auto captured = observer.clock().micros();
        const float* channels[] = { audio.data() + i * kBlock };
        engine.capture(channels, 1, kBlock);
        const double blockEnd = static_cast<double>((i + 1) * kBlock);
        // Loop beats that have sounded by now: where the observer's session puts them.
        while (beatSample(nextBeat) <= blockEnd - 0.05 * kRate &&
               beatSample(nextBeat) < static_cast<double>(audio.size()))
        {
            const auto at =
                captured - std::chrono::microseconds(std::llround((blockEnd - beatSample(nextBeat)) / kRate * 1e6));
            const auto state = observer.captureAppSessionState();
            const double phase = state.phaseAtTime(at, 1.0);
            const double errorMs =
                std::min(phase, 1.0 - phase) * 60.0 / state.tempo() * 1000.0 * (phase < 0.5 ? 1 : -1);
            const double tempoError = state.tempo() - kBpm;
            barPositions.push_back(static_cast<int>(std::floor(state.phaseAtTime(at, 4.0) + 0.5)) % 4);
            const bool ok = std::abs(errorMs) <= 20.0 && std::abs(tempoError) <= 0.5;
            bad += ok ? 0 : 1;
            worst = std::max(worst, std::abs(errorMs));
            sum += std::abs(errorMs);
            ++checked;
            std::printf("beat %3d at %6.3f s: session %.2f BPM, phase %+6.1f ms%s\n", nextBeat, nextBeat * period,
                        state.tempo(), errorMs, ok ? "" : "  <- off");
            ++nextBeat;
        }
    }
    const auto status = leader.status();
    std::printf("peers seen by Moodscope %zu; tempo set %llu times, phase corrected %llu times\n", status.peers,
                static_cast<unsigned long long>(status.tempoSets),
                static_cast<unsigned long long>(status.phaseCorrections));
    std::printf("%d beats checked: mean |phase error| %.1f ms, worst %.1f ms; bar positions of the beats:", checked,
                checked > 0 ? sum / checked : 0.0, worst);
    for (int b : barPositions)
        std::printf(" %d", b);
    std::printf("\n");
    leader.stop();
    engine.release();
    if (checked < 15)
    {
        std::printf("FAIL: only %d beats checked\n", checked);
        return 1;
    }
    // the bar phase (quantum 4) moves on by one beat per beat: the downbeat holds still
    int barJumps = 0;
    for (std::size_t i = 1; i < barPositions.size(); ++i)
        barJumps += barPositions[i] != (barPositions[i - 1] + 1) % 4 ? 1 : 0;
    if (barJumps > 1)
    {
        std::printf("FAIL: the session's bar phase jumped %d times\n", barJumps);
        return 1;
    }
    if (bad > 0)
    {
        std::printf("FAIL: %d of %d beats off by more than 20 ms or 0.5 BPM\n", bad, checked);
        return 1;
    }
    return 0;
}

int observe(double seconds)
{
    ableton::Link link(100.0);
    link.enable(true);
    std::printf("ready\n");
    std::fflush(stdout);
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end)
    {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        std::printf("peers %zu tempo %.3f\n", link.numPeers(), link.captureAppSessionState().tempo());
        std::fflush(stdout);
    }
    return 0;
}

void put16(std::ofstream& out, unsigned v)
{
    const char b[] = { static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff) };
    out.write(b, 2);
}
void put32(std::ofstream& out, unsigned v)
{
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

int write(const char* path)
{
    const auto audio = loop();
    std::ofstream out(path, std::ios::binary);
    const auto bytes = static_cast<unsigned>(audio.size() * 2);
    out.write("RIFF", 4);
    put32(out, 36 + bytes);
    out.write("WAVEfmt ", 8);
    put32(out, 16);
    put16(out, 1);
    put16(out, 1);
    put32(out, static_cast<unsigned>(kRate));
    put32(out, static_cast<unsigned>(kRate) * 2);
    put16(out, 2);
    put16(out, 16);
    out.write("data", 4);
    put32(out, bytes);
    for (float x : audio)
        put16(out,
              static_cast<unsigned>(static_cast<int>(std::lround(std::clamp(x, -1.0f, 1.0f) * 32767.0f))) & 0xffff);
    return out.good() ? 0 : 1;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "lead") == 0)
        return lead();
    if (argc >= 3 && std::strcmp(argv[1], "observe") == 0)
        return observe(std::atof(argv[2]));
    if (argc >= 3 && std::strcmp(argv[1], "write") == 0)
        return write(argv[2]);
    std::fprintf(stderr, "usage: link_peer lead | observe SECONDS | write FILE.wav\n");
    return 2;
}
