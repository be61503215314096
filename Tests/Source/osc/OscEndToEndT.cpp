// SPDX-License-Identifier: GPL-3.0-or-later
// The real thing: the live Engine on a drum loop, OscSender, and liblo's own `oscdump` as an
// external receiver; checks the address space of docs/OSC.md as it appears on the wire.
#include "engine/Engine.h"
#include "osc/OscSender.h"
#include "DrumLoop.h"
#include "OscReceiver.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

using namespace moodscope;
using namespace moodscope::test;

namespace {
using Clock = std::chrono::steady_clock;

struct DumpLine
{
    double time = 0.0; // the timetag oscdump prints, seconds
    std::string path, types;
    std::vector<std::string> args;
};

// "eeac1194.1c7af20e /path types arg arg "string arg""
bool parseDumpLine(const std::string& line, DumpLine& out)
{
    std::istringstream in(line);
    std::string time;
    if (!(in >> time >> out.path) || out.path.empty() || out.path[0] != '/')
        return false;
    const auto dot = time.find('.');
    if (dot == std::string::npos)
        return false;
    out.time = static_cast<double>(std::strtoul(time.substr(0, dot).c_str(), nullptr, 16)) +
               static_cast<double>(std::strtoul(time.substr(dot + 1).c_str(), nullptr, 16)) / 4294967296.0;
    in >> out.types;
    out.args.clear();
    in >> std::ws;
    while (in.peek() != EOF)
    {
        std::string arg;
        if (in.peek() == '"')
        {
            in.get();
            std::getline(in, arg, '"');
        }
        else
            in >> arg;
        out.args.push_back(arg);
        in >> std::ws;
    }
    return true;
}

// oscdump -L <port>, its stdout read line by line on a thread.
class OscDump
{
  public:
    explicit OscDump(int port)
    {
        int fds[2];
        if (pipe(fds) != 0)
            return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        const std::string portText = std::to_string(port);
        char* argv[] = { const_cast<char*>("oscdump"), const_cast<char*>("-L"), const_cast<char*>(portText.c_str()),
                         nullptr };
        if (posix_spawnp(&pid_, "oscdump", &actions, nullptr, argv, environ) != 0)
            pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        fd_ = fds[0];
        reader_ = std::thread([this] {
            std::string partial;
            char buf[4096];
            for (;;)
            {
                const ssize_t n = ::read(fd_, buf, sizeof buf);
                if (n <= 0)
                    break;
                partial.append(buf, static_cast<std::size_t>(n));
                std::size_t nl;
                while ((nl = partial.find('\n')) != std::string::npos)
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    lines_.push_back(partial.substr(0, nl));
                    partial.erase(0, nl + 1);
                }
            }
        });
    }
    ~OscDump() { stop(); }

    bool started() const noexcept { return pid_ > 0; }
    void stop()
    {
        if (pid_ > 0)
        {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
        }
        if (reader_.joinable())
            reader_.join();
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }
    std::vector<std::string> lines() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return lines_;
    }

  private:
    pid_t pid_ = -1;
    int fd_ = -1;
    std::thread reader_;
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

bool finite(const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    return end != text.c_str() && *end == '\0' && std::isfinite(v);
}
} // namespace

