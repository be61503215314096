// SPDX-License-Identifier: GPL-3.0-or-later
#include "PluginProcessor.h"

#include "PluginEditor.h"

#include <thread>

namespace moodscope {

bool sameEngineConfig(const EngineConfig& a, const EngineConfig& b) noexcept
{
    return a.windowSeconds == b.windowSeconds && a.intervalSeconds == b.intervalSeconds &&
           a.hopSeconds == b.hopSeconds && a.frameSeconds == b.frameSeconds && a.warmupFraction == b.warmupFraction &&
           a.ringSeconds == b.ringSeconds && a.lazyTempo == b.lazyTempo;
}

bool sameWledSettings(const WledSettings& a, const WledSettings& b) noexcept
{
    return a.targets == b.targets && a.multicastTtl == b.multicastTtl && a.multicastInterface == b.multicastInterface;
}

bool sameOscSettings(const OscSettings& a, const OscSettings& b) noexcept
{
    return a.targets == b.targets && a.prefix == b.prefix && a.fast == b.fast && a.slow == b.slow &&
           a.perDimension == b.perDimension && a.events == b.events && a.maxFastRateHz == b.maxFastRateHz &&
           a.bundles == b.bundles && a.timetag == b.timetag && a.profile == b.profile;
}

MoodscopeProcessor::MoodscopeProcessor()
    : AudioProcessor(BusesProperties()
                         .withInput("Input", juce::AudioChannelSet::stereo(), true)
                         .withOutput("Output", juce::AudioChannelSet::stereo(), true)),
      apvts_(*this, nullptr, kStateType, createParameterLayout())
{
    hostSync_ = apvts_.getRawParameterValue(paramId::hostSync);
    resetToDefaults(apvts_);
    pendingConfig_ = config();
    startTimerHz(10);
}

MoodscopeProcessor::~MoodscopeProcessor()
{
    stopTimer();
    osc_.stop();
    wled_.stop();
    link_.stop();
    const std::lock_guard<std::mutex> lock(prepareMutex_);
    engine_.release();
}

void MoodscopeProcessor::prepareToPlay(double sampleRate, int samplesPerBlock)
{
    const auto cfg = config();
    {
        const std::lock_guard<std::mutex> lock(prepareMutex_);
        engine_.prepare(sampleRate, samplesPerBlock, cfg);
        prepared_ = true;
        preparedRate_ = sampleRate;
        preparedBlock_ = samplesPerBlock;
        applied_ = cfg;
    }
    stated_.reset();
    reportParametersToHost();
}

void MoodscopeProcessor::reportParametersToHost()
{
    // JUCE's LV2 wrapper tells the host a parameter's value only when it changes, so a host
    // that shows LV2 parameters (Ardour) would show 0 for every setting never touched. Its
    // listener is in place once the plugin is prepared. Other formats read the values
    // themselves, and an extra notification there could read as an edit.
    if (wrapperType != wrapperType_LV2)
        return;
    for (auto* param : getParameters())
        param->sendValueChangedMessageToListeners(param->getValue());
}

void MoodscopeProcessor::releaseResources()
{
    const std::lock_guard<std::mutex> lock(prepareMutex_);
    engine_.release();
    prepared_ = false;
}

EngineConfig MoodscopeProcessor::appliedConfig() const
{
    const std::lock_guard<std::mutex> lock(prepareMutex_);
    return applied_;
}

bool MoodscopeProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const
{
    const auto in = layouts.getMainInputChannelSet();
    const auto out = layouts.getMainOutputChannelSet();
    if (in != out)
        return false;
    return in == juce::AudioChannelSet::mono() || in == juce::AudioChannelSet::stereo();
}

void MoodscopeProcessor::passHostTransport(int numSamples) noexcept
{
    // Every block, so that switching sync off or a host that stops providing a position
    // clears the host fields (an unknown tempo means "not synced").
    auto* head = hostSync_->load(std::memory_order_relaxed) >= 0.5f ? getPlayHead() : nullptr;
    const auto pos = head != nullptr ? head->getPosition() : juce::Optional<juce::AudioPlayHead::PositionInfo> {};
    if (!pos)
    {
        // An LV2 host sends a position only when the transport changes other than by playing
        // on (JUCE's wrapper reports none in between): play on from the last one.
        const bool playsOn = head != nullptr && wrapperType == wrapperType_LV2 && stated_.has_value();
        const double rate = getSampleRate();
        engine_.setHostTransport(playsOn && rate > 0.0
                                     ? advancedBy(*stated_, static_cast<double>(framesSinceStated_) / rate)
                                     : HostTransport {});
        framesSinceStated_ += numSamples;
        return;
    }
    HostTransport t;
    t.playing = pos->getIsPlaying();
    t.bpm = pos->getBpm().orFallback(0.0);
    if (const auto sig = pos->getTimeSignature())
    {
        t.numerator = sig->numerator;
        t.denominator = sig->denominator;
    }
    t.ppqPosition = pos->getPpqPosition().orFallback(0.0);
    t.barStartPpq = pos->getPpqPositionOfLastBarStart().orFallback(-1.0);
    // Ardour's LV2 positions carry the frame, tempo and bar but no time:beat, the only beat
    // position JUCE's wrapper reads: count the quarters from the frame at the stated tempo,
    // and the bar start from the bar number and the meter.
    const double rate = getSampleRate();
    const auto frame = pos->getTimeInSamples();
    if (!pos->getPpqPosition() && frame && t.bpm > 0.0 && rate > 0.0)
        t.ppqPosition = static_cast<double>(*frame) / rate * t.bpm / 60.0;
    if (!pos->getPpqPositionOfLastBarStart() && t.denominator > 0)
        if (const auto bar = pos->getBarCount())
            t.barStartPpq = static_cast<double>(*bar) * t.numerator * 4.0 / t.denominator;
    stated_ = t;
    framesSinceStated_ = numSamples;
    engine_.setHostTransport(t);
}

void MoodscopeProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    inCapture_.store(true, std::memory_order_seq_cst);
    if (!reconfiguring_.load(std::memory_order_seq_cst))
    {
        passHostTransport(buffer.getNumSamples());
        // In-place buffer, in == out layout: not writing to it is the bit-exact pass-through.
        const int channels = juce::jmin(buffer.getNumChannels(), getTotalNumInputChannels());
        engine_.capture(buffer.getArrayOfReadPointers(), channels, buffer.getNumSamples());
    }
    inCapture_.store(false, std::memory_order_seq_cst);
    if (!monitorsOutput())
        buffer.clear();
}

