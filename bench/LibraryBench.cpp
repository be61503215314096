// SPDX-License-Identifier: GPL-3.0-or-later
// Library-scan figures for the README (SPEC §8): similarity search and cache costs at
// 50 000 synthetic fingerprints. Run: scripts/library_bench.sh
#include "library/FingerprintCache.h"
#include "library/LibraryIndex.h"
#include "library/Sha256.h"
#include "library/Similarity.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

using namespace moodscope;

namespace {
constexpr int kTracks = 50000;
constexpr std::uint32_t kAll = (1u << kNumDims) - 1u;

// Values spread like a real library's: each dimension on its own scale.
DimVector syntheticDims(std::mt19937& rng)
{
    std::normal_distribution<float> n(0.0f, 1.0f);
    DimVector v {};
    for (std::size_t d = 0; d < v.size(); ++d)
        v[d] = static_cast<float>(d + 1) * (1.0f + 0.3f * n(rng));
    return v;
}

std::string hashOf(int i)
{
    Sha256 sha;
    sha.update(&i, sizeof i);
    return sha.finishHex();
}

// The 50 000-row cache file, built once per process; the path stays for
// scripts/library_bench.sh to query through the CLI.
const std::string& benchCachePath()
{
    static const std::string path = [] {
        const char* env = std::getenv("MOODSCOPE_BENCH_CACHE");
        std::string p =
            env != nullptr ? env : (std::filesystem::temp_directory_path() / "moodscope-bench-50k.sqlite").string();
        FingerprintCache::Options o;
        o.path = p;
        FingerprintCache cache(o);
        if (cache.stats().fingerprints != kTracks)
        {
            cache.clear();
            std::mt19937 rng(5);
            for (int i = 0; i < kTracks; ++i)
            {
                CachedFingerprint fp;
                fp.hash = hashOf(i);
                fp.durationSeconds = 200.0;
                fp.sampleRate = 44100.0;
                fp.channels = 2;
                fp.dims = syntheticDims(rng);
                fp.dimsValid = kAll;
                const FileStamp stamp { "/library/artist" + std::to_string(i % 500) + "/track" + std::to_string(i) +
                                            ".flac",
                                        30000000 + i, 1700000000000000000 + i };
                cache.store(fp, &stamp);
            }
        }
        return p;
    }();
    return path;
}

struct Library
{
    std::vector<DimVector> dims;
    std::vector<std::uint32_t> valid;
    Library()
    {
        std::mt19937 rng(7);
        for (int i = 0; i < kTracks; ++i)
            dims.push_back(syntheticDims(rng));
        valid.assign(dims.size(), kAll);
    }
};

void BM_SimilarityQueryTop10(benchmark::State& state)
{
    const Library lib;
    SimilarityIndex index(computeNormalization(lib.dims, lib.valid));
    index.reserve(lib.dims.size());
    for (const auto& d : lib.dims)
        index.add(d, kAll);
    std::size_t q = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(index.nearest(lib.dims[q], kAll, 10, q));
        q = (q + 7919) % lib.dims.size();
    }
    state.counters["tracks"] = static_cast<double>(index.size());
}
BENCHMARK(BM_SimilarityQueryTop10)->Unit(benchmark::kMillisecond);

void BM_SimilarityNormalizeAndIndex(benchmark::State& state)
{
    const Library lib;
    for (auto _ : state)
    {
        SimilarityIndex index(computeNormalization(lib.dims, lib.valid));
        index.reserve(lib.dims.size());
        for (const auto& d : lib.dims)
            index.add(d, kAll);
        benchmark::DoNotOptimize(index.size());
    }
    state.counters["tracks"] = kTracks;
}
BENCHMARK(BM_SimilarityNormalizeAndIndex)->Unit(benchmark::kMillisecond);

void BM_CacheOpenWithQuickCheck(benchmark::State& state)
{
    FingerprintCache::Options o;
    o.path = benchCachePath();
    for (auto _ : state)
    {
        FingerprintCache cache(o);
        benchmark::DoNotOptimize(cache.path());
    }
    state.counters["MB"] = static_cast<double>(std::filesystem::file_size(o.path)) / 1048576.0;
}
BENCHMARK(BM_CacheOpenWithQuickCheck)->Unit(benchmark::kMillisecond);

void BM_CacheLoadAll(benchmark::State& state)
{
    FingerprintCache::Options o;
    o.path = benchCachePath();
    FingerprintCache cache(o);
    for (auto _ : state)
        benchmark::DoNotOptimize(cache.loadAll());
    state.counters["tracks"] = static_cast<double>(cache.stats().fingerprints);
}
BENCHMARK(BM_CacheLoadAll)->Unit(benchmark::kMillisecond);

// What `moodscope similar` reads when nothing changed since the last query: the one row.
void BM_LibraryIndexLoadPersisted(benchmark::State& state)
{
    FingerprintCache::Options o;
    o.path = benchCachePath();
    FingerprintCache cache(o);
    LibraryIndex::load(cache); // make sure it is persisted
    for (auto _ : state)
    {
        const LibraryIndex index = LibraryIndex::load(cache);
        if (index.rebuilt())
            state.SkipWithError("the persisted index was not used");
        benchmark::DoNotOptimize(index.size());
    }
    state.counters["tracks"] = static_cast<double>(cache.stats().fingerprints);
}
BENCHMARK(BM_LibraryIndexLoadPersisted)->Unit(benchmark::kMillisecond);

// The first query after a scan changed the cache: read every row, percentiles, project,
// store the row again.
void BM_LibraryIndexRebuildAndStore(benchmark::State& state)
{
    FingerprintCache::Options o;
    o.path = benchCachePath();
    FingerprintCache cache(o);
    const auto row = cache.lookupHash(hashOf(0));
    if (!row)
        state.SkipWithError("bench cache without row 0");
    for (auto _ : state)
    {
        state.PauseTiming();
        cache.store(*row, nullptr); // the same row again: a new generation, still 50 000 rows
        state.ResumeTiming();
        const LibraryIndex index = LibraryIndex::load(cache);
        if (!index.rebuilt())
            state.SkipWithError("a stale index was used");
        benchmark::DoNotOptimize(index.size());
    }
    state.counters["tracks"] = static_cast<double>(cache.stats().fingerprints);
}
BENCHMARK(BM_LibraryIndexRebuildAndStore)->Unit(benchmark::kMillisecond);

// The whole cost of an unchanged file in a re-scan: the (path, size, mtime) lookup and its
// share of the batched access update.
void BM_CachePrecheckHit(benchmark::State& state)
{
    FingerprintCache::Options o;
    o.path = benchCachePath();
    FingerprintCache cache(o);
    constexpr int kBatch = 256;
    std::vector<std::string> touched;
    int i = 0;
    for (auto _ : state)
    {
        const FileStamp stamp { "/library/artist" + std::to_string(i % 500) + "/track" + std::to_string(i) + ".flac",
                                30000000 + i, 1700000000000000000 + i };
        auto hit = cache.lookupFile(stamp);
        if (!hit)
            state.SkipWithError("pre-check missed");
        else
            touched.push_back(hit->hash);
        if (touched.size() == kBatch)
        {
            cache.touch(touched);
            touched.clear();
        }
        i = (i + 7919) % kTracks;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CachePrecheckHit)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