TEST_CASE("OSC end to end: the engine on a 120 BPM drum loop, received by oscdump", "[osc][e2e]")
{
    const int port = closedUdpPort();
    OscDump dump(port);
    REQUIRE(dump.started());
    { // wait until oscdump listens
        lo_address probe = lo_address_new("127.0.0.1", std::to_string(port).c_str());
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (Clock::now() < deadline && dump.lines().empty())
        {
            lo_send(probe, "/probe", "");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        lo_address_free(probe);
        REQUIRE_FALSE(dump.lines().empty());
    }

    Engine engine;
    auto slowSeen = engine.slowOutput().subscribe();
    const double sr = 44100.0;
    engine.prepare(sr, 512);
    OscSender sender(engine.fastOutput(), engine.slowOutput());
    OscSettings settings;
    settings.targets = { OscTarget { "127.0.0.1", port } };
    sender.start(settings);
    REQUIRE(sender.isRunning());

    DrumLoopOptions loop;
    loop.bpm = 120.0;
    loop.seconds = 10.0;
    loop.sampleRate = sr;
    const auto mono = drumLoop(loop);
    // real time, as an audio callback would deliver it, so the timetags tell the beat rate
    std::thread audio([&] {
        const auto start = Clock::now();
        for (std::size_t i = 0; i + 512 <= mono.size(); i += 512)
        {
            const float* ch[] = { mono.data() + i, mono.data() + i };
            engine.capture(ch, 2, 512);
            std::this_thread::sleep_until(start +
                                          std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(static_cast<double>(i + 512) / sr)));
        }
    });
    audio.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // analysis catches up
    sender.flush();
    const OscStats stats = sender.stats();
    sender.stop();
    engine.release();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    dump.stop();

    // What the engine published decides which of the conditional addresses must appear.
    std::set<std::string> expectedConditional;
    SlowSnapshot s;
    int slowCount = 0;
    while (slowSeen.pop(s))
    {
        if (s.warmingUp)
            continue;
        ++slowCount;
        for (int m = 0; m < kNumMoods; ++m)
            if (s.has(static_cast<Mood>(m)))
                expectedConditional.insert("/moodscope/mood/" + std::string(moodName(static_cast<Mood>(m))) + " f");
        if (s.has(Mood::Energy) && s.has(Mood::Brightness) && s.has(Mood::Intensity))
            expectedConditional.insert("/moodscope/mood/label s");
        if (s.has(Mood::Arousal) && s.has(Mood::Valence))
            expectedConditional.insert("/moodscope/mood/quadrant s");
        if (s.moodValid != 0)
            expectedConditional.insert("/moodscope/mood/state s");
        if (s.featuresValid && s.features.key >= 0)
            expectedConditional.insert("/moodscope/key ssf");
    }
    REQUIRE(slowCount >= 3);

    std::set<std::string> seen; // "path types"
    std::vector<DumpLine> beats;
    int fingerprints = 0;
    DumpLine d;
    for (const auto& line : dump.lines())
    {
        if (!parseDumpLine(line, d) || d.path == "/probe")
            continue;
        seen.insert(d.path + " " + d.types);
        if (d.path == "/moodscope/fingerprint")
        {
            ++fingerprints;
            CHECK(d.types == std::string(25, 'f'));
            REQUIRE(d.args.size() == 25);
            for (const auto& a : d.args)
                CHECK(finite(a));
        }
        if (d.path == "/moodscope/beat")
            beats.push_back(d);
    }
    CHECK(fingerprints == slowCount);
    INFO("sent " << stats.messagesSent << " messages, errors " << stats.errors);
    CHECK(stats.errors == 0);

    // every unconditional address of docs/OSC.md, with its type tags
    std::set<std::string> expected { "/moodscope/level ffff",  "/moodscope/loudness ff",
                                     "/moodscope/bands ffff",  "/moodscope/beat/phase f",
                                     "/moodscope/bar/phase f", "/moodscope/bpm ff",
                                     "/moodscope/onset f",     "/moodscope/beat if",
                                     "/moodscope/window f",    "/moodscope/fingerprint " + std::string(25, 'f') };
    for (int i = 0; i < kNumDims; ++i)
        expected.insert("/moodscope/fp/" + std::string(dimName(static_cast<Dim>(i))) + " f");
    expected.insert(expectedConditional.begin(), expectedConditional.end());
    for (const auto& e : expected)
    {
        INFO(e);
        CHECK(seen.count(e) == 1);
    }
    // and nothing undocumented (events and host transport are documented but not produced here)
    for (const auto& got : seen)
    {
        INFO(got);
        CHECK((expected.count(got) == 1 || got.rfind("/moodscope/event s", 0) == 0));
    }

    // beats at the loop's rate: 2 per second, by the count they carry and by arrival time
    INFO(beats.size() << " /beat messages");
    REQUIRE(beats.size() >= 8);
    const auto first = beats[beats.size() / 4], last = beats.back(); // after the tracker locked
    const double rate = (std::stod(last.args[0]) - std::stod(first.args[0])) / (last.time - first.time);
    CHECK(rate == Approx(2.0).epsilon(0.1));
    std::vector<double> gaps;
    for (std::size_t i = beats.size() / 4 + 1; i < beats.size(); ++i)
        gaps.push_back(beats[i].time - beats[i - 1].time);
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
    CHECK(gaps[gaps.size() / 2] == Approx(0.5).margin(0.05));
}
