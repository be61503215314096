// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope cache stats|clear|vacuum`: look after the fingerprint cache.
#include "CliCommand.h"
#include "library/FingerprintCache.h"
#include "LibraryCommands.h"
#include "util/Utf8Text.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace moodscope {

namespace {
struct CacheOptions
{
    std::string path;
    bool json = false;
    double sizeMb = -1.0;
};

std::unique_ptr<FingerprintCache> openCache(const CacheOptions& opt, bool readOnlyIfNotWritable = false)
{
    FingerprintCache::Options co;
    co.path = opt.path;
    co.readOnlyIfNotWritable = readOnlyIfNotWritable;
    return std::make_unique<FingerprintCache>(co);
}

int runStats(const CacheOptions& opt)
{
    auto cache = openCache(opt, true);
    const auto st = cache->stats();
    nlohmann::ordered_json j;
    j["path"] = cache->path();
    j["algorithm_version"] = kAlgorithmVersion;
    j["fingerprints"] = st.fingerprints;
    j["stale_fingerprints"] = st.staleFingerprints;
    j["files"] = st.files;
    j["file_bytes"] = st.fileBytes;
    j["wal_bytes"] = st.walBytes;
    j["used_bytes"] = st.usedBytes;
    j["size_cap_bytes"] = st.sizeCapBytes;
    j["total_accesses"] = st.totalAccesses;
    j["oldest_access_ms"] = st.oldestAccess;
    j["newest_access_ms"] = st.newestAccess;
    j["integrity"] = cache->integrityOk() ? "ok" : "damaged";
    j["read_only"] = cache->readOnly();
    if (opt.json)
    {
        std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        return 0;
    }
    for (const auto& [k, v] : j.items())
        std::cout << k << ": " << (v.is_string() ? printable(v.get<std::string>()) : v.dump()) << '\n';
    return 0;
}

template <typename Fn> std::function<void()> guarded(const char* what, int& exitCode, Fn fn)
{
    return [what, &exitCode, fn] {
        try
        {
            exitCode = fn();
        }
        catch (const std::exception& e)
        {
            std::cerr << "moodscope cache " << what << ": " << printable(e.what()) << "\n";
            exitCode = 1;
        }
    };
}
} // namespace

void addCacheCommand(CLI::App& app, int& exitCode)
{
    auto opt = std::make_shared<CacheOptions>();
    auto* cache = app.add_subcommand("cache", "Fingerprint cache: stats, clear, vacuum");
    cache->require_subcommand(1);
    const char* cacheHelp = "Cache database (default: $XDG_CACHE_HOME/moodscope/cache.sqlite)";

    auto* stats = cache->add_subcommand("stats", "Rows, sizes, cap and integrity of the cache");
    stats->add_option("--cache", opt->path, cacheHelp);
    stats->add_flag("--json", opt->json, "One JSON object instead of lines");
    stats->callback(guarded("stats", exitCode, [opt] { return runStats(*opt); }));

    auto* clear = cache->add_subcommand("clear", "Delete every fingerprint and shrink the file");
    clear->add_option("--cache", opt->path, cacheHelp);
    clear->callback(guarded("clear", exitCode, [opt] {
        auto c = openCache(*opt);
        c->clear();
        std::cerr << "moodscope cache: cleared " << printable(c->path()) << " (" << c->fileBytesOnDisk() << " bytes)\n";
        return 0;
    }));

    auto* vacuum = cache->add_subcommand(
        "vacuum", "Drop rows of other algorithm versions and paths of evicted audio, apply the size cap, compact");
    vacuum->add_option("--cache", opt->path, cacheHelp);
    vacuum->add_option("--cache-size-mb", opt->sizeMb, "Set the size cap in MiB first")->check(finiteRange(0.0, 1.0e7));
    vacuum->callback(guarded("vacuum", exitCode, [opt] {
        auto c = openCache(*opt);
        if (opt->sizeMb >= 0.0)
            c->setSizeCapBytes(static_cast<std::int64_t>(opt->sizeMb * 1024.0 * 1024.0));
        const auto before = c->fileBytesOnDisk();
        c->vacuum();
        const auto eviction = c->enforceSizeCap(c->sizeCapBytes());
        std::cerr << "moodscope cache: vacuumed " << printable(c->path()) << ": " << before << " -> "
                  << c->fileBytesOnDisk() << " bytes, " << eviction.rowsEvicted << " evicted by the size cap\n";
        return 0;
    }));
}

} // namespace moodscope
