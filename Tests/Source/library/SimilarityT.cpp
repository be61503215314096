// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/Similarity.h"

#include <catch2/catch.hpp>

#include <random>

using namespace moodscope;

namespace {
constexpr std::uint32_t kAll = (1u << kNumDims) - 1u;

std::vector<DimVector> randomLibrary(std::size_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<DimVector> out(n);
    for (auto& v : out)
        for (std::size_t d = 0; d < v.size(); ++d)
            v[d] = u(rng) * static_cast<float>(d + 1) * 10.0f - 20.0f; // every dimension its own scale
    return out;
}
} // namespace

TEST_CASE("normalization uses the 5th and 95th percentiles of each dimension", "[similarity]")
{
    std::vector<DimVector> dims(1001);
    for (std::size_t i = 0; i < dims.size(); ++i)
        for (std::size_t d = 0; d < dims[i].size(); ++d)
            dims[i][d] = static_cast<float>(i) / 10.0f + static_cast<float>(d); // 0..100, shifted by d
    std::vector<std::uint32_t> valid(dims.size(), kAll);
    auto n = computeNormalization(dims, valid);
    CHECK(n.count == 1001);
    CHECK(n.p5[0] == Approx(5.0f));
    CHECK(n.p95[0] == Approx(95.0f));
    CHECK(n.p5[24] == Approx(29.0f));
    CHECK(n.p95[24] == Approx(119.0f));

    // robust: one absurd track does not move the scale
    dims[500][0] = 1e9f;
    valid[501] &= ~1u; // and an invalid value does not count
    dims[501][0] = -1e9f;
    n = computeNormalization(dims, valid);
    CHECK(n.p5[0] == Approx(5.0f).margin(0.2));
    CHECK(n.p95[0] == Approx(95.0f).margin(0.2));

    const auto back = Normalization::parse(n.serialize());
    REQUIRE(back);
    CHECK(back->count == n.count);
    CHECK(back->p5 == n.p5);
    CHECK(back->p95 == n.p95);
    CHECK_FALSE(Normalization::parse("garbage"));
    CHECK_FALSE(Normalization::parse("3 1 2"));
}

TEST_CASE("weights: one per group, shared by its dimensions, the loudness level counts little", "[similarity]")
{
    const auto& w = dimensionWeights();
    float total = 0.0f;
    for (float x : w)
    {
        CHECK(x > 0.0f);
        total += x;
    }
    CHECK(total == Approx(5.4f));
    float bands = 0.0f;
    for (Dim d : { Dim::SubBassPct, Dim::BassPct, Dim::LowMidPct, Dim::MidPct, Dim::UpperMidPct, Dim::PresencePct,
                   Dim::AirPct, Dim::BassMidRatio })
        bands += w[static_cast<std::size_t>(d)];
    CHECK(bands == Approx(1.0f));
    CHECK(w[static_cast<std::size_t>(Dim::Lufs)] < w[static_cast<std::size_t>(Dim::SpectralCentroid)] / 2.0f);
}

TEST_CASE("nearest neighbours: a slightly perturbed track finds itself first, sorted by distance", "[similarity]")
{
    const auto lib = randomLibrary(5000, 3);
    const std::vector<std::uint32_t> valid(lib.size(), kAll);
    const auto norm = computeNormalization(lib, valid);
    SimilarityIndex index(norm);
    index.reserve(lib.size());
    for (const auto& v : lib)
        index.add(v, kAll);
    REQUIRE(index.size() == lib.size());

    std::mt19937 rng(9);
    std::normal_distribution<float> jitter(0.0f, 1.0f);
    for (std::size_t target : { std::size_t { 0 }, std::size_t { 17 }, std::size_t { 4999 } })
    {
        DimVector q = lib[target];
        for (std::size_t d = 0; d < q.size(); ++d)
            q[d] += 0.01f * (norm.p95[d] - norm.p5[d]) * jitter(rng);
        const auto top = index.nearest(q, kAll, 10);
        REQUIRE(top.size() == 10);
        CHECK(top[0].index == target);
        CHECK(top[0].distance < 0.03f);
        CHECK(top[1].distance > 4.0f * top[0].distance);
        for (std::size_t i = 1; i < top.size(); ++i)
            CHECK(top[i - 1].distance <= top[i].distance);
        CHECK(index.distanceTo(q, kAll, top[3].index) == Approx(top[3].distance));

        const auto without = index.nearest(lib[target], kAll, 3, target);
        for (const auto& nb : without)
            CHECK(nb.index != target);
    }
    CHECK(index.nearest(lib[0], kAll, 100000).size() == lib.size());
}

TEST_CASE("distance: invalid dimensions are ignored, the scale is the library spread, outliers clip", "[similarity]")
{
    std::vector<DimVector> lib(100);
    for (std::size_t i = 0; i < lib.size(); ++i)
        lib[i].fill(static_cast<float>(i)); // every dimension spans 0..99
    const auto norm = computeNormalization(lib, std::vector<std::uint32_t>(lib.size(), kAll));
    SimilarityIndex index(norm);
    DimVector a {};
    a.fill(50.0f);
    index.add(a, kAll);

    // moving every dimension by the full 5..95 % spread is a distance of 1
    DimVector b = a;
    for (auto& x : b)
        x += norm.p95[0] - norm.p5[0];
    CHECK(index.distanceTo(b, kAll, 0) == Approx(1.0f).epsilon(0.01));
    // a far-out value clips at 1.5 of the spread
    DimVector c = a;
    c.fill(1e6f);
    CHECK(index.distanceTo(c, kAll, 0) ==
          Approx(1.5f - (50.0f - norm.p5[0]) / (norm.p95[0] - norm.p5[0])).epsilon(0.01));
    // tempo far off but marked invalid in the query: no distance
    DimVector d = a;
    d[static_cast<std::size_t>(Dim::TempoBpm)] = 1000.0f;
    CHECK(index.distanceTo(d, kAll & ~(1u << static_cast<int>(Dim::TempoBpm)), 0) == Approx(0.0f).margin(1e-6));
    CHECK(index.distanceTo(d, kAll, 0) > 0.1f);
    // a NaN never becomes a NaN distance
    DimVector e = a;
    e[3] = std::numeric_limits<float>::quiet_NaN();
    CHECK(std::isfinite(index.distanceTo(e, kAll, 0)));
}
