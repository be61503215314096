// SPDX-License-Identifier: GPL-3.0-or-later
// The real AudioProcessor under the real analysis thread: the audio-thread path must never
// allocate or lock, must pass audio through bit for bit, and must never publish NaN.
#include "PluginProcessor.h"
#include "RealtimeGuard.h"
#include "SyscallTrap.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <sys/syscall.h>
#include <unistd.h>

using namespace moodscope;
using moodscope::test::ScopedRealtimeCounter;

namespace {
constexpr int kBlockSizes[] = { 1, 32, 64, 128, 512, 1024, 4096, 8192 };
constexpr double kRates[] = { 44100.0, 48000.0, 96000.0, 192000.0 };

void fillNasty(juce::AudioBuffer<float>& buffer, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.5f, 1.5f);
    for (int ch = 0; ch < buffer.getNumChannels(); ++ch)
    {
        float* d = buffer.getWritePointer(ch);
        for (int i = 0; i < buffer.getNumSamples(); ++i)
        {
            switch (rng() % 64)
            {
            case 0:
                d[i] = std::numeric_limits<float>::quiet_NaN();
                break;
            case 1:
                d[i] = std::numeric_limits<float>::infinity();
                break;
            case 2:
                d[i] = -std::numeric_limits<float>::infinity();
                break;
            case 3:
                d[i] = std::numeric_limits<float>::denorm_min() * static_cast<float>(1 + rng() % 100);
                break;
            case 4:
                d[i] = -0.0f;
                break;
            default:
                d[i] = dist(rng);
            }
        }
    }
}

bool finite(const FastFrame& f)
{
    bool ok = std::isfinite(f.rmsDb) && std::isfinite(f.peakDb) && std::isfinite(f.rms01) && std::isfinite(f.peak01);
    for (float b : f.bands)
        ok = ok && std::isfinite(b);
    return ok;
}

bool finite(const SlowSnapshot& s)
{
    bool ok = std::isfinite(s.time) && std::isfinite(s.windowFill);
    for (float v : s.fingerprint)
        ok = ok && std::isfinite(v);
    for (float v : s.mood)
        ok = ok && std::isfinite(v);
    return ok;
}
} // namespace

TEST_CASE("the counters see allocations and locks (the proof below can fail)", "[realtime]")
{
    std::mutex m;
    ScopedRealtimeCounter counter;
    void* p = std::malloc(64);
    asm volatile("" : : "g"(p) : "memory"); // keep the compiler from eliding the pair
    std::vector<float> v(1000);
    asm volatile("" : : "g"(v.data()) : "memory");
    {
        std::lock_guard<std::mutex> lock(m);
    }
    std::free(p);
    juce::AudioBuffer<float> b(2, 512); // JUCE allocates with malloc, not operator new
    const auto c = counter.counts();
    CHECK(c.allocations >= 3);
    CHECK(c.frees >= 1);
    CHECK(c.locks >= 1);
}

TEST_CASE("the system-call trap sees system calls (the proof below can fail)", "[realtime]")
{
    REQUIRE(moodscope::test::ScopedSyscallTrap::supported());
    std::uint64_t seen = 0;
    bool installed = false;
    long first = -1;
    std::thread probe([&] {
        moodscope::test::ScopedSyscallTrap trap;
        installed = trap.installed();
        const long r = syscall(SYS_getppid);                       // trapped: fails with ENOSYS instead of running
        std::this_thread::sleep_for(std::chrono::milliseconds(1)); // nanosleep, also trapped
        seen = trap.count();
        first = trap.firstSyscall();
        (void)r;
    });
    probe.join();
    REQUIRE(installed);
    CHECK(seen >= 2);
    CHECK(first == SYS_getppid);
}

