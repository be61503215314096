// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/FingerprintCache.h"
#include "library/Sha256.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

using namespace moodscope;
namespace fs = std::filesystem;

namespace {
// A fresh directory per test under the system temp dir, removed afterwards.
struct TempDir
{
    fs::path dir;
    explicit TempDir(const std::string& name)
    {
        dir = fs::temp_directory_path() / ("moodscope-cache-test-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~TempDir() { fs::remove_all(dir); }
    std::string file(const std::string& name) const { return (dir / name).string(); }
};

CachedFingerprint makeFingerprint(int i)
{
    Sha256 sha;
    sha.update(&i, sizeof i);
    CachedFingerprint fp;
    fp.hash = sha.finishHex();
    fp.durationSeconds = 10.0 + i;
    fp.sampleRate = 44100.0;
    fp.channels = 2;
    for (std::size_t d = 0; d < fp.dims.size(); ++d)
        fp.dims[d] = static_cast<float>(i) + static_cast<float>(d) * 0.01f;
    fp.dimsValid = (1u << kNumDims) - 1u;
    fp.mood[0] = 0.25f;
    fp.moodValid = 1u;
    fp.label = "calm dark";
    return fp;
}

FingerprintCache::Options quiet(const std::string& path, std::vector<std::string>* warnings = nullptr)
{
    FingerprintCache::Options o;
    o.path = path;
    o.warn = [warnings](const std::string& m) {
        if (warnings != nullptr)
            warnings->push_back(m);
    };
    return o;
}

std::string pragma(const std::string& path, const char* sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW)
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}
} // namespace

TEST_CASE("SHA-256 of the FIPS 180-2 'abc' vector", "[cache]")
{
    Sha256 sha;
    sha.update("abc", 3);
    CHECK(sha.finishHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha.update("", 0);
    CHECK(sha.finishHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("a new cache is in WAL mode with incremental auto-vacuum", "[cache]")
{
    TempDir tmp("pragmas");
    const auto path = tmp.file("cache.sqlite");
    {
        FingerprintCache cache(quiet(path));
        CHECK(pragma(path, "PRAGMA journal_mode") == "wal");
        CHECK(pragma(path, "PRAGMA auto_vacuum") == "2");
    }
}

TEST_CASE("the default cache lives under $XDG_CACHE_HOME/moodscope", "[cache]")
{
    TempDir tmp("xdg");
    const char* oldXdg = std::getenv("XDG_CACHE_HOME");
    ::setenv("XDG_CACHE_HOME", tmp.dir.c_str(), 1);
    CHECK(FingerprintCache::defaultPath() == (tmp.dir / "moodscope" / "cache.sqlite").string());
    if (oldXdg != nullptr)
        ::setenv("XDG_CACHE_HOME", oldXdg, 1);
    else
        ::unsetenv("XDG_CACHE_HOME");
}

TEST_CASE("store, then look up by unchanged file stamp and by content hash", "[cache]")
{
    TempDir tmp("lookup");
    FingerprintCache cache(quiet(tmp.file("cache.sqlite")));
    const auto fp = makeFingerprint(7);
    const FileStamp stamp { "/music/a.flac", 123456, 1700000000123456789 };
    CHECK_FALSE(cache.lookupFile(stamp));
    cache.store(fp, &stamp);

    const auto hit = cache.lookupFile(stamp);
    REQUIRE(hit);
    CHECK(hit->hash == fp.hash);
    CHECK(hit->version == kAlgorithmVersion);
    CHECK(hit->dims == fp.dims);
    CHECK(hit->dimsValid == fp.dimsValid);
    CHECK(hit->mood[0] == 0.25f);
    CHECK(hit->label == "calm dark");
    CHECK(hit->state.empty()); // not computed → stored as NULL → empty
    CHECK(hit->durationSeconds == 17.0);
    CHECK(hit->accessCount == 1);

    // a different size or mtime is a miss: the file must be decoded again
    CHECK_FALSE(cache.lookupFile({ stamp.path, stamp.size + 1, stamp.mtimeNs }));
    CHECK_FALSE(cache.lookupFile({ stamp.path, stamp.size, stamp.mtimeNs + 1 }));
    CHECK(cache.lookupHash(fp.hash));
    CHECK_FALSE(cache.lookupHash(makeFingerprint(8).hash));

    // a copy of the same audio elsewhere links to the same row and counts as an access
    cache.linkFile({ "/music/copy.flac", 99, 5 }, fp.hash);
    CHECK(cache.lookupFile({ "/music/copy.flac", 99, 5 })->accessCount == 2);
    const auto st = cache.stats();
    CHECK(st.fingerprints == 1);
    CHECK(st.files == 2);
}

TEST_CASE("a garbage cache file is moved aside with a warning and rebuilt", "[cache]")
{
    TempDir tmp("garbage");
    const auto path = tmp.file("cache.sqlite");
    {
        std::ofstream out(path, std::ios::binary);
        std::mt19937 rng(1);
        for (int i = 0; i < 100000; ++i)
            out.put(static_cast<char>(rng() & 0xff));
    }
    std::vector<std::string> warnings;
    FingerprintCache cache(quiet(path, &warnings));
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("corrupt") != std::string::npos);
    REQUIRE_FALSE(cache.movedAsideTo().empty());
    CHECK(fs::file_size(cache.movedAsideTo()) == 100000);
    CHECK(cache.movedAsideTo().find(".corrupt-") != std::string::npos);
    const FileStamp stamp { "/x.wav", 1, 1 };
    cache.store(makeFingerprint(1), &stamp);
    CHECK(cache.lookupFile(stamp));
    CHECK(cache.integrityOk());
}

TEST_CASE("a database with a damaged page fails the check at open and is rebuilt", "[cache]")
{
    TempDir tmp("damaged");
    const auto path = tmp.file("cache.sqlite");
    {
        FingerprintCache cache(quiet(path));
        for (int i = 0; i < 600; ++i)
            cache.store(makeFingerprint(i), nullptr);
    }
    const auto size = fs::file_size(path);
    REQUIRE(size > 16 * 4096);
    {
        // scribble over a few pages in the middle, past the header and schema
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size / 2));
        for (int i = 0; i < 3 * 4096; ++i)
            f.put(static_cast<char>(0x5a));
    }
    std::vector<std::string> warnings;
    FingerprintCache cache(quiet(path, &warnings));
    REQUIRE(warnings.size() == 1);
    CHECK_FALSE(cache.movedAsideTo().empty());
    CHECK(cache.stats().fingerprints == 0);
    CHECK(cache.integrityOk());
}

TEST_CASE("the size cap evicts least-recently-used rows and the file shrinks", "[cache]")
{
    TempDir tmp("evict");
    const auto path = tmp.file("cache.sqlite");
    FingerprintCache cache(quiet(path));
    constexpr int kRows = 4000;
    for (int i = 0; i < kRows; ++i)
    {
        const FileStamp stamp { "/lib/track" + std::to_string(i) + ".flac", i, i };
        cache.store(makeFingerprint(i), &stamp);
    }
    // rows 0..99 are the oldest inserted but are used again now: they must survive
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::vector<std::string> recent;
    for (int i = 0; i < 100; ++i)
        recent.push_back(makeFingerprint(i).hash);
    cache.touch(recent);

    const auto before = cache.stats();
    REQUIRE(before.fingerprints == kRows);
    const std::int64_t cap = before.usedBytes / 4;
    const auto result = cache.enforceSizeCap(cap);
    const auto after = cache.stats();

    CHECK(result.rowsEvicted > kRows / 2);
    CHECK(after.fingerprints == kRows - result.rowsEvicted);
    CHECK(after.fingerprints > 100);
    CHECK(result.bytesAfter < result.bytesBefore);
    CHECK(result.bytesAfter <= cap);
    CHECK(static_cast<std::int64_t>(fs::file_size(path)) == result.bytesAfter);
    for (int i = 0; i < 100; ++i)
        CHECK(cache.lookupHash(makeFingerprint(i).hash));
    // the next-oldest (inserted right after the touched ones, never used again) are gone,
    // the newest stay
    CHECK_FALSE(cache.lookupHash(makeFingerprint(100).hash));
    CHECK_FALSE(cache.lookupHash(makeFingerprint(kRows / 2).hash));
    CHECK(cache.lookupHash(makeFingerprint(kRows - 1).hash));
    CHECK(after.files == after.fingerprints); // evicted rows take their paths along
    CHECK(cache.integrityOk());
}

TEST_CASE("several connections on several threads write at once without busy failures or duplicates", "[cache]")
{
    TempDir tmp("concurrent");
    const auto path = tmp.file("cache.sqlite");
    {
        FingerprintCache init(quiet(path));
    }
    constexpr int kThreads = 4, kEach = 150;
    std::vector<std::thread> threads;
    std::vector<std::string> errors(kThreads);
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            try
            {
                FingerprintCache cache(quiet(path));
                // every thread writes rows 0..kEach-1 (overlapping) plus its own
                for (int i = 0; i < kEach; ++i)
                {
                    const FileStamp shared { "/shared/" + std::to_string(i), i, i };
                    cache.store(makeFingerprint(i), &shared);
                    const FileStamp own { "/own/" + std::to_string(t) + "/" + std::to_string(i), i, i };
                    cache.store(makeFingerprint(1000 * (t + 1) + i), &own);
                }
            }
            catch (const std::exception& e)
            {
                errors[static_cast<std::size_t>(t)] = e.what();
            }
        });
    for (auto& th : threads)
        th.join();
    for (const auto& e : errors)
        CHECK(e.empty());
    FingerprintCache cache(quiet(path));
    const auto st = cache.stats();
    CHECK(st.fingerprints == kEach + kThreads * kEach);
    CHECK(st.files == kEach + kThreads * kEach);
    CHECK(cache.lookupHash(makeFingerprint(3).hash)->accessCount == kThreads);
}

TEST_CASE("the generation counter moves with every stored or evicted fingerprint", "[cache]")
{
    TempDir tmp("generation");
    FingerprintCache cache(quiet(tmp.file("cache.sqlite")));
    const auto g0 = cache.generation();
    cache.store(makeFingerprint(1), nullptr);
    const auto g1 = cache.generation();
    CHECK(g1 > g0);
    cache.touch({ makeFingerprint(1).hash });
    CHECK(cache.generation() == g1); // an access does not change any fingerprint
    cache.metaSet("norm", "x");
    CHECK(cache.metaGet("norm") == std::optional<std::string>("x"));
    cache.clear();
    CHECK(cache.generation() > g1);
    CHECK(cache.stats().fingerprints == 0);
    CHECK_FALSE(cache.metaGet("norm"));
}
