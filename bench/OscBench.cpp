// SPDX-License-Identifier: GPL-3.0-or-later
// The OSC sender's cost per update (SPEC §7): building one bundle with liblo and encoding it,
// and the same plus handing it to the kernel for a loopback receiver. All on the sender
// thread; the analysis thread's part is one Fanout::publish.
#include "osc/OscAddressSpace.h"
#include "osc/OscLighting.h"
#include "osc/OscTargetSocket.h"

#include <benchmark/benchmark.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

using namespace moodscope;

namespace {
FastFrame busyFastFrame()
{
    FastFrame f;
    f.rmsDb = -12.0f;
    f.peakDb = -3.0f;
    f.rms01 = 0.8f;
    f.peak01 = 0.95f;
    f.bands = { 0.9f, 0.6f, 0.4f, 0.2f };
    f.onset = true;
    f.onsetStrength = 0.7f;
    f.beat = true;
    f.beatCount = 123;
    f.beatStrength = 0.8f;
    f.beatPhase = 0.01f;
    f.barPhase = 1.01f;
    f.bpm = 124.0f;
    f.bpmConfidence = 0.9f;
    return f;
}

SlowSnapshot fullSnapshot()
{
    SlowSnapshot s;
    s.warmingUp = false;
    s.windowFill = 1.0f;
    for (int i = 0; i < kNumDims; ++i)
        s.set(static_cast<Dim>(i), 0.1f * static_cast<float>(i));
    for (int i = 0; i < kNumMoods; ++i)
        s.set(static_cast<Mood>(i), 0.05f * static_cast<float>(i));
    s.featuresValid = true;
    s.features.key = 4;
    s.features.keyStrength = 0.7f;
    return s;
}

lo_timetag now()
{
    lo_timetag t;
    lo_timetag_now(&t);
    return t;
}

// A loopback UDP socket that takes the benchmark's datagrams; drained outside the timing.
struct Sink
{
    int fd = -1;
    int port = 0;
    Sink()
    {
        fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~Sink() { ::close(fd); }
    void drain()
    {
        char buf[65536];
        while (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
        {}
    }
};

template <typename Build> void encode(benchmark::State& state, Build build)
{
    const OscAddressSpace space("/moodscope");
    std::vector<char> wire;
    int messages = 0;
    for (auto _ : state)
    {
        OscBundle b(now());
        build(space, b);
        b.serialise(wire);
        messages = b.messages();
        benchmark::DoNotOptimize(wire.data());
    }
    state.counters["messages"] = messages;
    state.counters["bytes"] = static_cast<double>(wire.size());
}

template <typename Build> void encodeAndSend(benchmark::State& state, Build build)
{
    const OscAddressSpace space("/moodscope");
    Sink sink;
    OscTargetSocket target(OscTarget { "127.0.0.1", sink.port });
    target.update(OscTargetSocket::Clock::now(), nullptr);
    std::vector<char> wire;
    std::int64_t n = 0;
    for (auto _ : state)
    {
        OscBundle b(now());
        build(space, b);
        b.serialise(wire);
        target.send(wire, b.messages(), OscTargetSocket::Clock::now(), nullptr);
        if (++n % 64 == 0)
        {
            state.PauseTiming();
            sink.drain();
            state.ResumeTiming();
        }
    }
    state.counters["errors"] = static_cast<double>(target.status().errors);
}

void BM_OscFastBundleEncode(benchmark::State& state)
{
    const FastFrame f = busyFastFrame();
    encode(state, [&](const OscAddressSpace& space, OscBundle& b) { space.addFast(b, f); });
}
BENCHMARK(BM_OscFastBundleEncode);

void BM_OscSlowBundleEncode(benchmark::State& state)
{
    const SlowSnapshot s = fullSnapshot();
    encode(state, [&](const OscAddressSpace& space, OscBundle& b) { space.addSlow(b, s, {}); });
}
BENCHMARK(BM_OscSlowBundleEncode);

void BM_OscFastBundleEncodeAndSend(benchmark::State& state)
{
    const FastFrame f = busyFastFrame();
    encodeAndSend(state, [&](const OscAddressSpace& space, OscBundle& b) { space.addFast(b, f); });
}
BENCHMARK(BM_OscFastBundleEncodeAndSend);

void BM_OscSlowBundleEncodeAndSend(benchmark::State& state)
{
    const SlowSnapshot s = fullSnapshot();
    encodeAndSend(state, [&](const OscAddressSpace& space, OscBundle& b) { space.addSlow(b, s, {}); });
}
BENCHMARK(BM_OscSlowBundleEncodeAndSend);

// The lighting profile: taking a frame (gain, pulses, silence gate) and building its bundle
// with a beat pulse at 1, every fast address and encoding it.
void BM_OscLightingFastBundleEncode(benchmark::State& state)
{
    OscLighting lighting("/moodscope");
    FastFrame f = busyFastFrame();
    std::vector<char> wire;
    int messages = 0;
    for (auto _ : state)
    {
        f.time += 1.0; // a new beat every time: the pulse is at 1 in every bundle
        lighting.observe(f);
        OscBundle b(now());
        lighting.addFast(b, {});
        b.serialise(wire);
        messages = b.messages();
        benchmark::DoNotOptimize(wire.data());
    }
    state.counters["messages"] = messages;
    state.counters["bytes"] = static_cast<double>(wire.size());
}
BENCHMARK(BM_OscLightingFastBundleEncode);

// Every address at 0 (silence, a stop): the largest bundle the profile sends.
void BM_OscLightingZerosBundleEncode(benchmark::State& state)
{
    OscLighting lighting("/moodscope");
    lighting.observe(fullSnapshot());
    std::vector<char> wire;
    int messages = 0;
    for (auto _ : state)
    {
        OscBundle b(now());
        lighting.addZeros(b, {});
        b.serialise(wire);
        messages = b.messages();
        benchmark::DoNotOptimize(wire.data());
    }
    state.counters["messages"] = messages;
    state.counters["bytes"] = static_cast<double>(wire.size());
}
BENCHMARK(BM_OscLightingZerosBundleEncode);
} // namespace