TEST_CASE("processBlock: zero allocations, locks and system calls over 100k blocks, all sizes and rates", "[realtime]")
{
    juce::ScopedJuceInitialiser_GUI juce;
    MoodscopeProcessor processor;
    // the senders run beside the audio thread, as in a session: OSC and WLED to loopback, Link
    processor.parameters().getParameter(paramId::wledEnabled)->setValueNotifyingHost(1.0f);
    processor.parameters().getParameter(paramId::linkEnabled)->setValueNotifyingHost(1.0f);
    processor.parameters().state.setProperty(stateProp::wledTargets, "127.0.0.1:21988", nullptr);
    processor.applySettings(true);
    REQUIRE(processor.wled().isRunning());
    REQUIRE(processor.link().isRunning());
    auto fast = processor.engine().fastOutput().subscribe();
    auto slow = processor.engine().slowOutput().subscribe();

    constexpr int kBlocksPerSize = 3200; // 4 rates x 8 sizes x 3200 = 102 400 blocks
    std::uint64_t blocks = 0, fastSeen = 0, slowSeen = 0;
    bool allFinite = true;
    moodscope::test::RealtimeCounts total;
    bool trapInstalled = moodscope::test::ScopedSyscallTrap::supported();
    std::uint64_t syscalls = 0;
    long firstSyscall = -1;
    std::uint64_t droppedWhilePaced = 0, droppedWhileFlooding = 0;
    int rateIndex = 0;

    for (double rate : kRates)
    {
        // stereo and mono layouts alternate across the rates
        const int channels = (rateIndex++ % 2 == 0) ? 2 : 1;
        processor.setPlayConfigDetails(channels, channels, rate, 8192);
        processor.prepareToPlay(rate, 8192);
        REQUIRE(processor.engine().isRunning());
        REQUIRE(processor.getTotalNumInputChannels() == channels);

        juce::AudioBuffer<float> storage(channels, 8192);
        for (int ch = 0; ch < channels; ++ch)
            for (int i = 0; i < 8192; ++i)
                storage.setSample(ch, i, 0.5f * std::sin(0.05f * static_cast<float>(i + ch)));
        // Views over the same storage, built before counting starts.
        std::vector<std::unique_ptr<juce::AudioBuffer<float>>> views;
        for (int size : kBlockSizes)
            views.push_back(
                std::make_unique<juce::AudioBuffer<float>>(storage.getArrayOfWritePointers(), channels, size));
        juce::MidiBuffer midi;

        std::atomic<bool> done { false };
        std::thread audio([&] {
            // This thread only runs blocks and ends: the trap stays on it for good.
            moodscope::test::ScopedSyscallTrap trap;
            ScopedRealtimeCounter counter;
            for (auto& view : views)
                for (int k = 0; k < kBlocksPerSize; ++k)
                {
                    processor.processBlock(*view, midi);
                    ++blocks;
                    // Pace the producer so that every block takes the real copy path rather
                    // than the overrun shortcut; a spin on atomics makes no system call.
                    while (processor.engine().pendingFrames() > processor.engine().ringCapacity() / 2)
                    {}
                }
            const auto droppedBefore = processor.engine().droppedFrames();
            // Then flood the ring unpaced: the overrun branch must be just as clean.
            for (int k = 0; k < 400; ++k)
                processor.processBlock(*views.back(), midi);
            blocks += 400;
            droppedWhilePaced += droppedBefore;
            droppedWhileFlooding += processor.engine().droppedFrames() - droppedBefore;
            const auto c = counter.counts();
            total.allocations += c.allocations;
            total.frees += c.frees;
            total.locks += c.locks;
            trapInstalled = trapInstalled && trap.installed();
            syscalls += trap.count();
            if (firstSyscall < 0)
                firstSyscall = trap.firstSyscall();
            done.store(true);
        });
        // Meanwhile the analysis thread runs; consume what it publishes.
        while (true)
        {
            FastFrame f;
            SlowSnapshot s;
            while (fast.pop(f))
            {
                ++fastSeen;
                allFinite = allFinite && finite(f);
            }
            while (slow.pop(s))
            {
                ++slowSeen;
                allFinite = allFinite && finite(s);
            }
            if (audio.joinable())
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(1)); // leave a core to the analysis
                if (!done.load())
                    continue;
                audio.join();
                continue; // one more drain after the audio thread has finished
            }
            break;
        }
        processor.releaseResources();
    }

    CHECK(blocks >= 100000);
    CHECK(droppedWhilePaced == 0);   // paced: every block was really copied and analyzed
    CHECK(droppedWhileFlooding > 0); // flooded: the overrun path ran under the same guards
    CHECK(total.allocations == 0);
    CHECK(total.frees == 0);
    CHECK(total.locks == 0);
    REQUIRE(trapInstalled);
    INFO("first system call number on the audio thread: " << firstSyscall);
    CHECK(syscalls == 0);
    CHECK(fastSeen > 0);
    CHECK(allFinite);
}

