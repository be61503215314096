// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope similar FILE`: the nearest cached tracks by the weighted distance of
// docs/LIBRARY.md.
#include "LibraryCommands.h"
#include "LibraryFingerprint.h"
#include "Similarity.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace moodscope {

namespace {
using Clock = std::chrono::steady_clock;

struct SimilarOptions
{
    std::string file;
    std::size_t top = 10;
    std::string cachePath;
    std::string format = "jsonl";
};

constexpr const char* kNormMeta = "normalization";

// The library's percentiles, recomputed only when a fingerprint was added or evicted
// since they were stored.
Normalization libraryNormalization(FingerprintCache& cache, const std::vector<IndexedFingerprint>& entries)
{
    const std::int64_t generation = cache.generation();
    if (const auto stored = cache.metaGet(kNormMeta))
    {
        const auto space = stored->find(' ');
        if (space != std::string::npos && stored->substr(0, space) == std::to_string(generation))
            if (auto n = Normalization::parse(stored->substr(space + 1)))
                return *n;
    }
    std::vector<DimVector> dims;
    std::vector<std::uint32_t> valid;
    dims.reserve(entries.size());
    valid.reserve(entries.size());
    for (const auto& e : entries)
    {
        dims.push_back(e.dims);
        valid.push_back(e.dimsValid);
    }
    const Normalization n = computeNormalization(dims, valid);
    try
    {
        cache.metaSet(kNormMeta, std::to_string(generation) + " " + n.serialize());
    }
    catch (const std::exception&)
    {
        // a busy or read-only cache only costs recomputing next time
    }
    return n;
}

int runSimilar(const SimilarOptions& opt)
{
    try
    {
        FingerprintCache::Options co;
        co.path = opt.cachePath;
        // A file that is not a database is still caught at open; the full page check is
        // left to scan and cache, so a query over a large library stays fast.
        co.checkIntegrity = false;
        FingerprintCache cache(co);
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        FileStamp stamp;
        std::string error;
        if (!statFile(opt.file, stamp, error))
        {
            std::cerr << "moodscope similar: " << opt.file << ": " << error << "\n";
            return 1;
        }
        const auto query = fingerprintThroughCache(formats, cache, stamp, EngineConfig {}, true);
        if (query.source == FingerprintSource::Failed)
        {
            std::cerr << "moodscope similar: " << opt.file << ": " << query.error << "\n";
            return 1;
        }

        const auto loadStart = Clock::now();
        const auto entries = cache.loadAll();
        const Normalization norm = libraryNormalization(cache, entries);
        SimilarityIndex index(norm);
        index.reserve(entries.size());
        std::optional<std::size_t> self;
        for (std::size_t i = 0; i < entries.size(); ++i)
        {
            index.add(entries[i].dims, entries[i].dimsValid);
            if (entries[i].hash == query.fingerprint.hash)
                self = i;
        }
        const auto queryStart = Clock::now();
        const auto nearest = index.nearest(query.fingerprint.dims, query.fingerprint.dimsValid, opt.top, self);
        const auto done = Clock::now();
        const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };

        if (opt.format == "table")
            std::printf("%4s  %8s  %s\n", "rank", "distance", "path");
        for (std::size_t r = 0; r < nearest.size(); ++r)
        {
            const auto& e = entries[nearest[r].index];
            if (opt.format == "table")
            {
                std::printf("%4zu  %8.4f  %s\n", r + 1, static_cast<double>(nearest[r].distance),
                            e.path.empty() ? e.hash.c_str() : e.path.c_str());
                continue;
            }
            nlohmann::ordered_json j;
            j["rank"] = r + 1;
            j["distance"] = nearest[r].distance;
            j["path"] = e.path;
            j["hash"] = e.hash;
            std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        }
        std::cout.flush();
        char timing[160];
        std::snprintf(timing, sizeof timing, "(query %s; load + normalize %.1f ms, search %.2f ms)",
                      query.source == FingerprintSource::Analyzed ? "analyzed" : "cached", ms(queryStart - loadStart),
                      ms(done - queryStart));
        std::cerr << "moodscope similar: " << nearest.size() << " nearest of " << index.size() - (self ? 1 : 0)
                  << " cached tracks " << timing << "\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "moodscope similar: " << e.what() << "\n";
        return 1;
    }
}
} // namespace

void addSimilarCommand(CLI::App& app, int& exitCode)
{
    auto opt = std::make_shared<SimilarOptions>();
    auto* similar = app.add_subcommand("similar", "Print the cached tracks nearest to FILE");
    similar->add_option("file", opt->file, "Audio file (fingerprinted through the cache)")->required();
    similar->add_option("--top,-k", opt->top, "How many neighbours")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    similar->add_option("--cache", opt->cachePath, "Cache database (default: $XDG_CACHE_HOME/moodscope/cache.sqlite)");
    similar->add_option("--format", opt->format, "jsonl (one object per neighbour) or table")
        ->check(CLI::IsMember({ "jsonl", "table" }))
        ->capture_default_str();
    similar->callback([opt, &exitCode] { exitCode = runSimilar(*opt); });
}

} // namespace moodscope
