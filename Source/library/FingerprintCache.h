// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/AlgorithmVersion.h"
#include "model/SlowSnapshot.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace moodscope {

class CacheError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

// One whole-file summary as the cache stores it (SPEC §8). Strings are empty when the
// engine did not compute them.
struct CachedFingerprint
{
    std::string hash; // hex SHA-256 of the decoded audio (samples, rate, channels)
    int version = kAlgorithmVersion;
    double durationSeconds = 0.0;
    double sampleRate = 0.0;
    int channels = 0;
    std::array<float, kNumDims> dims {};
    std::uint32_t dimsValid = 0;
    std::array<float, kNumMoods> mood {};
    std::uint32_t moodValid = 0;
    std::string label, state, key, mode;
    double keyStrength = std::nan("");      // NaN: not computed (or a row stored before it was kept)
    std::int64_t created = 0, accessed = 0; // ms since the Unix epoch
    std::int64_t accessCount = 0;
};

// What the pre-check compares: an unchanged (path, size, mtime) skips decoding.
struct FileStamp
{
    std::string path; // absolute, as walked
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
};

struct CacheStats
{
    std::int64_t fingerprints = 0;      // rows of the current algorithm version
    std::int64_t staleFingerprints = 0; // rows of other versions (evicted first)
    std::int64_t files = 0;             // path -> hash pre-check rows
    std::int64_t fileBytes = 0;         // main database file on disk
    std::int64_t walBytes = 0;          // write-ahead log on disk
    std::int64_t usedBytes = 0;         // pages holding data (file minus free pages)
    std::int64_t sizeCapBytes = 0;
    std::int64_t oldestAccess = 0, newestAccess = 0;
    std::int64_t totalAccesses = 0;
};

struct EvictionResult
{
    std::int64_t rowsEvicted = 0;
    std::int64_t bytesBefore = 0, bytesAfter = 0; // main file size on disk
};

// A cache entry's dimensions, for building a similarity index.
struct IndexedFingerprint
{
    std::string hash;
    std::array<float, kNumDims> dims {};
    std::uint32_t dimsValid = 0;
};

// The similarity index as persisted in the cache (Source/LibraryIndex.h gives the arrays
// their meaning). Derived data: valid only for the generation it was built at.
struct StoredIndex
{
    std::int64_t generation = 0; // the cache's generation the rows were read at
    int layout = 0;              // the writer's LibraryIndex::kLayout
    std::vector<float> scales;   // the normalization: p5 of each dimension, then p95
    std::vector<std::uint32_t> valid;
    std::vector<float> vectors; // valid.size() × kNumDims
    std::string hashes;         // each track's SHA-256 digest (32 bytes, binary), in track order
};

// The persistent fingerprint cache: SQLite in WAL mode, safe for several processes (and
// several connections in one process) at once. One FingerprintCache is one connection:
// use it from one thread at a time; give each worker thread its own.
class FingerprintCache
{
  public:
    static constexpr std::int64_t kDefaultSizeCapBytes = std::int64_t { 512 } * 1024 * 1024;

    struct Options
    {
        std::string path;           // empty = defaultPath()
        bool checkIntegrity = true; // PRAGMA quick_check at open (corrupt → moved aside)
        int busyTimeoutMs = 30000;  // how long one statement waits for another writer
        // For readers (similar, cache stats): a cache this process cannot write (a read-only
        // file, folder or mount) is opened read-only instead of failing; see readOnly().
        bool readOnlyIfNotWritable = false;
        std::function<void(const std::string&)> warn; // default: one line on stderr
    };

    // $XDG_CACHE_HOME/moodscope/cache.sqlite, else ~/.cache/moodscope/cache.sqlite
    static std::string defaultPath();

    explicit FingerprintCache(Options options); // throws CacheError when it cannot open at all
    ~FingerprintCache();
    FingerprintCache(const FingerprintCache&) = delete;
    FingerprintCache& operator=(const FingerprintCache&) = delete;

