// SPDX-License-Identifier: GPL-3.0-or-later
// The standalone app: JUCE's standalone window and device handling around the plugin, plus
// what a live analyzer needs on top of it: command-line options (OSC targets, audio API,
// window, interval), an input that is never muted (the app does not monitor, so there is
// no feedback path), settings under $XDG_CONFIG_HOME (default ~/.config) saved whenever
// they change and on exit (also on SIGINT/SIGTERM).
#include <juce_core/system/juce_TargetPlatform.h>

#include <juce_audio_plugin_client/utility/juce_CheckSettingMacros.h>
#include <juce_audio_plugin_client/utility/juce_IncludeModuleHeaders.h>

#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_audio_utils/juce_audio_utils.h>
#include <juce_gui_extra/juce_gui_extra.h>

#include <juce_audio_plugin_client/Standalone/juce_StandaloneFilterWindow.h>

#include "PluginProcessor.h"

#include <csignal>
#include <iostream>

namespace moodscope {

namespace {
constexpr const char* kUsage =
    "usage: Moodscope [--osc HOST:PORT]... [--wled [HOST[:PORT]]]... [--link] [--audio-api ALSA|JACK]\n"
    "                 [--window S] [--interval S] [--version]\n"
    "  --osc HOST:PORT   OSC target (repeatable; replaces the saved targets)\n"
    "  --wled [HOST[:PORT]]  send WLED Audio Sync, to WLED's multicast group without a value (repeatable;\n"
    "                    replaces the saved WLED targets; docs/WLED.md)\n"
    "  --link            lead an Ableton Link session (docs/LINK.md)\n"
    "  --audio-api NAME  audio device type to open (saved for the next run)\n"
    "  --window S        rolling window, 3..30 s\n"
    "  --interval S      slow update interval, 0.5..10 s\n"
    "  --version         print the version and exit\n"
    "Settings are kept in $XDG_CONFIG_HOME/Moodscope.settings (default ~/.config).\n";

struct Options
{
    std::vector<OscTarget> targets;
    bool wled = false, link = false;
    std::vector<WledTarget> wledTargets;
    juce::String audioApi;
    double window = 0.0, interval = 0.0;
    bool help = false, version = false;
    juce::String error;
};

Options parse(const juce::StringArray& args)
{
    Options o;
    for (int i = 0; i < args.size(); ++i)
    {
        const auto& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--help" || a == "-h")
            o.help = true;
        else if (a == "--version")
            o.version = true;
        else if (a == "--osc" && hasValue)
        {
            const auto t = parseOscTarget(args[++i].toStdString());
            if (!t)
                o.error = "--osc wants HOST:PORT, got '" + args[i] + "'";
            else
                o.targets.push_back(*t);
        }
        else if (a == "--wled")
        {
            o.wled = true;
            if (hasValue && !args[i + 1].startsWith("-"))
            {
                const auto t = parseWledTarget(args[++i].toStdString());
                if (!t)
                    o.error = "--wled wants HOST or HOST:PORT, got '" + args[i] + "'";
                else
                    o.wledTargets.push_back(*t);
            }
            else
                o.wledTargets.push_back(WledTarget {});
        }
        else if (a == "--link")
            o.link = true;
        else if (a == "--audio-api" && hasValue)
            o.audioApi = args[++i];
        else if (a == "--window" && hasValue)
            o.window = args[++i].getDoubleValue();
        else if (a == "--interval" && hasValue)
            o.interval = args[++i].getDoubleValue();
        else if (a.startsWith("-psn") || a.isEmpty())
            continue;
        else
            o.error = "unknown or incomplete option '" + a + "'";
    }
    return o;
}

void setParam(juce::AudioProcessorValueTreeState& apvts, const char* id, double value)
{
    if (auto* p = apvts.getParameter(id))
        p->setValueNotifyingHost(p->convertTo0to1(static_cast<float>(value)));
}

std::atomic<bool> terminateRequested { false };
void onTerminate(int)
{
    terminateRequested.store(true);
}
} // namespace

class StandaloneApp final : public juce::JUCEApplication, private juce::Timer // message thread
{
  public:
    StandaloneApp()
    {
        juce::PropertiesFile::Options options;
        options.applicationName = getApplicationName();
        options.filenameSuffix = ".settings";
        const auto xdg = juce::SystemStats::getEnvironmentVariable("XDG_CONFIG_HOME", {});
        options.folderName = juce::File::isAbsolutePath(xdg) ? xdg : juce::String("~/.config");
        options.millisecondsBeforeSaving = 500;
        properties_.setStorageParameters(options);
    }

    const juce::String getApplicationName() override { return JucePlugin_Name; }
    const juce::String getApplicationVersion() override { return JucePlugin_VersionString; }
    bool moreThanOneInstanceAllowed() override { return true; }
    void anotherInstanceStarted(const juce::String&) override {}

