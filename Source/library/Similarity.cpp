// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/Similarity.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace moodscope {

namespace {
constexpr std::uint32_t kAllDims = (1u << kNumDims) - 1u;

// A dimension whose 5..95 % spread is smaller than this carries no information in the
// library (every track has the same value): it adds no distance.
constexpr float kMinSpread = 1e-6f;

float percentile(std::vector<float>& v, double q)
{
    // Linear interpolation between closest ranks.
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const float a = v[lo];
    float b = a;
    if (hi != lo)
        b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
    return a + static_cast<float>(pos - static_cast<double>(lo)) * (b - a);
}

// Each similarity group of the dimension table shares one weight equally among its dimensions.
DimVector makeWeights()
{
    constexpr std::array<float, kNumSimilarityGroups> groupWeight {
        1.0f,  // spectral balance: the strongest cue to genre and mix
        1.0f,  // timbre
        1.0f,  // rhythm
        1.0f,  // harmony and pitch
        0.75f, // dynamics and how it changes over the track
        0.5f,  // stereo image
        0.15f, // loudness: mostly the mastering level, a quieter copy is still the same music
    };
    std::array<int, kNumSimilarityGroups> members {};
    for (int i = 0; i < kNumDims; ++i)
        ++members[static_cast<std::size_t>(dimInfo(static_cast<Dim>(i)).similarity)];
    DimVector w {};
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto g = static_cast<std::size_t>(dimInfo(static_cast<Dim>(i)).similarity);
        w[static_cast<std::size_t>(i)] = groupWeight[g] / static_cast<float>(members[g]);
    }
    return w;
}
} // namespace

std::string Normalization::serialize() const
{
    std::ostringstream out;
    out.precision(9);
    out << count;
    for (int i = 0; i < kNumDims; ++i)
        out << ' ' << p5[static_cast<std::size_t>(i)] << ' ' << p95[static_cast<std::size_t>(i)];
    return out.str();
}

std::optional<Normalization> Normalization::parse(const std::string& text)
{
    std::istringstream in(text);
    Normalization n;
    if (!(in >> n.count))
        return std::nullopt;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kNumDims); ++i)
        if (!(in >> n.p5[i] >> n.p95[i]) || !std::isfinite(n.p5[i]) || !std::isfinite(n.p95[i]))
            return std::nullopt;
    std::string rest;
    if (in >> rest)
        return std::nullopt;
    return n;
}

Normalization computeNormalization(const std::vector<DimVector>& dims, const std::vector<std::uint32_t>& valid)
{
    Normalization n;
    n.count = dims.size();
    std::vector<float> column;
    column.reserve(dims.size());
    for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d)
    {
        column.clear();
        for (std::size_t i = 0; i < dims.size(); ++i)
            if (((valid[i] >> d) & 1u) != 0 && std::isfinite(dims[i][d]))
                column.push_back(dims[i][d]);
        if (column.empty())
        {
            n.p5[d] = 0.0f;
            n.p95[d] = 1.0f;
            continue;
        }
        n.p5[d] = percentile(column, 0.05);
        n.p95[d] = percentile(column, 0.95);
    }
    return n;
}

const DimVector& dimensionWeights() noexcept
{
    static const DimVector weights = makeWeights();
    return weights;
}

SimilarityIndex::SimilarityIndex(const Normalization& norm) : norm_(norm)
{
    const auto& w = dimensionWeights();
    for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d)
    {
        const float spread = norm_.p95[d] - norm_.p5[d];
        scale_[d] = spread > kMinSpread ? 1.0f / spread : 0.0f;
        sqrtWeight_[d] = std::sqrt(w[d]);
        fullWeight_ += w[d];
    }
}

SimilarityIndex::SimilarityIndex(const Normalization& norm, std::vector<float> projected,
                                 std::vector<std::uint32_t> valid)
    : SimilarityIndex(norm)
{
    if (projected.size() != valid.size() * kNumDims)
        throw std::invalid_argument("similarity index: " + std::to_string(projected.size()) + " values for " +
                                    std::to_string(valid.size()) + " tracks");
    // Saved data is not trusted to be sane: a NaN would poison every distance it meets.
    for (float& v : projected)
        if (!std::isfinite(v))
            v = 0.0f;
    for (auto& m : valid)
        m &= kAllDims;
    values_ = std::move(projected);
    valid_ = std::move(valid);
}

void SimilarityIndex::reserve(std::size_t n)
{
    values_.reserve(n * kNumDims);
    valid_.reserve(n);
}

void SimilarityIndex::project(const DimVector& dims, std::uint32_t valid, float* out) const
{
    for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d)
    {
        const bool ok = ((valid >> d) & 1u) != 0 && std::isfinite(dims[d]);
        const float x = ok ? std::clamp((dims[d] - norm_.p5[d]) * scale_[d], kNormalizedMin, kNormalizedMax) : 0.0f;
        out[d] = x * sqrtWeight_[d];
    }
}

void SimilarityIndex::add(const DimVector& dims, std::uint32_t valid)
{
    const std::size_t at = values_.size();
    values_.resize(at + kNumDims);
    project(dims, valid, values_.data() + at);
    valid_.push_back(valid & kAllDims);
}

float SimilarityIndex::distance(const float* q, std::uint32_t qValid, std::size_t index) const
{
    const float* row = values_.data() + index * kNumDims;
    const std::uint32_t shared = qValid & valid_[index];
    float sum = 0.0f;
    float weight = fullWeight_;
    if (shared == kAllDims)
    {
        for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d)
        {
            const float diff = q[d] - row[d];
            sum += diff * diff;
        }
    }
    else
    {
        const auto& w = dimensionWeights();
        weight = 0.0f;
        for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d)
            if ((shared >> d) & 1u)
            {
                const float diff = q[d] - row[d];
                sum += diff * diff;
                weight += w[d];
            }
    }
    // No dimension in common: as far apart as the scale allows.
    if (weight <= 0.0f)
        return kNormalizedMax - kNormalizedMin;
    return std::sqrt(sum / weight);
}

float SimilarityIndex::distanceTo(const DimVector& dims, std::uint32_t valid, std::size_t index) const
{
    float q[kNumDims];
    project(dims, valid, q);
    return distance(q, valid & kAllDims, index);
}

std::vector<Neighbour> SimilarityIndex::nearest(const DimVector& dims, std::uint32_t valid, std::size_t k,
                                                std::optional<std::size_t> exclude) const
{
    float q[kNumDims];
    project(dims, valid, q);
    const std::uint32_t qValid = valid & kAllDims;
    std::vector<Neighbour> all;
    all.reserve(size());
    for (std::size_t i = 0; i < size(); ++i)
        if (!exclude || *exclude != i)
            all.push_back({ i, distance(q, qValid, i) });
    k = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                      [](const Neighbour& a, const Neighbour& b) {
                          return a.distance < b.distance || (a.distance == b.distance && a.index < b.index);
                      });
    all.resize(k);
    return all;
}

} // namespace moodscope