    // The layout of the tables this build reads and writes, kept in meta.schema. A cache
    // of a newer schema (a newer Moodscope) is refused rather than used or changed.
    static constexpr std::int64_t kSchemaVersion = 1;

    const std::string& path() const noexcept { return path_; }
    // Opened read-only (Options::readOnlyIfNotWritable): lookups work, the bookkeeping of a
    // query (touch, linkFile, store, storeIndex) is skipped, maintenance throws CacheError.
    bool readOnly() const noexcept { return readOnly_; }
    // Set when open found a corrupt file and moved it aside: where it went.
    const std::string& movedAsideTo() const noexcept { return movedAside_; }

    // Pre-check: the fingerprint (current version) of an unchanged file, without touching it.
    std::optional<CachedFingerprint> lookupFile(const FileStamp& file);
    // Content lookup (current version), without touching it.
    std::optional<CachedFingerprint> lookupHash(const std::string& hash);

    // Inserts or replaces a fingerprint and, when given, maps the file to it: one transaction.
    void store(const CachedFingerprint& fp, const FileStamp* file);
    // Maps a file to an already cached fingerprint and counts an access.
    void linkFile(const FileStamp& file, const std::string& hash);
    // Counts an access to each hash (LRU clock, access count): one transaction.
    void touch(const std::vector<std::string>& hashes);

    // Every fingerprint of the current version (table order), read in one snapshot with the
    // generation it belongs to.
    std::vector<IndexedFingerprint> loadAll(std::int64_t* generation = nullptr);
    // A counter that changes whenever a fingerprint is inserted, replaced or evicted (in the
    // same transaction), so derived data (the similarity index) knows when to rebuild.
    std::int64_t generation();
    // The most recently seen path holding this audio ("" if none is known).
    std::string pathOf(const std::string& hash);

    // The persisted similarity index, only when it was built at the current generation, for
    // the current algorithm version and in `layout`.
    std::optional<StoredIndex> loadIndex(int layout);
    // Persists an index unless the cache changed since index.generation (then it is already
    // stale and false is returned).
    bool storeIndex(const StoredIndex& index);

    std::optional<std::string> metaGet(const std::string& name);
    void metaSet(const std::string& name, const std::string& value);

    std::int64_t sizeCapBytes(); // stored cap, kDefaultSizeCapBytes when never set
    void setSizeCapBytes(std::int64_t bytes);
    // Evicts least-recently-used rows (other algorithm versions first) until the data fits
    // in the cap, returns the free pages to the file system and truncates the file.
    EvictionResult enforceSizeCap(std::int64_t capBytes);

    CacheStats stats();
    void clear();  // drops every row and shrinks the file
    void vacuum(); // drops rows of other versions and orphan paths, rebuilds the file compactly
    bool integrityOk(std::string* detail = nullptr);

    std::int64_t fileBytesOnDisk() const;

  private:
    void open();
    void checkSchema();
    void configure();
    void createSchema();
    void moveAside(const std::string& reason);
    void closeDb() noexcept;
    void exec(const char* sql);
    void checkpointTruncate();
    std::int64_t usedBytes();
    std::int64_t queryInt(const char* sql);
    template <typename Fn> void writeTransaction(Fn&& body);
    template <typename Fn> void readTransaction(Fn&& body);
    template <typename Container> bool readIndexBlob(const char* column, Container& out);

    Options options_;
    std::string path_;
    std::string movedAside_;
    bool readOnly_ = false;
    sqlite3_stmt* prepared(sqlite3_stmt*& slot, const char* sql);

    sqlite3* db_ = nullptr;
    // kept prepared: a re-scan runs them once per file
    sqlite3_stmt* lookupFileStmt_ = nullptr;
    sqlite3_stmt* lookupHashStmt_ = nullptr;
};

// Milliseconds since the Unix epoch (the cache's clock).
std::int64_t cacheNowMs();

} // namespace moodscope
