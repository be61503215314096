// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/LibraryIndex.h"
#include "library/Sha256.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <unistd.h>

#include <filesystem>
#include <random>

using namespace moodscope;
namespace fs = std::filesystem;

namespace {
constexpr std::uint32_t kAll = (1u << kNumDims) - 1u;

struct TempDir
{
    fs::path dir;
    explicit TempDir(const std::string& name)
    {
        dir = fs::temp_directory_path() / ("moodscope-index-test-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~TempDir() { fs::remove_all(dir); }
    std::string file(const std::string& n) const { return (dir / n).string(); }
};

std::string hashOf(int i)
{
    Sha256 sha;
    sha.update(&i, sizeof i);
    return sha.finishHex();
}

// Each dimension on its own scale, some tracks missing a few dimensions.
CachedFingerprint randomFingerprint(int i, std::mt19937& rng)
{
    std::normal_distribution<float> n(0.0f, 1.0f);
    CachedFingerprint fp;
    fp.hash = hashOf(i);
    fp.durationSeconds = 60.0;
    fp.sampleRate = 44100.0;
    fp.channels = 2;
    for (std::size_t d = 0; d < fp.dims.size(); ++d)
        fp.dims[d] = static_cast<float>(d + 1) * (1.0f + 0.3f * n(rng));
    fp.dimsValid = i % 7 == 0 ? kAll & ~(1u << (i % kNumDims)) : kAll;
    return fp;
}

FingerprintCache::Options quiet(const std::string& path)
{
    FingerprintCache::Options o;
    o.path = path;
    o.warn = [](const std::string&) {};
    return o;
}

void fill(FingerprintCache& cache, int from, int to, std::mt19937& rng)
{
    for (int i = from; i < to; ++i)
    {
        const FileStamp stamp { "/lib/track" + std::to_string(i) + ".flac", 1000 + i, i };
        cache.store(randomFingerprint(i, rng), &stamp);
    }
}

// Same tracks, same order, same normalization, same projected values: bit for bit.
void requireSame(const LibraryIndex& a, const LibraryIndex& b)
{
    REQUIRE(a.size() == b.size());
    CHECK(a.generation() == b.generation());
    CHECK(a.index().normalization().p5 == b.index().normalization().p5);
    CHECK(a.index().normalization().p95 == b.index().normalization().p95);
    CHECK(a.index().projected() == b.index().projected());
    CHECK(a.index().validMasks() == b.index().validMasks());
    for (std::size_t i = 0; i < a.size(); ++i)
        REQUIRE(a.hash(i) == b.hash(i));
}
} // namespace

TEST_CASE("the persisted similarity index answers exactly like a fresh build", "[cache][libraryindex]")
{
    TempDir tmp("same");
    FingerprintCache cache(quiet(tmp.file("cache.sqlite")));
    std::mt19937 rng(11);
    fill(cache, 0, 600, rng);

    const LibraryIndex first = LibraryIndex::load(cache);
    CHECK(first.rebuilt()); // nothing persisted yet
    const LibraryIndex stored = LibraryIndex::load(cache);
    CHECK_FALSE(stored.rebuilt());
    const LibraryIndex fresh = LibraryIndex::build(cache);
    REQUIRE(fresh.size() == 600);
    requireSame(stored, fresh);

    // every 37th track as a query, itself excluded: same neighbours, same distances
    for (int q = 0; q < 600; q += 37)
    {
        const auto fp = cache.lookupHash(hashOf(q));
        REQUIRE(fp);
        const auto self = stored.find(fp->hash);
        REQUIRE(self);
        CHECK(stored.hash(*self) == fp->hash);
        const auto a = stored.index().nearest(fp->dims, fp->dimsValid, 10, self);
        const auto b = fresh.index().nearest(fp->dims, fp->dimsValid, 10, fresh.find(fp->hash));
        REQUIRE(a.size() == 10);
        REQUIRE(b.size() == 10);
        for (std::size_t r = 0; r < a.size(); ++r)
        {
            CHECK(a[r].index == b[r].index);
            CHECK(a[r].distance == b[r].distance);
            CHECK(a[r].index != *self);
        }
    }
    CHECK_FALSE(stored.find(hashOf(600)));
}

TEST_CASE("the similarity index is rebuilt after a store or an eviction, not after an access", "[cache][libraryindex]")
{
    TempDir tmp("rebuild");
    const auto path = tmp.file("cache.sqlite");
    FingerprintCache cache(quiet(path));
    std::mt19937 rng(12);
    fill(cache, 0, 2000, rng);
    const LibraryIndex built = LibraryIndex::load(cache);
    REQUIRE(built.rebuilt());

    // accesses and new paths for known audio change no fingerprint: the stored index stays
    cache.touch({ hashOf(3), hashOf(4) });
    cache.linkFile(FileStamp { "/lib/copy-of-3.flac", 1, 2 }, hashOf(3));
    const LibraryIndex afterAccess = LibraryIndex::load(cache);
    CHECK_FALSE(afterAccess.rebuilt());
    CHECK(afterAccess.generation() == built.generation());

    SECTION("a new fingerprint")
    {
        fill(cache, 2000, 2001, rng);
        const LibraryIndex after = LibraryIndex::load(cache);
        CHECK(after.rebuilt());
        CHECK(after.generation() != built.generation());
        CHECK(after.size() == 2001);
        CHECK(after.find(hashOf(2000)));
        requireSame(after, LibraryIndex::build(cache));
        CHECK_FALSE(LibraryIndex::load(cache).rebuilt());
    }
    SECTION("a replaced fingerprint (same audio analyzed again)")
    {
        auto fp = randomFingerprint(5, rng);
        fp.dims[0] += 100.0f;
        cache.store(fp, nullptr);
        const LibraryIndex after = LibraryIndex::load(cache);
        CHECK(after.rebuilt());
        CHECK(after.size() == 2000);
        requireSame(after, LibraryIndex::build(cache));
    }
    SECTION("an eviction")
    {
        const auto before = cache.stats();
        const auto result = cache.enforceSizeCap(before.usedBytes / 3);
        REQUIRE(result.rowsEvicted > 0);
        const LibraryIndex after = LibraryIndex::load(cache);
        CHECK(after.rebuilt());
        CHECK(after.generation() != built.generation());
        CHECK(static_cast<std::int64_t>(after.size()) == cache.stats().fingerprints);
        CHECK(after.find(hashOf(3))); // just used: kept
        CHECK_FALSE(after.find(hashOf(10)));
        requireSame(after, LibraryIndex::build(cache));
    }
    SECTION("a clear")
    {
        cache.clear();
        const LibraryIndex after = LibraryIndex::load(cache);
        CHECK(after.rebuilt());
        CHECK(after.size() == 0);
        CHECK(after.index().nearest(built.index().normalization().p5, kAll, 5).empty());
    }
    SECTION("another process storing a fingerprint")
    {
        FingerprintCache other(quiet(path));
        fill(other, 2000, 2001, rng);
        const LibraryIndex after = LibraryIndex::load(cache);
        CHECK(after.rebuilt());
        CHECK(after.size() == 2001);
    }
}

TEST_CASE("a stale or damaged persisted index is never used", "[cache][libraryindex]")
{
    TempDir tmp("damaged");
    const auto path = tmp.file("cache.sqlite");
    FingerprintCache cache(quiet(path));
    std::mt19937 rng(13);
    fill(cache, 0, 50, rng);
    const LibraryIndex built = LibraryIndex::load(cache);

    SECTION("an index of an older generation is not stored over a newer one")
    {
        StoredIndex old;
        old.generation = built.generation();
        fill(cache, 50, 51, rng);
        CHECK_FALSE(cache.storeIndex(old));
        CHECK_FALSE(cache.loadIndex(LibraryIndex::kLayout));
    }
    SECTION("another layout is rebuilt")
    {
        CHECK(cache.loadIndex(LibraryIndex::kLayout));
        CHECK_FALSE(cache.loadIndex(LibraryIndex::kLayout + 1));
    }
    SECTION("arrays that do not fit together, or a NaN, are rebuilt or neutralized")
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const bool truncate = GENERATE(true, false);
        const char* sql = truncate ? "UPDATE similarity_index SET vectors = substr(vectors, 1, 400)"
                                   : "UPDATE similarity_index SET vectors = "
                                     "x'0000c07f' || substr(vectors, 5)"; // first value NaN
        REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
        const LibraryIndex after = LibraryIndex::load(cache);
        CHECK(after.rebuilt() == truncate);
        REQUIRE(after.size() == 50);
        const auto fp = cache.lookupHash(hashOf(7));
        REQUIRE(fp);
        for (const auto& n : after.index().nearest(fp->dims, fp->dimsValid, 50))
            CHECK(std::isfinite(n.distance));
    }
}
