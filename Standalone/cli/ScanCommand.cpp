// SPDX-License-Identifier: GPL-3.0-or-later
// `moodscope scan DIR`: fingerprint a library through the persistent cache (SPEC §8).
#include "CliCommand.h"
#include "AudioFileList.h"
#include "LibraryCommands.h"
#include "LibraryExport.h"
#include "ProgressBar.h"
#include "LibraryFingerprint.h"
#include "library/LibraryIndex.h"
#include "util/Utf8Text.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

namespace moodscope {

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct ScanOptions
{
    std::string dir;
    unsigned jobs = 0;
    std::vector<std::string> exportSpec; // {format, file}
    std::string cachePath;
    double cacheSizeMb = -1.0;
};

// Every audio file under dir, sorted; folders that cannot be listed are reported.
std::vector<std::string> walk(const std::string& dir, std::vector<std::string>& problems)
{
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec)
    {
        problems.push_back(dir + ": " + ec.message());
        return files;
    }
    for (; it != end; it.increment(ec))
    {
        if (ec)
        {
            problems.push_back(it->path().string() + ": " + ec.message());
            break;
        }
        std::error_code typeEc;
        if (it->is_directory(typeEc) || !hasAudioFileExtension(it->path().string()))
            continue;
        files.push_back(fs::absolute(it->path()).lexically_normal().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

FingerprintCache::Options cacheOptions(const std::string& path, bool checkIntegrity)
{
    FingerprintCache::Options o;
    o.path = path;
    o.checkIntegrity = checkIntegrity;
    return o;
}

// The scan that changed the cache rebuilds the persisted similarity index, so the first
// `similar` afterwards reads it instead of paying the rebuild (docs/LIBRARY.md). If the index
// pushes the cache over its size cap, the cap drops it again and the next query rebuilds it.
void refreshSimilarityIndex(FingerprintCache& cache, std::int64_t generationBefore)
{
    try
    {
        if (cache.generation() == generationBefore)
            return;
        LibraryIndex::load(cache);
        cache.enforceSizeCap(cache.sizeCapBytes());
    }
    catch (const std::exception& e)
    {
        std::cerr << "moodscope scan: warning: similarity index not stored: " << printable(e.what()) << "\n";
    }
}

int runScan(const ScanOptions& opt)
{
    const auto started = Clock::now();
    std::ofstream exportStream;
    bool csv = false;
    if (!opt.exportSpec.empty())
    {
        csv = opt.exportSpec[0] == "csv";
        exportStream.open(opt.exportSpec[1], std::ios::out | std::ios::trunc);
        if (!exportStream)
        {
            std::cerr << "moodscope scan: cannot write " << printable(opt.exportSpec[1]) << "\n";
            return 1;
        }
    }

    std::unique_ptr<FingerprintCache> cache;
    std::int64_t generationBefore = 0;
    try
    {
        cache = std::make_unique<FingerprintCache>(cacheOptions(opt.cachePath, true));
        if (opt.cacheSizeMb >= 0.0)
            cache->setSizeCapBytes(static_cast<std::int64_t>(opt.cacheSizeMb * 1024.0 * 1024.0));
        generationBefore = cache->generation();
    }
    catch (const std::exception& e)
    {
        std::cerr << "moodscope scan: " << printable(e.what()) << "\n";
        return 1;
    }

    std::vector<std::string> walkProblems;
    const auto files = walk(opt.dir, walkProblems);
    std::vector<LibraryFileResult> results(files.size());
    std::vector<FileStamp> stamps(files.size());
    std::vector<std::size_t> misses;

    // Pre-check on this thread: an unchanged file costs one indexed lookup, no decoding.
    std::vector<std::string> touched;
    for (std::size_t i = 0; i < files.size(); ++i)
    {
        auto& r = results[i];
        if (!statFile(files[i], stamps[i], r.error))
            continue;
        try
        {
            if (auto hit = cache->lookupFile(stamps[i]))
            {
                r.source = FingerprintSource::Unchanged;
                r.fingerprint = std::move(*hit);
                touched.push_back(r.fingerprint.hash);
                continue;
            }
        }
        catch (const std::exception& e)
        {
            r.error = std::string("cache: ") + e.what();
            continue;
        }
        misses.push_back(i);
    }
    try
    {
        cache->touch(touched);
    }
    catch (const std::exception& e)
    {
        std::cerr << "moodscope scan: warning: could not record cache accesses: " << printable(e.what()) << "\n";
    }

    // Workers: each its own decoder set, Analyzer and cache connection; the main thread
    // only draws progress.
    const unsigned jobs = static_cast<unsigned>(std::max<std::size_t>(
        1, std::min<std::size_t>(misses.size(),
                                 opt.jobs > 0 ? opt.jobs : std::max(1u, std::thread::hardware_concurrency()))));
    std::atomic<std::size_t> next { 0 }, finished { 0 };
    std::mutex finishedMutex;
    std::condition_variable finishedChanged;
    std::vector<std::thread> workers;
    for (unsigned w = 0; w < jobs && !misses.empty(); ++w)
        workers.emplace_back([&] {
            juce::AudioFormatManager formats;
            formats.registerBasicFormats();
            const EngineConfig config;
            std::unique_ptr<FingerprintCache> mine;
            std::string openError;
            try
            {
                mine = std::make_unique<FingerprintCache>(cacheOptions(cache->path(), false));
            }
            catch (const std::exception& e)
            {
                openError = std::string("cache: ") + e.what();
            }
            for (std::size_t k = next++; k < misses.size(); k = next++)
            {
                const std::size_t i = misses[k];
                if (mine == nullptr)
                    results[i].error = openError;
                else
                    results[i] = fingerprintThroughCache(formats, *mine, stamps[i], config, false);
                {
                    const std::lock_guard<std::mutex> lock(finishedMutex);
                    ++finished;
                }
                finishedChanged.notify_one();
            }
        });

    ProgressBar bar(static_cast<int>(files.size()));
    const std::size_t precounted = files.size() - misses.size();
    while (finished.load() < misses.size())
    {
        {
            std::unique_lock<std::mutex> lock(finishedMutex);
            finishedChanged.wait_for(lock, std::chrono::milliseconds(150),
                                     [&] { return finished.load() >= misses.size(); });
        }
        bar.update(static_cast<int>(precounted + finished.load()), -1.0, -1.0);
    }
    for (auto& t : workers)
        t.join();
    bar.clear();

    // Size cap: least-recently-used rows go, and the file gives the space back.
    try
    {
        const auto eviction = cache->enforceSizeCap(cache->sizeCapBytes());
        if (eviction.rowsEvicted > 0)
            std::cerr << "moodscope scan: cache over its size cap: evicted " << eviction.rowsEvicted
                      << " least-recently-used fingerprints (file " << eviction.bytesBefore << " -> "
                      << eviction.bytesAfter << " bytes)\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "moodscope scan: warning: size cap: " << printable(e.what()) << "\n";
    }
    refreshSimilarityIndex(*cache, generationBefore);

    std::size_t analyzed = 0, unchanged = 0, sameAudio = 0, failed = walkProblems.size(), decoded = 0;
    for (const auto& r : results)
    {
        decoded += r.decoded ? 1 : 0;
        switch (r.source)
        {
        case FingerprintSource::Analyzed:
            ++analyzed;
            break;
        case FingerprintSource::Unchanged:
            ++unchanged;
            break;
        case FingerprintSource::SameAudio:
            ++sameAudio;
            break;
        case FingerprintSource::Failed:
            ++failed;
            break;
        }
    }
    if (exportStream.is_open())
    {
        if (csv)
            exportStream << libraryCsvHeader() << '\n';
        for (std::size_t i = 0; i < files.size(); ++i)
            exportStream << (csv ? libraryCsvRow(files[i], results[i]) : libraryJsonLine(files[i], results[i])) << '\n';
        exportStream.flush();
        if (!exportStream)
        {
            std::cerr << "moodscope scan: error writing " << printable(opt.exportSpec[1]) << "\n";
            ++failed;
        }
    }

    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    for (const auto& p : walkProblems)
        std::cerr << "moodscope scan: failed: " << printable(p) << "\n";
    for (std::size_t i = 0; i < files.size(); ++i)
        if (results[i].source == FingerprintSource::Failed)
            std::cerr << "moodscope scan: failed: " << printable(files[i]) << ": " << printable(results[i].error)
                      << "\n";
    char timing[96];
    std::snprintf(timing, sizeof timing, "%.2f s, %.1f files/s", seconds,
                  seconds > 0 ? static_cast<double>(files.size()) / seconds : 0.0);
    std::cerr << "moodscope scan: " << files.size() << " files: " << analyzed << " analyzed, "
              << (unchanged + sameAudio) << " cached (" << unchanged << " unchanged, " << sameAudio << " same audio), "
              << failed << " failed; " << decoded << " decoded; " << jobs << " jobs; " << timing << "\n";
    return failed == 0 ? 0 : 1;
}
} // namespace

void addScanCommand(CLI::App& app, int& exitCode)
{
    auto opt = std::make_shared<ScanOptions>();
    auto* scan = app.add_subcommand("scan", "Fingerprint every audio file under DIR through the persistent cache");
    scan->add_option("dir", opt->dir, "Folder to scan recursively (" + audioFileExtensionList() + ")")
        ->required()
        ->check(CLI::ExistingDirectory);
    scan->add_option("--jobs,-j", opt->jobs, "Worker threads (default: hardware threads)")
        ->check(CLI::Range(1u, 1024u));
    scan->add_option("--export", opt->exportSpec, "Write one row per file: --export jsonl|csv FILE")->expected(2);
    scan->add_option("--cache", opt->cachePath, "Cache database (default: $XDG_CACHE_HOME/moodscope/cache.sqlite)");
    scan->add_option("--cache-size-mb", opt->cacheSizeMb,
                     "Size cap of the cache in MiB (remembered in the cache; default 512)")
        ->check(finiteRange(0.0, 1.0e7));
    scan->callback([opt, &exitCode] {
        if (!opt->exportSpec.empty() && opt->exportSpec[0] != "jsonl" && opt->exportSpec[0] != "csv")
            throw CLI::ValidationError("--export", "format must be jsonl or csv, got " + opt->exportSpec[0]);
        exitCode = runScan(*opt);
    });
}

} // namespace moodscope
