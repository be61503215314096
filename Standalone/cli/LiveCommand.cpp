// SPDX-License-Identifier: GPL-3.0-or-later
#include "LiveCommand.h"

#include "CliCommand.h"

#include "engine/Engine.h"
#include "LinkOutput.h"
#include "LiveStatus.h"
#include "OscOutput.h"
#include "WledOutput.h"

#include <juce_audio_devices/juce_audio_devices.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

namespace moodscope {

namespace {
struct LiveOptions
{
    std::string device;
    std::string type; // "jack", "alsa" or empty: JACK when a server runs, else ALSA
    OscCliOptions osc;
    WledCliOptions wled;
    bool link = false;
    EngineConfig config;
    double seconds = 0.0; // 0 = until Ctrl-C / SIGTERM
};

std::atomic<bool> stopRequested { false };
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void requestStop(int)
{
    stopRequested.store(true, std::memory_order_relaxed);
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

int runLive(const LiveOptions& o, bool oscGiven)
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
    const auto settings =
        oscSettings(o.osc, oscGiven ? oscTargets(o.osc.targets) : std::vector<OscTarget> { OscTarget {} });
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
    auto lastStatus = start;
    FastFrame fast;
    SlowSnapshot slow;
    while (!stopRequested.load(std::memory_order_relaxed))
    {
        const auto now = Clock::now();
        if (o.seconds > 0.0 && now - start >= std::chrono::duration<double>(o.seconds))
            break;
        juce::MessageManager::getInstance()->runDispatchLoopUntil(20);
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
            std::cout << liveStatusLine(slow, fast, counters) << std::endl;
            lastStatus = Clock::now();
        }
        if (Clock::now() - lastStatus > quietLimit)
        {
            std::cerr << "moodscope: no audio from '" << device << "' for "
                      << std::chrono::duration<double>(Clock::now() - lastStatus).count() << " s\n";
            lastStatus = Clock::now();
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
    auto* cmd = app.add_subcommand("live", "Analyze an audio input (JACK or ALSA) headless and stream OSC");
    cmd->footer(
        "Prints one status line per interval on stdout:\n"
        "  time=S lufs=L short_term_lufs=L tempo=BPM state=S label=\"L\" key=K fill=F osc_msgs_per_s=N\n"
        "  osc_errors=N overruns=N xruns=N [wled_packets_per_s=N wled_errors=N] [link_peers=N\n"
        "  link_bpm=BPM]   (\"-\" when not measured yet; the wled fields with --wled, the link ones with --link)\n"
        "Without --osc, OSC goes to 127.0.0.1:9000; the --osc-* options shape it (docs/OSC.md).\n"
        "Ctrl-C or SIGTERM stops cleanly (exit 0).\n"
        "Exit status: 0 stopped cleanly, 1 the input could not be opened, 2 bad usage.");
    cmd->add_option("--device", o->device,
                    "Input device: a JACK client whose outputs are captured (e.g. system) or an ALSA device "
                    "(default: the type's default input)");
    cmd->add_option("--type", o->type, "Audio system (default: JACK when a server is running, else ALSA)")
        ->check(CLI::IsMember({ "jack", "alsa" }));
    addOscOptions(cmd, o->osc, "Send OSC to this target (repeatable; default 127.0.0.1:9000)");
    addWledOptions(cmd, o->wled);
    addLinkOption(cmd, o->link);
    cmd->add_option("--window", o->config.windowSeconds, "Rolling window in seconds")
        ->check(finiteRange(EngineConfig::kMinWindow, EngineConfig::kMaxWindow))
        ->capture_default_str();
    cmd->add_option("--interval", o->config.intervalSeconds, "Seconds between slow updates")
        ->check(finiteRange(EngineConfig::kMinInterval, EngineConfig::kMaxInterval))
        ->capture_default_str();
    cmd->add_option("--seconds", o->seconds, "Stop after this many seconds (default: run until interrupted)")
        ->check(finiteRange(0.0, 1.0e7));
    commands.add(cmd, [o, cmd] { return runLive(*o, cmd->count("--osc") > 0); });
}

} // namespace moodscope
