// SPDX-License-Identifier: GPL-3.0-or-later
#include "LiveCommand.h"

#include "CliCommand.h"

#include "engine/Engine.h"
#include "LiveConfig.h"
#include "LiveOptions.h"
#include "LinkOutput.h"
#include "LiveStatus.h"
#include "OscOutput.h"
#include "WledOutput.h"

#include <juce_audio_devices/juce_audio_devices.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

namespace moodscope {

namespace {
std::atomic<bool> stopRequested { false };
std::atomic<bool> reloadRequested { false };
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void requestStop(int)
{
    stopRequested.store(true, std::memory_order_relaxed);
}

// The main loop re-reads the config file; nothing else is safe in a signal handler.
extern "C" void requestReload(int)
{
    reloadRequested.store(true, std::memory_order_relaxed);
}

// The device's callback feeds the engine; nothing else happens on the audio thread.
class EngineInput final : public juce::AudioIODeviceCallback // audio thread: callback; message thread: start/stop
{
  public:
    EngineInput(Engine& engine, const EngineConfig& config) : engine_(engine), config_(config) {}

    void audioDeviceIOCallbackWithContext(const float* const* inputs, int numInputs, float* const* outputs,
                                          int numOutputs, int numSamples,
                                          const juce::AudioIODeviceCallbackContext&) override
    {
        engine_.capture(inputs, numInputs, numSamples);
        for (int c = 0; c < numOutputs; ++c)
            if (outputs[c] != nullptr)
                juce::FloatVectorOperations::clear(outputs[c], numSamples);
    }

    // JUCE's JACK device restarts whenever a port is (dis)connected; the analysis keeps its
    // window across those restarts unless the stream's format really changed.
    void audioDeviceAboutToStart(juce::AudioIODevice* device) override
    {
        const double rate = device->getCurrentSampleRate();
        const int block = device->getCurrentBufferSizeSamples();
        if (engine_.isRunning() && rate == preparedRate_ && block <= preparedBlock_)
            return;
        engine_.prepare(rate, block, config_);
        preparedRate_ = rate;
        preparedBlock_ = block;
        std::cerr << "moodscope: " << device->getTypeName() << " input '" << device->getName() << "' at " << rate
                  << " Hz, " << block << "-frame blocks\n";
    }

    void audioDeviceStopped() override {}

