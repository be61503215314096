// SPDX-License-Identifier: GPL-3.0-or-later
#include "dsp/Loudness.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace moodscope {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The analog prototypes behind the BS.1770 48 kHz tables.
constexpr double kShelfHz = 1681.974450955533;
constexpr double kShelfGainDb = 3.999843853973347;
constexpr double kShelfQ = 0.7071752369554196;
// The shelf's band-pass term sits at about half its high-frequency gain in dB; this exponent
// is what makes the transformed shelf land on the table values.
constexpr double kShelfMidExponent = 0.4996667741545416;
constexpr double kHighPassHz = 38.13547087602444;
constexpr double kHighPassQ = 0.5003270373238773;

constexpr double kLufsOffset = -0.691;
constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kRelativeGateLu = -10.0;
constexpr std::size_t kBlockSubBlocks = 4;      // 400 ms
constexpr std::size_t kShortTermSubBlocks = 30; // 3 s

// Whole-run histogram: 0.01 LU bins from the absolute gate up to +30 LUFS.
constexpr double kBinLu = 0.01;
constexpr double kHistogramTopLufs = 30.0;
constexpr std::size_t kBins = static_cast<std::size_t>((kHistogramTopLufs - kAbsoluteGateLufs) / kBinLu + 0.5);

// Below this the filter state is inaudible (-400 dB) but would decay into slow denormals.
constexpr double kTinyState = 1e-20;

constexpr double kAbsoluteGateEnergy = 1.1724653045822981e-07; // 10^((-70 + 0.691) / 10)

double energyToLufs(double meanSquare) noexcept
{
    return kLufsOffset + 10.0 * std::log10(meanSquare);
}

float toLufs(double meanSquare) noexcept
{
    if (!(meanSquare > 0.0))
        return LoudnessMeter::kFloorLufs;
    return static_cast<float>(std::max(energyToLufs(meanSquare), kAbsoluteGateLufs));
}

double warp(double hz, double sampleRate) noexcept
{
    return std::tan(kPi * hz / sampleRate);
}

// The high-pass as BS.1770 tabulates it: numerator 1, -2, 1, i.e. not normalised by a0.
BiquadCoefficients highPassTableForm(double sampleRate) noexcept
{
    // H(s) = s^2 / (s^2 + (w0/Q) s + w0^2)
    const double k = warp(kHighPassHz, sampleRate);
    const double kq = k / kHighPassQ;
    const double a0 = 1.0 + kq + k * k;
    BiquadCoefficients c;
    c.b0 = 1.0;
    c.b1 = -2.0;
    c.b2 = 1.0;
    c.a1 = 2.0 * (k * k - 1.0) / a0;
    c.a2 = (1.0 - kq + k * k) / a0;
    return c;
}

double magnitudeAt(const BiquadCoefficients& c, double hz, double sampleRate) noexcept
{
    const double w = 2.0 * kPi * hz / sampleRate;
    const double c1 = std::cos(w), s1 = std::sin(w);
    const double c2 = std::cos(2.0 * w), s2 = std::sin(2.0 * w);
    const double nr = c.b0 + c.b1 * c1 + c.b2 * c2, ni = c.b1 * s1 + c.b2 * s2;
    const double dr = 1.0 + c.a1 * c1 + c.a2 * c2, di = c.a1 * s1 + c.a2 * s2;
    return std::sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}

double gainAt1kHz(double sampleRate) noexcept
{
    return magnitudeAt(kWeightingShelf(sampleRate), 1000.0, sampleRate) *
           magnitudeAt(highPassTableForm(sampleRate), 1000.0, sampleRate);
}

double flushTiny(double z) noexcept
{
    return std::fabs(z) < kTinyState ? 0.0 : z;
}

} // namespace

BiquadCoefficients kWeightingShelf(double sampleRate) noexcept
{
    // H(s) = (Vh s^2 + Vb (w0/Q) s + w0^2) / (s^2 + (w0/Q) s + w0^2): 0 dB at DC, +4 dB on top.
    const double k = warp(kShelfHz, sampleRate);
    const double vh = std::pow(10.0, kShelfGainDb / 20.0);
    const double vb = std::pow(vh, kShelfMidExponent);
    const double kq = k / kShelfQ;
    const double a0 = 1.0 + kq + k * k;
    BiquadCoefficients c;
    c.b0 = (vh + vb * kq + k * k) / a0;
    c.b1 = 2.0 * (k * k - vh) / a0;
    c.b2 = (vh - vb * kq + k * k) / a0;
    c.a1 = 2.0 * (k * k - 1.0) / a0;
    c.a2 = (1.0 - kq + k * k) / a0;
    return c;
}

BiquadCoefficients kWeightingHighPass(double sampleRate) noexcept
{
    // The -0.691 offset calibrates the 48 kHz tables at 1 kHz. Frequency warping moves the
    // 1 kHz gain at other rates (0.2 dB at 8 kHz), so scale it back to the 48 kHz value;
    // at 48 kHz the factor is exactly 1 and the table numerator 1, -2, 1 is kept.
    BiquadCoefficients c = highPassTableForm(sampleRate);
    const double g = gainAt1kHz(48000.0) / gainAt1kHz(sampleRate);
    c.b0 *= g;
    c.b1 *= g;
    c.b2 *= g;
    return c;
}

