// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileAnalysis.h"

#include "Analyzer.h"

#include <memory>

namespace moodscope {

namespace {
class CallbackSink final : public AnalysisSink
{
  public:
    explicit CallbackSink(const SnapshotCallback& cb) : cb_(cb) {}
    void onFast(const FastFrame&) noexcept override {}
    void onSlow(const SlowSnapshot& s) noexcept override
    {
        if (cb_)
            cb_(s);
    }

  private:
    const SnapshotCallback& cb_;
};

constexpr int kBlock = 8192;
} // namespace

FileResult analyzeFile(juce::AudioFormatManager& formats, const juce::File& file, const EngineConfig& config,
                       const SnapshotCallback& onSnapshot)
{
    FileResult result;
    if (!file.existsAsFile())
    {
        result.error = "no such file";
        return result;
    }
    std::unique_ptr<juce::AudioFormatReader> reader(formats.createReaderFor(file));
    if (reader == nullptr)
    {
        result.error = "unsupported or corrupt audio file";
        return result;
    }
    if (reader->sampleRate < EngineConfig::kMinSampleRate || reader->sampleRate > EngineConfig::kMaxSampleRate ||
        reader->numChannels < 1 || reader->lengthInSamples < 0)
    {
        result.error = "unusable stream (sample rate " + juce::String(reader->sampleRate).toStdString() + " Hz, " +
                       std::to_string(reader->numChannels) + " channels)";
        return result;
    }

    result.sampleRate = reader->sampleRate;
    result.channels = static_cast<int>(reader->numChannels);
    Analyzer analyzer;
    analyzer.prepare(reader->sampleRate, config);
    analyzer.setFastSignals(false); // the timeline and summary need none of them
    analyzer.enableSummary(static_cast<double>(reader->lengthInSamples) / reader->sampleRate);
    CallbackSink sink(onSnapshot);

    const int channels = juce::jmin(2, static_cast<int>(reader->numChannels));
    juce::AudioBuffer<float> buffer(channels, kBlock);
    const juce::int64 length = reader->lengthInSamples;
    for (juce::int64 pos = 0; pos < length; pos += kBlock)
    {
        const int n = static_cast<int>(juce::jmin<juce::int64>(kBlock, length - pos));
        if (!reader->read(&buffer, 0, n, pos, true, channels > 1))
        {
            result.error = "read error at sample " + std::to_string(pos);
            return result;
        }
        const float* left = buffer.getReadPointer(0);
        const float* right = buffer.getReadPointer(channels > 1 ? 1 : 0);
        analyzer.process(left, right, static_cast<std::size_t>(n), sink);
    }
    result.durationSeconds = static_cast<double>(length) / reader->sampleRate;
    result.summary = analyzer.summary();
    result.ok = true;
    return result;
}

FileResult analyzeSignal(const StereoSignal& signal, const EngineConfig& config, const SnapshotCallback& onSnapshot)
{
    FileResult result;
    Analyzer analyzer;
    analyzer.prepare(signal.sampleRate, config);
    analyzer.setFastSignals(false);
    analyzer.enableSummary(static_cast<double>(signal.left.size()) / signal.sampleRate);
    CallbackSink sink(onSnapshot);
    for (std::size_t pos = 0; pos < signal.left.size(); pos += kBlock)
    {
        const std::size_t n = std::min<std::size_t>(kBlock, signal.left.size() - pos);
        analyzer.process(signal.left.data() + pos, signal.right.data() + pos, n, sink);
    }
    result.summary = analyzer.summary();
    result.ok = true;
    result.sampleRate = signal.sampleRate;
    result.channels = 2;
    result.durationSeconds = static_cast<double>(signal.left.size()) / signal.sampleRate;
    return result;
}

} // namespace moodscope