TEST_CASE("audio passes through bit for bit at every rate and block size, NaN/Inf/denormals included",
          "[realtime][passthrough]")
{
    juce::ScopedJuceInitialiser_GUI juce;
    MoodscopeProcessor processor;
    auto fast = processor.engine().fastOutput().subscribe();
    auto slow = processor.engine().slowOutput().subscribe();

    for (int channels : { 2, 1 })
    {
        const auto set = channels == 2 ? juce::AudioChannelSet::stereo() : juce::AudioChannelSet::mono();
        juce::AudioProcessor::BusesLayout layout;
        layout.inputBuses.add(set);
        layout.outputBuses.add(set);
        REQUIRE(processor.setBusesLayout(layout));
        std::uint32_t seed = 1;
        // SPEC §10: sample-rate changes (prepareToPlay again), 1- to 8192-sample blocks, and a
        // host whose block size changes from one call to the next
        for (double rate : { 48000.0, 44100.0, 96000.0, 192000.0 })
        {
            processor.prepareToPlay(rate, 8192);
            INFO(channels << " channel(s) at " << rate << " Hz");
            auto check = [&](int size) {
                juce::AudioBuffer<float> buffer(channels, size);
                fillNasty(buffer, seed++);
                juce::AudioBuffer<float> original(buffer);
                juce::MidiBuffer midi;
                processor.processBlock(buffer, midi);
                for (int ch = 0; ch < channels; ++ch)
                    REQUIRE(std::memcmp(buffer.getReadPointer(ch), original.getReadPointer(ch),
                                        sizeof(float) * static_cast<std::size_t>(size)) == 0);
            };
            for (int size : { 1, 7, 64, 480, 4096, 8192 })
                for (int rep = 0; rep < 20; ++rep)
                    check(size);
            for (int size : { 8192, 1, 333, 8192, 2, 4096, 17, 8191 })
                check(size);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            processor.releaseResources();
        }
    }

    bool allFinite = true;
    FastFrame f;
    SlowSnapshot s;
    std::uint64_t n = 0;
    while (fast.pop(f))
    {
        allFinite = allFinite && finite(f);
        ++n;
    }
    while (slow.pop(s))
        allFinite = allFinite && finite(s);
    CHECK(n > 0);
    CHECK(allFinite);
}

TEST_CASE("layouts: mono and stereo accepted, mismatched or surround refused", "[plugin]")
{
    MoodscopeProcessor processor;
    juce::AudioProcessor::BusesLayout layout;
    layout.inputBuses.add(juce::AudioChannelSet::stereo());
    layout.outputBuses.add(juce::AudioChannelSet::stereo());
    CHECK(processor.checkBusesLayoutSupported(layout));
    layout.outputBuses.getReference(0) = juce::AudioChannelSet::mono();
    CHECK_FALSE(processor.checkBusesLayoutSupported(layout));
    layout.inputBuses.getReference(0) = juce::AudioChannelSet::create5point1();
    layout.outputBuses.getReference(0) = juce::AudioChannelSet::create5point1();
    CHECK_FALSE(processor.checkBusesLayoutSupported(layout));
}