PluginSettings MoodscopeProcessor::settings()
{
    const std::lock_guard<std::mutex> lock(stateMutex_);
    return readSettings(apvts_);
}

void MoodscopeProcessor::applySettings(bool immediately)
{
    const auto s = settings();

    if (s.oscEnabled != oscStarted_ || (oscStarted_ && !sameOscSettings(s.osc, oscApplied_)))
    {
        if (!s.oscEnabled)
            osc_.stop();
        else if (!oscStarted_)
            osc_.start(s.osc);
        else
            osc_.setSettings(s.osc);
        oscStarted_ = s.oscEnabled;
        oscApplied_ = s.osc;
    }
    if (s.wledEnabled != wledStarted_ || (wledStarted_ && !sameWledSettings(s.wled, wledApplied_)))
    {
        if (!s.wledEnabled)
            wled_.stop();
        else if (!wledStarted_)
            wled_.start(s.wled);
        else
            wled_.setSettings(s.wled);
        wledStarted_ = s.wledEnabled;
        wledApplied_ = s.wled;
    }
    if (s.linkEnabled != link_.isRunning())
    {
        if (s.linkEnabled)
            link_.start(LinkSettings { true });
        else
            link_.stop();
    }

    const auto now = juce::Time::getMillisecondCounter();
    if (!sameEngineConfig(s.engine, pendingConfig_))
    {
        pendingConfig_ = s.engine;
        pendingSince_ = now;
    }
    if (!immediately && now - pendingSince_ < kSettleMs)
        return;

    const std::lock_guard<std::mutex> lock(prepareMutex_);
    if (!prepared_ || sameEngineConfig(s.engine, applied_))
        return; // an unprepared engine picks the settings up in prepareToPlay
    reconfiguring_.store(true, std::memory_order_seq_cst);
    while (inCapture_.load(std::memory_order_seq_cst))
        std::this_thread::yield(); // at most one block's capture, a few microseconds
    engine_.prepare(preparedRate_, preparedBlock_, s.engine);
    applied_ = s.engine;
    reconfiguring_.store(false, std::memory_order_seq_cst);
}

MoodscopeProcessor::EngineStatus MoodscopeProcessor::engineStatus()
{
    const std::unique_lock<std::mutex> lock(prepareMutex_, std::try_to_lock);
    if (lock.owns_lock())
    {
        lastStatus_.overrunEvents = engine_.overrunEvents();
        lastStatus_.droppedFrames = engine_.droppedFrames();
        lastStatus_.running = engine_.isRunning();
        lastStatus_.sampleRate = prepared_ ? preparedRate_ : 0.0;
    }
    return lastStatus_;
}

juce::AudioProcessorEditor* MoodscopeProcessor::createEditor()
{
    return new MoodscopeEditor(*this);
}

void MoodscopeProcessor::getStateInformation(juce::MemoryBlock& destData)
{
    const std::lock_guard<std::mutex> lock(stateMutex_);
    writeState(apvts_, destData);
}

void MoodscopeProcessor::setStateInformation(const void* data, int sizeInBytes)
{
    // Hosts hand over whatever they saved, possibly from another version or corrupted:
    // whatever cannot be read keeps its default. The timer applies the result.
    {
        const std::lock_guard<std::mutex> lock(stateMutex_);
        readState(apvts_, data, sizeInBytes);
    }
    reportParametersToHost();
}

} // namespace moodscope

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new moodscope::MoodscopeProcessor();
}
