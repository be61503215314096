// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/Analyzer.h"

#include "fingerprint/BlockDimensions.h"
#include "fast/Levels.h"
#include "fingerprint/Variation.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace moodscope {

namespace {
// Eight float lanes the compiler vectorizes (a double running sum is a serial chain), summed
// in double: a frame's level needs 1e-4 relative accuracy, not the last bit.
double sumOfSquares(const float* x, std::size_t n) noexcept
{
    float lanes[8] {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            lanes[j] += x[i + j] * x[i + j];
    double sum = 0.0;
    for (float lane : lanes)
        sum += lane;
    for (; i < n; ++i)
        sum += static_cast<double>(x[i]) * x[i];
    return sum;
}
} // namespace

void Analyzer::prepare(double sampleRate, const EngineConfig& config)
{
    config_ = config.clamped();
    sampleRate_ = std::clamp(std::isfinite(sampleRate) ? sampleRate : 48000.0, EngineConfig::kMinSampleRate,
                             EngineConfig::kMaxSampleRate);
    hop_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(config_.hopSeconds * sampleRate_)));
    interval_ =
        std::max<std::size_t>(hop_, static_cast<std::size_t>(std::lround(config_.intervalSeconds * sampleRate_)));

    const int frameSize = Stft::frameSizeFor(sampleRate_, config_.frameSeconds);
    stft_.prepare(frameSize);
    bands_.prepare(sampleRate_, frameSize, static_cast<double>(hop_) / sampleRate_);
    geq_.prepare(sampleRate_, frameSize);
    spectralFrames_.prepare(sampleRate_, frameSize);
    moodFrames_.prepare(sampleRate_, frameSize);
    chroma_.prepare(sampleRate_, frameSize);
    onsets_.prepare(sampleRate_, frameSize, static_cast<double>(hop_) / sampleRate_);
    onsetPicker_.prepare(static_cast<double>(hop_) / sampleRate_);
    beatTracker_.prepare(static_cast<double>(hop_) / sampleRate_);
    hostClock_.prepare(sampleRate_);
    loudness_.prepare(sampleRate_, config_.windowSeconds);
    block_ = loudness_.subBlockSamples();
    summary_.reset();
    // frame features every featureStride hops: frames overlap by about half (SpectralFrame)
    featureStride_ = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::lround(0.5 * static_cast<double>(frameSize) / static_cast<double>(hop_))));
    const double featureSeconds = static_cast<double>(hop_ * featureStride_) / sampleRate_;
    hpss_.prepare(sampleRate_, frameSize, featureSeconds);
    pitch_.prepare(sampleRate_, frameSize);
    // Pitch changes slowly against a 46 ms frame: tracking once per frame length keeps YIN's
    // three FFTs out of most feature frames.
    pitchEvery_ =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(static_cast<double>(frameSize) /
                                                                      static_cast<double>(hop_ * featureStride_))));

    windowSamples_ = std::max(static_cast<std::size_t>(std::lround(config_.windowSeconds * sampleRate_)),
                              static_cast<std::size_t>(frameSize));
    window_.prepare(std::max(hop_, static_cast<std::size_t>(frameSize)));
    blocks_.prepare(windowSamples_ / block_ + 1);

    const std::size_t hopsPerWindow = windowSamples_ / hop_ + 1;
    history_.prepare(hopsPerWindow);
    frames_.prepare(hopsPerWindow, static_cast<double>(hop_) / sampleRate_);
    frames_.setLazyTempo(config_.lazyTempo);
    frames_.rememberTempoLevels(static_cast<double>(interval_) / sampleRate_);
    frame_.assign(static_cast<std::size_t>(frameSize), 0.0f);
    hopLeft_.assign(hop_, 0.0f);
    hopRight_.assign(hop_, 0.0f);
    mood_.prepare(static_cast<double>(hop_) / sampleRate_, static_cast<double>(interval_) / sampleRate_);
    reset();
}

