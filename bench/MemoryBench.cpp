// SPDX-License-Identifier: GPL-3.0-or-later
// SPEC §9 memory: resident memory of the live engine (capture ring + analysis thread) at
// 192 kHz with a 30 s window, and SPEC §10 flat memory over a long run. Prints figures.
#include "demo/DemoSignal.h"
#include "engine/Engine.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

using namespace moodscope;

namespace {
long statusKb(const std::string& key) // from /proc/self/status: VmRSS, VmHWM
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stol(line.substr(key.size() + 1));
    return -1;
}

// Feeds `minutes` of audio (the demo track, looped) in 512-frame blocks, waiting whenever the
// ring is half full so that nothing is dropped; returns VmRSS in kB after each minute.
void feed(Engine& engine, const StereoSignal& signal, int minutes, long* rssAfterMinute)
{
    const std::size_t perMinute = static_cast<std::size_t>(60.0 * signal.sampleRate);
    std::size_t pos = 0;
    for (int m = 0; m < minutes; ++m)
    {
        for (std::size_t done = 0; done < perMinute; done += 512)
        {
            while (engine.pendingFrames() > engine.ringCapacity() / 2)
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            if (pos + 512 > signal.left.size())
                pos = 0;
            const float* channels[] = { signal.left.data() + pos, signal.right.data() + pos };
            engine.capture(channels, 2, 512);
            pos += 512;
        }
        while (engine.pendingFrames() > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        rssAfterMinute[m] = statusKb("VmRSS");
    }
}
} // namespace

int main()
{
    const double sampleRate = 192000.0;
    const StereoSignal signal = makeDemoSignal(20.0, sampleRate);
    const long before = statusKb("VmRSS");

    EngineConfig config;
    config.windowSeconds = 30.0;
    Engine engine;
    engine.prepare(sampleRate, 512, config);
    auto subscription = engine.slowOutput().subscribe(); // a GUI-like consumer
    const int minutes = 5;
    long rss[minutes] {};
    feed(engine, signal, minutes, rss);
    SlowSnapshot s;
    const bool published = subscription.latest(s);
    engine.release();

    std::printf("Engine at 192 kHz, 30 s window, %d min of audio (demo signal %.0f MB not counted):\n", minutes,
                2.0 * static_cast<double>(signal.left.size()) * sizeof(float) / 1e6);
    std::printf("  analysis memory (VmRSS after 1 min - before prepare): %6.1f MB   (target <= 64 MB)\n",
                static_cast<double>(rss[0] - before) / 1024.0);
    std::printf("  growth from minute 1 to minute %d:                    %6.2f MB   (flat memory)\n", minutes,
                static_cast<double>(rss[minutes - 1] - rss[0]) / 1024.0);
    std::printf("  dropped frames: %llu, slow snapshot published: %s\n",
                static_cast<unsigned long long>(engine.droppedFrames()), published ? "yes" : "no");
    return published ? 0 : 1;
}