    void initialise(const juce::String&) override
    {
        const auto options = parse(getCommandLineParameterArray());
        if (options.version && options.error.isEmpty())
        {
            std::cout << getApplicationName() << " " << getApplicationVersion() << std::endl;
            quit();
            return;
        }
        if (options.help || options.error.isNotEmpty())
        {
            // Asked-for help is output (stdout, which help2man reads for the manual page); after an
            // error it is a message.
            if (options.error.isNotEmpty())
                std::cerr << "Moodscope: " << options.error << "\n" << kUsage;
            else
                std::cout << kUsage;
            setApplicationReturnValue(options.help ? 0 : 2);
            quit();
            return;
        }

        window_ = std::make_unique<juce::StandaloneFilterWindow>(
            getApplicationName(),
            juce::LookAndFeel::getDefaultLookAndFeel().findColour(juce::ResizableWindow::backgroundColourId),
            properties_.getUserSettings(), false);
        auto& holder = *window_->pluginHolder;
        // The processor clears its output in the standalone wrapper: nothing can feed back,
        // so the input is analyzed from the start instead of waiting for "Unmute Input".
        holder.processorHasPotentialFeedbackLoop = false;
        holder.getMuteInputValue().setValue(false);

        if (options.audioApi.isNotEmpty())
        {
            auto& devices = holder.deviceManager;
            if (devices.getCurrentAudioDeviceType() == options.audioApi)
            {
                // Already the fallback choice: reopen it as an explicit one, so that it is saved.
                const auto setup = devices.getAudioDeviceSetup();
                devices.closeAudioDevice();
                devices.setAudioDeviceSetup(setup, true);
            }
            else
                devices.setCurrentAudioDeviceType(options.audioApi, true);
            if (devices.getCurrentAudioDeviceType() != options.audioApi)
                std::cerr << "Moodscope: audio API '" << options.audioApi << "' is not available\n";
        }
        if (auto* processor = dynamic_cast<MoodscopeProcessor*>(holder.processor.get()))
        {
            auto& apvts = processor->parameters();
            if (!options.targets.empty())
                apvts.state.setProperty(stateProp::oscTargets, formatTargetList(options.targets), nullptr);
            if (options.wled)
            {
                setParam(apvts, paramId::wledEnabled, 1.0);
                apvts.state.setProperty(stateProp::wledTargets, formatWledTargetList(options.wledTargets), nullptr);
            }
            if (options.link)
                setParam(apvts, paramId::linkEnabled, 1.0);
            if (options.window > 0.0)
                setParam(apvts, paramId::window, options.window);
            if (options.interval > 0.0)
                setParam(apvts, paramId::interval, options.interval);
            processor->applySettings(true);
            const auto s = processor->settings();
            std::cout << "Moodscope: window " << juce::String(s.engine.windowSeconds, 1) << " s, interval "
                      << juce::String(s.engine.intervalSeconds, 1) << " s, OSC "
                      << (s.oscEnabled ? formatTargetList(s.osc.targets) + " " + juce::String(s.osc.prefix) +
                                             (s.osc.profile == OscProfile::Lighting ? " (lighting profile)" : "")
                                       : juce::String("off"))
                      << ", WLED " << (s.wledEnabled ? formatWledTargetList(s.wled.targets) : juce::String("off"))
                      << ", Link " << (s.linkEnabled ? "on" : "off") << std::endl;
        }
        if (auto* device = holder.deviceManager.getCurrentAudioDevice())
            std::cout << "Moodscope: audio " << holder.deviceManager.getCurrentAudioDeviceType() << " / "
                      << device->getName() << " at " << device->getCurrentSampleRate() << " Hz" << std::endl;
        else
            std::cout << "Moodscope: no audio device open" << std::endl;
        saveState();

        std::signal(SIGTERM, onTerminate);
        window_->setVisible(true);
        startTimer(1000);
    }

    void shutdown() override
    {
        stopTimer();
        if (window_ != nullptr)
            saveState();
        window_ = nullptr; // also saves the audio device setup
        properties_.saveIfNeeded();
    }

    void systemRequestedQuit() override
    {
        if (juce::ModalComponentManager::getInstance()->cancelAllModalComponents())
            juce::Timer::callAfterDelay(100, [] {
                if (auto* app = juce::JUCEApplicationBase::getInstance())
                    app->systemRequestedQuit();
            });
        else
            quit();
    }

  private:
    // A changed setting reaches the settings file within a second, so a crash or a kill
    // loses at most that.
    void timerCallback() override
    {
        if (terminateRequested.load())
        {
            systemRequestedQuit();
            return;
        }
        saveState();
    }

    void saveState()
    {
        auto& holder = *window_->pluginHolder;
        holder.savePluginState();
        holder.saveAudioDeviceState();
        properties_.saveIfNeeded();
    }

    juce::ApplicationProperties properties_;
    std::unique_ptr<juce::StandaloneFilterWindow> window_;
};

} // namespace moodscope

juce::JUCEApplicationBase* juce_CreateApplication();
juce::JUCEApplicationBase* juce_CreateApplication()
{
    return new moodscope::StandaloneApp();
}