void Analyzer::reset() noexcept
{
    window_.clear();
    blocks_.clear();
    current_ = {};
    blockFill_ = 0;
    blocksInChunk_ = 0;
    bands_.reset();
    history_.clear();
    frames_.reset();
    hpss_.reset();
    onsets_.reset();
    onsetPicker_.reset();
    beatTracker_.reset();
    hostClock_.reset();
    hostTransport_.clear();
    loudness_.reset();
    mood_.reset();
    pitchCountdown_ = 0;
    featureCountdown_ = 0;
    hopFill_ = 0;
    intervalFill_ = 0;
    samplesSeen_ = 0;
    droppedFrames_ = 0;
}

void Analyzer::process(const float* left, const float* right, std::size_t n, AnalysisSink& sink) noexcept
{
    std::size_t done = 0;
    while (done < n)
    {
        // advance exactly to the next clock edge so that hop and interval times are exact
        const std::size_t take =
            std::min({ n - done, hop_ - hopFill_, interval_ - intervalFill_, block_ - blockFill_ });
        window_.append(left + done, right + done, take);
        // loudness and block sums see every sample once, after the window has sanitized them
        window_.copyLatest(take, hopLeft_.data(), hopRight_.data());
        loudness_.process(hopLeft_.data(), hopRight_.data(), take);
        current_.add(hopLeft_.data(), hopRight_.data(), take);
        blockFill_ += take;
        if (blockFill_ == block_)
            closeBlock();
        done += take;
        hopFill_ += take;
        intervalFill_ += take;
        samplesSeen_ += take;

        if (hopFill_ == hop_)
        {
            hopFill_ = 0;
            FastFrame f = computeFast();
            mood_.onHop(f, loudness_.momentaryLufs());
            if (fastSignals_)
                sink.onFast(f);
        }
        if (intervalFill_ == interval_)
        {
            intervalFill_ = 0;
            SlowSnapshot slow = computeSlow();
            mood_.update(slow);
            sink.onSlow(slow);
        }
    }
}

void Analyzer::closeBlock() noexcept
{
    blocks_.push(current_);
    if (summary_)
    {
        summary_->addBlock(current_);
        if (++blocksInChunk_ == LoudnessMeter::kChunkSubBlocks)
        {
            blocksInChunk_ = 0;
            summary_->endChunk(loudness_.chunkLufs(LoudnessMeter::kChunkSubBlocks, 0));
        }
    }
    current_ = {};
    blockFill_ = 0;
}

FastFrame Analyzer::computeFast() noexcept
{
    FastFrame f;
    f.time = secondsAnalyzed();
    f.droppedFrames = droppedFrames_;

    if (fastSignals_)
    {
        const std::size_t n = std::min(hop_, window_.size());
        window_.copyLatest(n, hopLeft_.data(), hopRight_.data());
        const LevelReading level = measureLevel(hopLeft_.data(), hopRight_.data(), n);
        f.rmsDb = level.rmsDb;
        f.peakDb = level.peakDb;
        f.rms01 = level.rms01;
        f.peak01 = level.peak01;
    }

    // Before the window holds a full frame the missing past is silence.
    const std::size_t frameSize = frame_.size();
    const std::size_t have = std::min(frameSize, window_.size());
    std::fill(frame_.begin(), frame_.begin() + static_cast<std::ptrdiff_t>(frameSize - have), 0.0f);
    window_.copyLatestMono(have, frame_.data() + (frameSize - have));
    const double frameSum = sumOfSquares(frame_.data(), frameSize);
    const auto& power = stft_.process(frame_.data());
    const float frameMeanSquare = static_cast<float>(frameSum / static_cast<double>(frameSize));
    SpectralFrame sf;
    if (featureCountdown_ == 0)
    {
        featureCountdown_ = featureStride_;
        sf = spectralFrames_.analyze(power, frameMeanSquare);
        moodFrames_.analyze(power, frame_.data(), frameSize, sf);
        const HpssEnergy split = hpss_.process(power);
        sf.harmonic = split.harmonic;
        sf.percussive = split.percussive;
        sf.chroma = chroma_.process(power);
        sf.chromaConcentration = chromaConcentration(sf.chroma);
        if (pitchCountdown_ == 0)
        {
            sf.f0 = pitch_.process(frame_.data());
            pitchCountdown_ = pitchEvery_;
        }
        --pitchCountdown_;
    }
    else
    {
        sf.full = false;
        sf.frameMeanSquare = frameMeanSquare;
    }
    --featureCountdown_;
    sf.onset = onsets_.process(power);
    if (fastSignals_)
    {
        f.bands = bands_.process(power);
        const GeqChannels::Reading geq = geq_.process(power);
        f.geq = geq.channels;
        f.majorPeakHz = geq.majorPeakHz;
        f.majorPeakAmplitude = geq.majorPeakAmplitude;
        f.momentaryLufs = loudness_.momentaryLufs();
        f.shortTermLufs = loudness_.shortTermLufs();
        const OnsetPicker::Result picked = onsetPicker_.process(sf.onset);
        f.onset = picked.onset;
        f.onsetStrength = picked.strength;
        beatTracker_.process(f.time, sf.onset, bands_.levelsDb()[0], f.momentaryLufs, f);
        hostClock_.fill(hostTransport_, samplesSeen_, hop_, f);
    }
    history_.push(sf);
    if (summary_)
        summary_->addFrame(sf);
    return f;
}