void LoudnessMeter::prepare(double sampleRate, double maxWindowSeconds)
{
    sampleRate_ = sampleRate;
    subBlockLength_ = static_cast<std::size_t>(std::max(1L, std::lround(0.1 * sampleRate)));
    shelf_ = kWeightingShelf(sampleRate);
    highPass_ = kWeightingHighPass(sampleRate);
    const double seconds = std::max(0.0, maxWindowSeconds) + 3.0;
    const auto capacity = static_cast<std::size_t>(std::ceil(seconds / subBlockSeconds() - 1e-9)) + 1;
    history_.assign(std::max(capacity, kShortTermSubBlocks), 0.0);
    binCount_.assign(kBins, 0);
    binEnergy_.assign(kBins, 0.0);
    reset();
}

void LoudnessMeter::reset() noexcept
{
    remaining_ = subBlockLength_;
    accumulator_ = 0.0;
    for (auto& channel : state_)
        std::fill(std::begin(channel), std::end(channel), 0.0);
    std::fill(history_.begin(), history_.end(), 0.0);
    head_ = 0;
    subBlocksSinceReset_ = 0;
    std::fill(binCount_.begin(), binCount_.end(), std::uint64_t { 0 });
    std::fill(binEnergy_.begin(), binEnergy_.end(), 0.0);
    gatedCount_ = 0;
    gatedEnergy_ = 0.0;
}

void LoudnessMeter::process(const float* left, const float* right, std::size_t n) noexcept
{
    if (subBlockLength_ == 0)
        return;
    // Left and right run through the same two biquads in the two lanes of one SSE2 register
    // (plain IEEE double arithmetic per lane, so each channel's result is what scalar code
    // gives): half the instructions of the loop that sees every sample.
    using Pair = double __attribute__((vector_size(16)));
    const BiquadCoefficients s = shelf_;
    const BiquadCoefficients h = highPass_;
    Pair z1 { state_[0][0], state_[1][0] }, z2 { state_[0][1], state_[1][1] };
    Pair z3 { state_[0][2], state_[1][2] }, z4 { state_[0][3], state_[1][3] };
    while (n > 0)
    {
        const std::size_t m = std::min(n, remaining_);
        Pair sum { 0.0, 0.0 };
        for (std::size_t i = 0; i < m; ++i)
        {
            const Pair x { left[i], right[i] };
            const Pair u = s.b0 * x + z1;
            z1 = s.b1 * x - s.a1 * u + z2;
            z2 = s.b2 * x - s.a2 * u;
            const Pair y = h.b0 * u + z3;
            z3 = h.b1 * u - h.a1 * y + z4;
            z4 = h.b2 * u - h.a2 * y;
            sum += y * y;
        }
        accumulator_ += sum[0] + sum[1];
        left += m;
        right += m;
        n -= m;
        remaining_ -= m;
        if (remaining_ == 0)
        {
            for (Pair* z : { &z1, &z2, &z3, &z4 })
                *z = Pair { flushTiny((*z)[0]), flushTiny((*z)[1]) };
            finishSubBlock();
        }
    }
    const Pair* z[] = { &z1, &z2, &z3, &z4 };
    for (int j = 0; j < 4; ++j)
    {
        state_[0][j] = (*z[j])[0];
        state_[1][j] = (*z[j])[1];
    }
}

void LoudnessMeter::finishSubBlock() noexcept
{
    history_[head_] = accumulator_ / static_cast<double>(subBlockLength_);
    head_ = head_ + 1 == history_.size() ? 0 : head_ + 1;
    ++subBlocksSinceReset_;
    accumulator_ = 0.0;
    remaining_ = subBlockLength_;

    if (subBlocksSinceReset_ < kBlockSubBlocks)
        return;
    const double block = meanEnergy(kBlockSubBlocks, 0);
    if (!(block > kAbsoluteGateEnergy))
        return;
    const double bin = (energyToLufs(block) - kAbsoluteGateLufs) / kBinLu;
    const auto index = std::min(static_cast<std::size_t>(std::max(0.0, bin)), kBins - 1);
    ++binCount_[index];
    binEnergy_[index] += block;
    ++gatedCount_;
    gatedEnergy_ += block;
}

double LoudnessMeter::energyFromEnd(std::size_t fromEnd) const noexcept
{
    const std::size_t size = history_.size();
    const std::size_t back = fromEnd + 1;
    return history_[head_ >= back ? head_ - back : head_ + size - back];
}