  private:
    Engine& engine_;
    const EngineConfig config_;
    double preparedRate_ = 0.0;
    int preparedBlock_ = 0;
};

std::unique_ptr<juce::AudioIODeviceType> makeType(const std::string& type)
{
    std::unique_ptr<juce::AudioIODeviceType> t(type == "jack"
                                                   ? juce::AudioIODeviceType::createAudioIODeviceType_JACK()
                                                   : juce::AudioIODeviceType::createAudioIODeviceType_ALSA());
    if (t != nullptr)
        t->scanForDevices();
    return t;
}

// The requested type, or JACK when a server offers inputs and ALSA otherwise.
std::unique_ptr<juce::AudioIODeviceType> chooseType(const std::string& requested)
{
    if (!requested.empty())
        return makeType(requested);
    if (auto jack = makeType("jack"); jack != nullptr && !jack->getDeviceNames(true).isEmpty())
        return jack;
    return makeType("alsa");
}

// Re-reads the config file (a SIGHUP). Empty when live runs without --config, which leaves
// SIGHUP alone.
using Reload = std::function<LiveSetup()>;

OscSettings settingsOf(const LiveOptions& o, bool oscGiven)
{
    return oscSettings(o.osc, oscGiven ? oscTargets(o.osc.targets) : std::vector<OscTarget> { OscTarget {} });
}

// Applies what a reload may change while the audio keeps running (reloadsInPlace); a changed
// option that needs a restart is named and keeps its running value; a bad file changes nothing.
// running: the values in force, updated with what was applied.
void reload(const Reload& read, LiveSetup& running, LiveOptions& current, OscStream& osc)
{
    const auto setup = read();
    if (!setup.problem.empty())
    {
        std::cerr << "moodscope: reload refused, keeping the running options: " << setup.problem << "\n";
        return;
    }
    const auto& before = running.values;
    std::set<std::string> names;
    for (const auto& entry : before)
        names.insert(entry.first);
    for (const auto& entry : setup.values)
        names.insert(entry.first);
    std::string waiting;
    for (const auto& name : names)
    {
        const auto now = before.find(name), next = setup.values.find(name);
        const bool changed = (now == before.end()) != (next == setup.values.end()) ||
                             (now != before.end() && now->second != next->second);
        if (!changed)
            continue;
        if (!reloadsInPlace(name))
            waiting += (waiting.empty() ? "" : ", ") + name;
        else if (next == setup.values.end())
            running.values.erase(name);
        else
            running.values[name] = next->second;
    }
    if (!waiting.empty())
        std::cerr << "moodscope: reload: " << waiting << ": unchanged until the next start\n";
    const auto settings = settingsOf(setup.options, setup.oscGiven);
    osc.setSettings(settings);
    current.osc = setup.options.osc;
    current.statusEvery = setup.options.statusEvery;
    std::cerr << "moodscope: reloaded; sending OSC to " << describeSettings(settings) << "\n";
}

int runLive(LiveOptions o, bool oscGiven, const Reload& read, LiveSetup running = {})
{
    auto problem = oscUsageProblem(o.osc, true, "--osc");
    if (problem.empty())
        problem = wledUsageProblem(o.wled, true, "");
    if (!problem.empty())
    {
        std::cerr << "moodscope live: " << problem << "\nRun with --help for more information.\n";
        return kExitUsage;
    }
    juce::ScopedJuceInitialiser_GUI juceInit; // JUCE's JACK device reacts to port changes on the message thread

    auto type = chooseType(o.type);
    if (type == nullptr)
    {
        std::cerr << "moodscope: " << o.type << " audio is not available in this build\n";
        return kExitSomeFailed;
    }
    const auto typeName = type->getTypeName();
    const auto inputs = type->getDeviceNames(true);
    if (inputs.isEmpty())
    {
        std::cerr << "moodscope: no " << typeName << " input devices"
                  << (typeName == "JACK" ? " (is a JACK server running?)" : "") << "\n";
        return kExitSomeFailed;
    }
    juce::String device = o.device.empty() ? inputs[type->getDefaultDeviceIndex(true)] : juce::String(o.device);
    if (!inputs.contains(device))
    {
        std::cerr << "moodscope: no " << typeName << " input device '" << device
                  << "'; available: " << inputs.joinIntoString(", ") << "\n";
        return kExitSomeFailed;
    }

    Engine engine;
    auto status = engine.slowOutput().subscribe();
    auto levels = engine.fastOutput().subscribe();
    const auto settings = settingsOf(o, oscGiven);
    OscStream osc(engine.fastOutput(), engine.slowOutput(), settings);
    std::cerr << "moodscope: sending OSC to " << describeSettings(settings) << "\n";
    std::optional<WledStream> wled;
    if (o.wled.on())
    {
        const auto wledTo = wledSettings(o.wled);
        wled.emplace(engine.fastOutput(), wledTo);
        std::cerr << "moodscope: sending WLED Audio Sync to " << describeWledSettings(wledTo) << "\n";
    }
    std::optional<LinkStream> link;
    if (o.link)
    {
        link.emplace(engine.fastOutput());
        std::cerr << "moodscope: leading an Ableton Link session\n";
    }

    juce::AudioDeviceManager devices;
    devices.addAudioDeviceType(std::move(type));
    juce::AudioDeviceManager::AudioDeviceSetup setup;
    setup.inputDeviceName = device;
    setup.outputDeviceName = {};
    setup.useDefaultInputChannels = true;
    if (const auto error = devices.initialise(2, 0, nullptr, false, {}, &setup); error.isNotEmpty())
    {
        std::cerr << "moodscope: cannot open " << typeName << " input '" << device << "': " << error << "\n";
        return kExitSomeFailed;
    }
    EngineInput input(engine, o.config);
    devices.addAudioCallback(&input);

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto quietLimit = std::chrono::duration<double>(2.0 * o.config.clamped().intervalSeconds);
    auto lastStatus = start, lastPrinted = start - std::chrono::hours(24), lastWarned = lastPrinted;
    FastFrame fast;
    SlowSnapshot slow;
    while (!stopRequested.load(std::memory_order_relaxed))
    {
        const auto now = Clock::now();
        if (o.seconds > 0.0 && now - start >= std::chrono::duration<double>(o.seconds))
            break;
        juce::MessageManager::getInstance()->runDispatchLoopUntil(20);
        if (reloadRequested.exchange(false, std::memory_order_relaxed) && read)
            reload(read, running, o, osc);
        levels.latest(fast);
        while (status.pop(slow))
        {
            LiveCounters counters;
            counters.osc = osc.stats();
            if (wled)
                counters.wled = wled->stats();
            if (link)
                counters.link = link->status();
            counters.overruns = engine.overrunEvents();
            if (auto* dev = devices.getCurrentAudioDevice())
                counters.xruns = dev->getXRunCount();
            lastStatus = Clock::now();
            if (lastStatus - lastPrinted < std::chrono::duration<double>(o.statusEvery))
                continue;
            std::cout << liveStatusLine(slow, fast, counters) << std::endl;
            lastPrinted = lastStatus;
        }
        // Like the status lines, at most one warning per --status-every, so a journal does not fill.
        const std::chrono::duration<double> warnEvery(std::max(quietLimit.count(), o.statusEvery));
        if (Clock::now() - lastStatus > quietLimit && Clock::now() - lastWarned >= warnEvery)
        {
            std::cerr << "moodscope: no audio from '" << device << "' for "
                      << std::chrono::duration<double>(Clock::now() - lastStatus).count() << " s\n";
            lastWarned = Clock::now();
        }
    }
    devices.removeAudioCallback(&input);
    devices.closeAudioDevice();
    engine.release();
    osc.flush();
    const auto stats = osc.stats();
    std::cerr << "moodscope: stopped; OSC " << stats.messagesSent << " messages sent, " << stats.errors << " errors\n";
    if (wled)
    {
        wled->stop();
        const auto w = wled->stats();
        std::cerr << "moodscope: WLED " << w.packetsSent << " packets sent, " << w.errors << " errors\n";
    }
    if (link)
        std::cerr << "moodscope: " << describeLinkStatus(link->status()) << "\n";
    return kExitOk;
}
} // namespace

void addLiveCommand(CLI::App& app, CommandList& commands)
{
    auto o = std::make_shared<LiveOptions>();
    auto config = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("live", "Analyze an audio input (JACK or ALSA) headless and stream OSC");
    cmd->footer("Prints one status line per interval (or per --status-every) on stdout:\n"
                "  time=S lufs=L short_term_lufs=L tempo=BPM state=S label=\"L\" key=K fill=F osc_msgs_per_s=N\n"
                "  osc_errors=N overruns=N xruns=N [wled_packets_per_s=N wled_errors=N] [link_peers=N\n"
                "  link_bpm=BPM]   (\"-\" when not measured yet; the wled fields with --wled, the link ones\n"
                "  with --link)\n"
                "Without --osc, OSC goes to 127.0.0.1:9000; the --osc-* options shape it (docs/OSC.md).\n"
                "--config FILE: a TOML file whose keys are these options' names without the dashes\n"
                "  (e.g. osc = [\"10.0.0.5:7000\"], osc-prefix = \"/club\"); options given beside it win.\n"
                "  SIGHUP re-reads it: the OSC options and --status-every change without dropping audio.\n"
                "Ctrl-C or SIGTERM stops cleanly (exit 0).\n"
                "Exit status: 0 stopped cleanly, 1 the input could not be opened, 2 bad usage or config.");
    addLiveOptions(cmd, *o);
    cmd->add_option("--config", *config, "Read the live options from this TOML file (see the README)")
        ->type_name("FILE");
    commands.add(cmd, [o, config, cmd] {
        if (config->empty())
            return runLive(*o, cmd->count("--osc") > 0, {});
        GivenOptions given;
        for (const auto* option : cmd->get_options())
            if (option->count() > 0 && option->get_single_name() != "config" && option->get_single_name() != "help")
                given.emplace_back("--" + option->get_single_name(), option->results());
        // From here a SIGHUP (systemctl reload) re-reads the file; without --config it keeps its
        // default action (a closed terminal ends live).
        std::signal(SIGHUP, requestReload);
        const auto read = [path = *config, given] { return loadLiveSetup(path, given); };
        const auto setup = read();
        if (!setup.problem.empty())
        {
            std::cerr << "moodscope live: " << setup.problem << "\n";
            return kExitUsage;
        }
        return runLive(setup.options, setup.oscGiven, read, setup);
    });
}

} // namespace moodscope