SlowSnapshot Analyzer::computeSlow() noexcept
{
    SlowSnapshot s;
    s.time = secondsAnalyzed();
    s.windowSeconds = config_.windowSeconds;
    s.windowFill = static_cast<float>(samplesInWindow()) / static_cast<float>(windowSamples_);
    s.warmingUp = s.windowFill < static_cast<float>(config_.warmupFraction);
    // flagged while warming up too: the option is in force whether or not tempo was due
    s.tempoSkipped = config_.lazyTempo;
    if (s.warmingUp)
        return s;

    timings_ = {};
    const auto start = std::chrono::steady_clock::now();
    Lap lap;
    // the window's complete blocks plus the one being filled
    const std::size_t complete =
        std::min(blocks_.size(), (samplesInWindow() - std::min(samplesInWindow(), blockFill_)) / block_);
    BlockStats whole = current_;
    for (std::size_t i = 0; i < complete; ++i)
        whole.merge(blocks_.latest(complete, i));
    lap.to(timings_.window);

    setStereoDimensions(s, whole);
    lap.to(timings_.stereo);

    setDynamicsDimensions(s, whole, loudness_.integratedLufs(config_.windowSeconds));
    lap.to(timings_.dynamics);

    const std::size_t frames = framesInWindow();
    frames_.gather([this, frames](std::size_t i) -> const SpectralFrame& { return history_.latest(frames, i); },
                   frames);
    lap.to(timings_.gather);
    frames_.compute(s, &timings_);
    lap = Lap {};

    // complete 1 s chunks, aligned to the newest complete block
    ChunkVariation chunks;
    const std::size_t perChunk = LoudnessMeter::kChunkSubBlocks;
    for (std::size_t end = complete; end >= perChunk; end -= perChunk)
    {
        BlockStats chunk;
        for (std::size_t i = end - perChunk; i < end; ++i)
            chunk.merge(blocks_.latest(complete, i));
        chunks.addChunk(chunk.monoPeak, chunk.monoMeanSquare());
    }
    setVariationDimensions(s, chunks, loudnessVariationStd(loudness_, config_.windowSeconds));
    lap.to(timings_.variation);
    timings_.total = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    return s;
}

void Analyzer::enableSummary(double expectedSeconds)
{
    summary_ = std::make_unique<FileSummary>();
    summary_->prepare(expectedSeconds, static_cast<double>(hop_) / sampleRate_);
    summary_->setLazyTempo(config_.lazyTempo);
}

SlowSnapshot Analyzer::summary()
{
    if (!summary_)
        enableSummary(0.0);
    SlowSnapshot s = summary_->finish(loudness_.integratedLufsTotal(), secondsAnalyzed(), current_);
    MoodModel::summarize(s);
    return s;
}

std::size_t Analyzer::samplesInWindow() const noexcept
{
    return static_cast<std::size_t>(std::min<std::uint64_t>(samplesSeen_, windowSamples_));
}

std::size_t Analyzer::framesInWindow() const noexcept
{
    // the hops whose frames end inside the window
    return std::min(history_.size(), std::max<std::size_t>(1, samplesInWindow() / hop_));
}

} // namespace moodscope