TEST_CASE("state round-trips and garbage state leaves defaults", "[plugin][state]")
{
    MoodscopeProcessor a;
    juce::MemoryBlock state;
    a.getStateInformation(state);
    MoodscopeProcessor b;
    b.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    CHECK(b.config().windowSeconds == a.config().windowSeconds);
    CHECK(b.config().intervalSeconds == a.config().intervalSeconds);

    const char garbage[] = "\x01\xff\x00 not a state at all";
    b.setStateInformation(garbage, sizeof(garbage));
    b.setStateInformation(nullptr, 0);
    CHECK(b.config().windowSeconds == 8.0);
}

namespace {
// A host transport at 128 BPM in 4/4, playing: processBlock reads it on every block.
class TestPlayHead final : public juce::AudioPlayHead
{
  public:
    juce::Optional<PositionInfo> getPosition() const override
    {
        PositionInfo info;
        info.setBpm(128.0);
        info.setTimeSignature(TimeSignature { 4, 4 });
        info.setPpqPosition(ppq);
        info.setIsPlaying(true);
        return info;
    }
    double ppq = 0.0;
};
} // namespace

TEST_CASE("settings changes re-prepare the engine while processBlock runs: the audio thread stays clean",
          "[realtime][state]")
{
    juce::ScopedJuceInitialiser_GUI juce;
    MoodscopeProcessor processor;
    TestPlayHead playHead;
    processor.setPlayHead(&playHead);
    auto fast = processor.engine().fastOutput().subscribe();
    processor.setPlayConfigDetails(2, 2, 48000.0, 256);
    processor.prepareToPlay(48000.0, 256);

    juce::AudioBuffer<float> buffer(2, 256);
    for (int ch = 0; ch < 2; ++ch)
        for (int i = 0; i < 256; ++i)
            buffer.setSample(ch, i, 0.3f * std::sin(0.07f * static_cast<float>(i)));
    const juce::AudioBuffer<float> original(buffer);
    juce::MidiBuffer midi;

    std::atomic<bool> stop { false };
    std::uint64_t blocks = 0, syscalls = 0;
    moodscope::test::RealtimeCounts counts;
    bool trapInstalled = false, intact = true;
    std::thread audio([&] {
        moodscope::test::ScopedSyscallTrap trap;
        ScopedRealtimeCounter counter;
        while (!stop.load())
        {
            processor.processBlock(buffer, midi);
            intact =
                intact && std::memcmp(buffer.getReadPointer(0), original.getReadPointer(0), 256 * sizeof(float)) == 0;
            playHead.ppq += 256.0 / 48000.0 * 128.0 / 60.0;
            ++blocks;
            // About one block period between callbacks, as a device would; a clock read
            // through the vDSO is not a system call.
            const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
            while (std::chrono::steady_clock::now() < until)
            {}
        }
        counts = counter.counts();
        trapInstalled = trap.installed();
        syscalls = trap.count();
    });

    const float windows[] = { 4.0f, 12.0f, 6.5f, 30.0f, 3.0f, 9.0f };
    for (int round = 0; round < 12; ++round)
    {
        auto* window = processor.parameters().getParameter(paramId::window);
        window->setValueNotifyingHost(window->convertTo0to1(windows[round % 6]));
        processor.applySettings(true);
        REQUIRE(processor.engine().isRunning());
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    stop.store(true);
    audio.join();

    CHECK(processor.appliedConfig().windowSeconds == 9.0);
    CHECK(processor.engine().config().windowSeconds == 9.0);
    CHECK(blocks > 100);
    CHECK(intact);
    CHECK(counts.allocations == 0);
    CHECK(counts.frees == 0);
    CHECK(counts.locks == 0);
    REQUIRE(trapInstalled);
    CHECK(syscalls == 0);
    FastFrame f;
    CHECK(fast.latest(f)); // the re-prepared engine still publishes to the old subscription
    processor.releaseResources();
    processor.setPlayHead(nullptr);
}