double LoudnessMeter::meanEnergy(std::size_t count, std::size_t fromEnd) const noexcept
{
    // Sub-blocks not (or no longer) in the history count as silence.
    const std::size_t available = completeSubBlocks();
    double sum = 0.0;
    for (std::size_t i = fromEnd; i < fromEnd + count && i < available; ++i)
        sum += energyFromEnd(i);
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

std::size_t LoudnessMeter::completeSubBlocks() const noexcept
{
    return static_cast<std::size_t>(std::min<std::uint64_t>(subBlocksSinceReset_, history_.size()));
}

double LoudnessMeter::subBlockSeconds() const noexcept
{
    return sampleRate_ > 0.0 ? static_cast<double>(subBlockLength_) / sampleRate_ : 0.1;
}

std::size_t LoudnessMeter::subBlocksInWindow(double windowSeconds) const noexcept
{
    const double count = std::floor(std::max(0.0, windowSeconds) / subBlockSeconds() + 1e-6);
    const std::size_t available = completeSubBlocks();
    return count >= static_cast<double>(available) ? available : static_cast<std::size_t>(count);
}

float LoudnessMeter::momentaryLufs() const noexcept
{
    return toLufs(meanEnergy(kBlockSubBlocks, 0));
}

float LoudnessMeter::shortTermLufs() const noexcept
{
    return toLufs(meanEnergy(kShortTermSubBlocks, 0));
}

float LoudnessMeter::integratedLufs(double windowSeconds) const noexcept
{
    const std::size_t subBlocks = subBlocksInWindow(windowSeconds);
    if (subBlocks < kBlockSubBlocks)
        return kFloorLufs;
    const std::size_t blocks = subBlocks - kBlockSubBlocks + 1;
    const auto blockEnergy = [this](std::size_t j) {
        return 0.25 * (energyFromEnd(j) + energyFromEnd(j + 1) + energyFromEnd(j + 2) + energyFromEnd(j + 3));
    };

    // sum and count of the block energies above a gate
    const auto above = [&](double gate, std::size_t& count) {
        double sum = 0.0;
        count = 0;
        for (std::size_t j = 0; j < blocks; ++j)
        {
            const double e = blockEnergy(j);
            if (e > gate)
            {
                sum += e;
                ++count;
            }
        }
        return sum;
    };

    std::size_t count = 0;
    const double sum = above(kAbsoluteGateEnergy, count);
    if (count == 0)
        return kFloorLufs;

    // The relative gate applies to blocks that already passed the absolute one.
    const double threshold = std::max(kAbsoluteGateEnergy, sum / static_cast<double>(count) * 0.1);
    std::size_t gatedCount = 0;
    const double gatedSum = above(threshold, gatedCount);
    return gatedCount > 0 ? toLufs(gatedSum / static_cast<double>(gatedCount)) : kFloorLufs;
}

float LoudnessMeter::integratedLufsTotal() const noexcept
{
    if (gatedCount_ == 0)
        return kFloorLufs;
    const double relativeGate = energyToLufs(gatedEnergy_ / static_cast<double>(gatedCount_)) + kRelativeGateLu;
    const double position = (relativeGate - kAbsoluteGateLufs) / kBinLu;
    std::size_t first = 0;
    double sum = 0.0;
    double count = 0.0;
    if (position > 0.0)
    {
        first = std::min(static_cast<std::size_t>(position), kBins - 1);
        // The bin holding the gate is split by assuming its blocks spread evenly over it; the
        // top bin also holds everything louder, so it is taken whole.
        const double above = first + 1 == kBins ? 1.0 : std::clamp(static_cast<double>(first + 1) - position, 0.0, 1.0);
        sum += above * binEnergy_[first];
        count += above * static_cast<double>(binCount_[first]);
        ++first;
    }
    for (std::size_t b = first; b < kBins; ++b)
    {
        sum += binEnergy_[b];
        count += static_cast<double>(binCount_[b]);
    }
    return count > 0.0 ? toLufs(sum / count) : kFloorLufs;
}

float LoudnessMeter::chunkLufs(std::size_t chunkSubBlocks, std::size_t chunkIndexFromEnd) const noexcept
{
    if (chunkSubBlocks == 0 || chunkIndexFromEnd >= completeSubBlocks() / chunkSubBlocks)
        return kFloorLufs;
    return toLufs(meanEnergy(chunkSubBlocks, chunkIndexFromEnd * chunkSubBlocks));
}

float loudnessVariationStd(const LoudnessMeter& meter, double windowSeconds) noexcept
{
    constexpr std::size_t chunk = LoudnessMeter::kChunkSubBlocks;
    const std::size_t chunks = meter.subBlocksInWindow(windowSeconds) / chunk;
    RunningStats stats;
    for (std::size_t k = 0; k < chunks; ++k)
    {
        const float lufs = meter.chunkLufs(chunk, k);
        if (lufs > LoudnessMeter::kFloorLufs)
            stats.add(lufs);
    }
    return loudnessVariationStd(stats);
}

float loudnessVariationStd(const RunningStats& chunkLufs) noexcept
{
    if (chunkLufs.count < 2)
        return 0.0f;
    return static_cast<float>(std::clamp(chunkLufs.std(), 0.0, 20.0));
}

} // namespace moodscope
