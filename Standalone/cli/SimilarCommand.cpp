// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope similar FILE`: the nearest cached tracks by the weighted distance of
// docs/LIBRARY.md.
#include "LibraryCommands.h"
#include "LibraryFingerprint.h"
#include "library/LibraryIndex.h"
#include "util/Utf8Text.h"

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

// The query's fingerprint: a pre-check hit (the usual case: the file was scanned) needs
// no decoder, so the formats are only registered when the file must be decoded.
LibraryFileResult queryFingerprint(FingerprintCache& cache, const FileStamp& stamp)
{
    LibraryFileResult r;
    try
    {
        if (auto hit = cache.lookupFile(stamp))
        {
            r.source = FingerprintSource::Unchanged;
            r.fingerprint = std::move(*hit);
            cache.touch({ r.fingerprint.hash });
            return r;
        }
    }
    catch (const std::exception& e)
    {
        r.error = std::string("cache: ") + e.what();
        return r;
    }
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    return fingerprintThroughCache(formats, cache, stamp, EngineConfig {}, false);
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
        // A library on a read-only mount is still searched; the query is then not recorded.
        co.readOnlyIfNotWritable = true;
        FingerprintCache cache(co);
        FileStamp stamp;
        std::string error;
        if (!statFile(opt.file, stamp, error))
        {
            std::cerr << "moodscope similar: " << printable(opt.file) << ": " << printable(error) << "\n";
            return 1;
        }
        const auto query = queryFingerprint(cache, stamp);
        if (query.source == FingerprintSource::Failed)
        {
            std::cerr << "moodscope similar: " << printable(opt.file) << ": " << printable(query.error) << "\n";
            return 1;
        }

        const auto loadStart = Clock::now();
        const LibraryIndex library = LibraryIndex::load(cache);
        const auto queryStart = Clock::now();
        const auto self = library.find(query.fingerprint.hash);
        const auto nearest =
            library.index().nearest(query.fingerprint.dims, query.fingerprint.dimsValid, opt.top, self);
        const auto done = Clock::now();
        const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };

        if (opt.format == "table")
            std::printf("%4s  %8s  %s\n", "rank", "distance", "path");
        for (std::size_t r = 0; r < nearest.size(); ++r)
        {
            // Paths are looked up for the printed tracks only: the index holds none, so a
            // moved file shows where it was seen last without rebuilding anything.
            const std::string hash = library.hash(nearest[r].index);
            const std::string path = cache.pathOf(hash);
            if (opt.format == "table")
            {
                std::printf("%4zu  %8.4f  %s\n", r + 1, static_cast<double>(nearest[r].distance),
                            path.empty() ? hash.c_str() : printable(path).c_str());
                continue;
            }
            nlohmann::ordered_json j;
            j["rank"] = r + 1;
            j["distance"] = nearest[r].distance;
            j["path"] = path;
            j["hash"] = hash;
            std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        }
        std::cout.flush();
        if (!std::cout)
            return 1; // main names the write error; no summary of output that was lost
        char timing[160];
        std::snprintf(timing, sizeof timing, "(query %s; index %s %.1f ms, search %.2f ms)",
                      query.source == FingerprintSource::Analyzed ? "analyzed" : "cached",
                      library.rebuilt() ? "rebuilt" : "loaded", ms(queryStart - loadStart), ms(done - queryStart));
        std::cerr << "moodscope similar: " << nearest.size() << " nearest of " << library.size() - (self ? 1 : 0)
                  << " cached tracks " << timing << "\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "moodscope similar: " << printable(e.what()) << "\n";
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
