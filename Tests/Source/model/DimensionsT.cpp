// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/Dimensions.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

using namespace moodscope;

TEST_CASE("dimension table: SPEC §4 names, group sizes and order", "[model]")
{
    // SPEC §4: frequency 7, dynamics 3, temporal 4, spectral 3, harmonic 3, variation 3, stereo 2
    const int specSizes[kNumDimGroups] { 7, 3, 4, 3, 3, 3, 2 };
    for (int g = 0; g < kNumDimGroups; ++g)
        CHECK(dimGroupSize(static_cast<DimGroup>(g)) == specSizes[g]);
    CHECK(dimName(Dim::SubBassPct) == "sub_bass_pct");
    CHECK(dimName(Dim::TempoBpm) == "tempo_bpm");
    CHECK(dimName(Dim::PhaseCorrelation) == "phase_correlation");
    CHECK(dimName(Dim::Count).empty());

    std::set<std::string> names;
    for (int i = 0; i < kNumDims; ++i)
        names.insert(std::string(dimName(static_cast<Dim>(i))));
    CHECK(names.size() == static_cast<std::size_t>(kNumDims));
}

TEST_CASE("dimension table: ranges hold the display ranges and SPEC §4's bounds", "[model]")
{
    for (int i = 0; i < kNumDims; ++i)
    {
        const auto& info = dimInfo(static_cast<Dim>(i));
        INFO(info.name);
        CHECK(info.min < info.max);
        CHECK(info.displayMin < info.displayMax);
        CHECK(info.displayDecimals >= 0);
        CHECK(info.displayFactor > 0.0f);
        CHECK(info.similarity != SimilarityGroup::Count);
    }
    // one tempo range: 40-220 when found, 0 when not
    CHECK(dimInfo(Dim::TempoBpm).min == 0.0f);
    CHECK(dimInfo(Dim::TempoBpm).max == 220.0f);
    CHECK(dimInfo(Dim::TempoBpm).displayMin == 40.0f);
    CHECK(dimInfo(Dim::ChromaEnergy).min == Approx(1.0 / 12.0));
    CHECK(dimInfo(Dim::PhaseCorrelation).min == -1.0f);
}

TEST_CASE("dimension table: normalized physical dimensions convert both ways and clip", "[model]")
{
    CHECK(dimFromPhysical(Dim::SpectralCentroid, 4000.0f) == Approx(0.5f));
    CHECK(dimFromPhysical(Dim::SpectralCentroid, 20000.0f) == 1.0f);
    CHECK(dimFromPhysical(Dim::SpectralRolloff, 2500.0f) == Approx(0.25f));
    CHECK(dimToPhysical(Dim::SpectralRolloff, 0.25f) == Approx(2500.0f));
    CHECK(dimToPhysical(Dim::TransientDensity, 0.4f) == Approx(4.0f));
    // a dimension that is its own quantity passes through, clipped to its range
    CHECK(dimFromPhysical(Dim::Lufs, -14.0f) == -14.0f);
    CHECK(dimFromPhysical(Dim::Lufs, -200.0f) == -70.0f);
    CHECK(dimToPhysical(Dim::Lufs, -14.0f) == -14.0f);
    CHECK(std::isnan(dimFromPhysical(Dim::SpectralCentroid, std::nanf(""))));
}
