// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/SlowSnapshot.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moodscope {

using DimVector = std::array<float, kNumDims>;

// Per-dimension robust scale: x → (x − p5) / (p95 − p5), from the 5th and 95th percentiles
// over a library, so one outlier track cannot stretch a dimension's scale.
struct Normalization
{
    DimVector p5 {}, p95 {};
    std::size_t count = 0; // tracks the percentiles were computed from

    std::string serialize() const;
    static std::optional<Normalization> parse(const std::string& text);
};

// Percentiles over the valid values of each dimension (a dimension never valid gets 0..1).
Normalization computeNormalization(const std::vector<DimVector>& dims, const std::vector<std::uint32_t>& valid);

// The distance's weight per dimension (docs/LIBRARY.md): each group of dimensions has one
// weight, shared equally by its members, so a group with more dimensions does not count more.
const DimVector& dimensionWeights() noexcept;

// Normalized values are clipped to this range: beyond the library's 5..95 % spread a
// dimension stops adding distance, so one broken value cannot outweigh all the others.
constexpr float kNormalizedMin = -0.5f, kNormalizedMax = 1.5f;

struct Neighbour
{
    std::size_t index = 0;
    float distance = 0.0f;
};

// All fingerprints of a library normalized into one contiguous array; answers top-K
// nearest-neighbour queries by a weighted RMS distance over the dimensions valid in both.
// Built once, then read-only (queries may run from several threads).
class SimilarityIndex
{
  public:
    explicit SimilarityIndex(const Normalization& norm);
    // An index saved earlier (projected() and validMasks() of one built with `norm`);
    // throws std::invalid_argument when the arrays do not fit together.
    SimilarityIndex(const Normalization& norm, std::vector<float> projected, std::vector<std::uint32_t> valid);

    void reserve(std::size_t n);
    void add(const DimVector& dims, std::uint32_t valid);
    std::size_t size() const noexcept { return valid_.size(); }

    const Normalization& normalization() const noexcept { return norm_; }
    // size() × kNumDims entries, normalized, clipped and weighted, for saving.
    const std::vector<float>& projected() const noexcept { return values_; }
    const std::vector<std::uint32_t>& validMasks() const noexcept { return valid_; }

    // The k nearest entries, nearest first; `exclude` (an index) is skipped.
    std::vector<Neighbour> nearest(const DimVector& dims, std::uint32_t valid, std::size_t k,
                                   std::optional<std::size_t> exclude = std::nullopt) const;
    // The same distance between a query and one entry.
    float distanceTo(const DimVector& dims, std::uint32_t valid, std::size_t index) const;

  private:
    // Normalized, clipped and multiplied by sqrt(weight): a distance is a plain sum of squares.
    void project(const DimVector& dims, std::uint32_t valid, float* out) const;
    float distance(const float* q, std::uint32_t qValid, std::size_t index) const;

    Normalization norm_;
    DimVector scale_ {};
    DimVector sqrtWeight_ {};
    float fullWeight_ = 0.0f;
    std::vector<float> values_; // size() × kNumDims
    std::vector<std::uint32_t> valid_;
};

} // namespace moodscope
