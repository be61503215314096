// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/FingerprintCache.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

namespace moodscope {

namespace fs = std::filesystem;

namespace {

// A failed SQLite call, with the result code so callers can tell busy from corrupt.
class SqlFailure : public CacheError
{
  public:
    SqlFailure(int code, const std::string& what) : CacheError(what), code_(code) {}
    int code() const noexcept { return code_; }
    bool busy() const noexcept
    {
        const int primary = code_ & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }
    bool corrupt() const noexcept
    {
        const int primary = code_ & 0xff;
        return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
    }

  private:
    int code_;
};

[[noreturn]] void fail(sqlite3* db, int rc, const char* context)
{
    throw SqlFailure(rc, std::string(context) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

class Statement
{
  public:
    Statement(sqlite3* db, const char* sql) : db_(db)
    {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK)
            fail(db, rc, sql);
    }
    // Borrows a statement kept prepared by its owner: reset, not finalized, afterwards.
    Statement(sqlite3* db, sqlite3_stmt* borrowed) : db_(db), stmt_(borrowed), owned_(false) {}
    ~Statement()
    {
        if (owned_)
            sqlite3_finalize(stmt_);
        else
        {
            sqlite3_reset(stmt_);
            sqlite3_clear_bindings(stmt_);
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v)
    {
        check(sqlite3_bind_int64(stmt_, i, v));
        return *this;
    }
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, double v)
    {
        check(sqlite3_bind_double(stmt_, i, v));
        return *this;
    }
    Statement& bind(int i, const std::string& v)
    {
        check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    // Empty strings are "not computed": stored as NULL.
    Statement& bindOptional(int i, const std::string& v)
    {
        if (v.empty())
        {
            check(sqlite3_bind_null(stmt_, i));
            return *this;
        }
        return bind(i, v);
    }
    // NaN is "not computed": stored as NULL.
    Statement& bindOptional(int i, double v)
    {
        if (std::isnan(v))
        {
            check(sqlite3_bind_null(stmt_, i));
            return *this;
        }
        return bind(i, v);
    }
    Statement& bindBlob(int i, const void* data, std::size_t bytes)
    {
        // A null pointer would bind NULL; an empty array is an empty blob.
        check(sqlite3_bind_blob(stmt_, i, data != nullptr ? data : "", static_cast<int>(bytes), SQLITE_TRANSIENT));
        return *this;
    }

    // true while there is a row
    bool step()
    {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        fail(db_, rc, sqlite3_sql(stmt_));
    }
    void run()
    {
        while (step())
        {}
        sqlite3_reset(stmt_);
    }
    void reset()
    {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    sqlite3_stmt* handle() const noexcept { return stmt_; }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const { return sqlite3_column_double(stmt_, col); }
    std::string text(int col) const
    {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
    }
    // Copies a blob of whole Ts; false (and `out` empty) for any other size.
    template <typename T> bool array(int col, std::vector<T>& out) const
    {
        const auto bytes = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col));
        const void* p = sqlite3_column_blob(stmt_, col);
        out.clear();
        if (bytes % sizeof(T) != 0 || (p == nullptr && bytes != 0))
            return false;
        out.resize(bytes / sizeof(T));
        if (bytes != 0)
            std::memcpy(out.data(), p, bytes);
        return true;
    }
    // Copies a float-array blob; a blob of the wrong size leaves `out` zeroed.
    template <std::size_t N> void floats(int col, std::array<float, N>& out) const
    {
        out.fill(0.0f);
        const void* p = sqlite3_column_blob(stmt_, col);
        if (p != nullptr && static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)) == sizeof(float) * N)
            std::memcpy(out.data(), p, sizeof(float) * N);
    }

  private:
    void check(int rc)
    {
        if (rc != SQLITE_OK)
            fail(db_, rc, "bind");
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    bool owned_ = true;
};

// Serializes open / integrity check / move-aside between processes, so two processes that
// both find a corrupt file do not move each other's fresh cache aside.
class OpenLock
{
  public:
    explicit OpenLock(const std::string& path)
    {
        fd_ = ::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ >= 0)
            while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR)
            {}
    }
    ~OpenLock()
    {
        if (fd_ >= 0)
        {
            ::flock(fd_, LOCK_UN);
            ::close(fd_);
        }
    }
    OpenLock(const OpenLock&) = delete;
    OpenLock& operator=(const OpenLock&) = delete;

  private:
    int fd_ = -1;
};

constexpr const char* kFingerprintColumns =
    "f.hash, f.version, f.duration, f.sample_rate, f.channels, f.dims, f.dims_valid, f.mood, f.mood_valid, "
    "f.label, f.state, f.key, f.mode, f.created, f.accessed, f.access_count, f.key_strength";

CachedFingerprint readFingerprint(const Statement& s)
{
    CachedFingerprint fp;
    fp.hash = s.text(0);
    fp.version = static_cast<int>(s.integer(1));
    fp.durationSeconds = s.real(2);
    fp.sampleRate = s.real(3);
    fp.channels = static_cast<int>(s.integer(4));
    s.floats(5, fp.dims);
    fp.dimsValid = static_cast<std::uint32_t>(s.integer(6));
    s.floats(7, fp.mood);
    fp.moodValid = static_cast<std::uint32_t>(s.integer(8));
    fp.label = s.text(9);
    fp.state = s.text(10);
    fp.key = s.text(11);
    fp.mode = s.text(12);
    fp.created = s.integer(13);
    fp.accessed = s.integer(14);
    fp.accessCount = s.integer(15);
    fp.keyStrength = sqlite3_column_type(s.handle(), 16) == SQLITE_NULL ? std::nan("") : s.real(16);
    return fp;
}

std::string timestampForName()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm {};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

void upsertFile(sqlite3* db, const FileStamp& file, const std::string& hash, std::int64_t now)
{
    Statement s(db, "INSERT INTO files(path, size, mtime_ns, hash, seen) VALUES(?1, ?2, ?3, ?4, ?5) "
                    "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
                    "hash = excluded.hash, seen = excluded.seen");
    s.bind(1, file.path).bind(2, file.size).bind(3, file.mtimeNs).bind(4, hash).bind(5, now).run();
}

void bumpGeneration(sqlite3* db)
{
    Statement(db, "UPDATE meta SET value = value + 1 WHERE name = 'generation'").run();
}

} // namespace

std::int64_t cacheNowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FingerprintCache::defaultPath()
{
    fs::path base;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/')
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0')
        base = fs::path(home) / ".cache";
    else
        base = fs::temp_directory_path();
    return (base / "moodscope" / "cache.sqlite").string();
}

FingerprintCache::FingerprintCache(Options options) : options_(std::move(options))
{
    path_ = options_.path.empty() ? defaultPath() : options_.path;
    if (!options_.warn)
        options_.warn = [](const std::string& m) { std::cerr << "moodscope: warning: " << m << std::endl; };
    std::error_code ec;
    const fs::path parent = fs::path(path_).parent_path();
    if (!parent.empty())
        fs::create_directories(parent, ec);
    OpenLock lock(path_);
    open();
}

FingerprintCache::~FingerprintCache()
{
    closeDb();
}

sqlite3_stmt* FingerprintCache::prepared(sqlite3_stmt*& slot, const char* sql)
{
    if (slot == nullptr)
    {
        const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot, nullptr);
        if (rc != SQLITE_OK)
        {
            slot = nullptr;
            fail(db_, rc, sql);
        }
    }
    return slot;
}

void FingerprintCache::closeDb() noexcept
{
    for (auto* slot : { &lookupFileStmt_, &lookupHashStmt_ })
    {
        sqlite3_finalize(*slot);
        *slot = nullptr;
    }
    if (db_ != nullptr)
        sqlite3_close_v2(db_);
    db_ = nullptr;
}

namespace {
// A file: URI for sqlite3_open_v2 (only '%', '?' and '#' are special in its path).
std::string fileUri(const std::string& path, const char* query)
{
    std::string uri = "file:";
    for (const char c : path)
    {
        if (c == '%' || c == '?' || c == '#')
        {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
            uri += hex;
        }
        else
            uri += c;
    }
    return uri + "?" + query;
}

// Why this process cannot change an existing cache (an errno: the file or its folder is not
// writable, or lies on a read-only mount), 0 when it can or the file does not exist yet.
// The folder matters too: SQLite keeps the write-ahead log and its index next to the file.
int cannotWrite(const std::string& path)
{
    const fs::path parent = fs::path(path).parent_path();
    const std::string folder = parent.empty() ? "." : parent.string();
    if (::access(path.c_str(), F_OK) != 0)
        return 0;
    if (::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK) != 0)
        return errno != 0 ? errno : EACCES;
    return 0;
}
} // namespace

void FingerprintCache::open()
{
    const int notWritable = cannotWrite(path_);
    if (notWritable != 0 && !options_.readOnlyIfNotWritable)
        throw CacheError("cannot write fingerprint cache " + path_ + ": " + std::strerror(notWritable) +
                         " (choose a writable one with --cache)");
    readOnly_ = notWritable != 0;
    for (int attempt = 0; attempt < 2; ++attempt)
    {
        int rc = SQLITE_OK;
        if (readOnly_)
        {
            // Without a writable folder SQLite cannot make the WAL index it needs to read a
            // WAL database unless told the file will not change while it is open.
            const bool walIndexPossible = ::access((path_ + "-shm").c_str(), F_OK) == 0;
            rc = sqlite3_open_v2(fileUri(path_, walIndexPossible ? "mode=ro" : "immutable=1").c_str(), &db_,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
        }
        else
            rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        if (rc != SQLITE_OK)
        {
            const std::string message = "cannot open fingerprint cache " + path_ + ": " +
                                        (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
            closeDb();
            throw CacheError(message);
        }
        sqlite3_busy_timeout(db_, options_.busyTimeoutMs);
        try
        {
            checkSchema();
            if (!readOnly_)
                configure();
            else
                exec("PRAGMA mmap_size = 268435456");
            if (options_.checkIntegrity)
            {
                std::string detail;
                if (!integrityOk(&detail))
                    throw SqlFailure(SQLITE_CORRUPT, "quick_check: " + detail);
            }
            if (!readOnly_)
                createSchema();
            return;
        }
        catch (const SqlFailure& e)
        {
            if (!e.corrupt() || attempt > 0 || readOnly_)
            {
                closeDb();
                throw CacheError("fingerprint cache " + path_ + ": " + e.what());
            }
            moveAside(e.what());
        }
        catch (...)
        {
            closeDb();
            throw;
        }
    }
}

void FingerprintCache::checkSchema()
{
    if (queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") == 0)
    {
        if (readOnly_)
            throw CacheError("fingerprint cache " + path_ + " is read-only and holds no Moodscope cache");
        return; // a new cache: createSchema makes it
    }
    const std::int64_t schema = queryInt("SELECT value FROM meta WHERE name = 'schema'");
    if (schema > kSchemaVersion)
        throw CacheError("fingerprint cache " + path_ + " has schema " + std::to_string(schema) +
                         ", written by a newer Moodscope (this one reads schema " + std::to_string(kSchemaVersion) +
                         "); left unchanged: use that version, or another --cache");
}

void FingerprintCache::configure()
{
    // auto_vacuum only takes effect before the first table exists; INCREMENTAL lets the
    // size cap hand freed pages back to the file system without a full VACUUM.
    exec("PRAGMA auto_vacuum = INCREMENTAL");
    Statement wal(db_, "PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.text(0) != "wal")
        throw CacheError("fingerprint cache " + path_ + ": cannot switch to WAL mode");
    // In WAL mode NORMAL never corrupts on a crash; a power cut may lose the last commits.
    exec("PRAGMA synchronous = NORMAL");
    // Reads (pre-checks, loading a library for similarity) go through the page cache of the
    // OS without a system call per page.
    exec("PRAGMA mmap_size = 268435456");
}

void FingerprintCache::createSchema()
{
    writeTransaction([this] {
        exec("CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value NOT NULL)");
        exec("INSERT OR IGNORE INTO meta(name, value) VALUES('schema', 1), ('generation', 0)");
        exec("CREATE TABLE IF NOT EXISTS fingerprints("
             "hash TEXT NOT NULL, version INTEGER NOT NULL, duration REAL NOT NULL, sample_rate REAL NOT NULL, "
             "channels INTEGER NOT NULL, dims BLOB NOT NULL, dims_valid INTEGER NOT NULL, mood BLOB NOT NULL, "
             "mood_valid INTEGER NOT NULL, label TEXT, state TEXT, key TEXT, mode TEXT, created INTEGER NOT NULL, "
             "accessed INTEGER NOT NULL, access_count INTEGER NOT NULL, key_strength REAL, "
             "PRIMARY KEY(hash, version))");
        // Caches made before key_strength was stored get the column; their rows read it as
        // NULL (not known) until the file is analyzed again.
        bool hasKeyStrength = false;
        for (Statement info(db_, "PRAGMA table_info(fingerprints)"); info.step();)
            hasKeyStrength = hasKeyStrength || info.text(1) == "key_strength";
        if (!hasKeyStrength)
            exec("ALTER TABLE fingerprints ADD COLUMN key_strength REAL");
        exec("CREATE INDEX IF NOT EXISTS fingerprints_lru ON fingerprints(accessed)");
        exec("CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, "
             "mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL, seen INTEGER NOT NULL)");
        exec("CREATE INDEX IF NOT EXISTS files_hash ON files(hash)");
        // One row: the similarity index (LibraryIndex), derived from the fingerprints at
        // `generation`, so `similar` reads one row instead of every fingerprint.
        exec("CREATE TABLE IF NOT EXISTS similarity_index(id INTEGER PRIMARY KEY CHECK(id = 1), "
             "generation INTEGER NOT NULL, version INTEGER NOT NULL, layout INTEGER NOT NULL, "
             "scales BLOB NOT NULL, valid BLOB NOT NULL, vectors BLOB NOT NULL, hashes BLOB NOT NULL)");
    });
}

void FingerprintCache::moveAside(const std::string& reason)
{
    closeDb();
    std::string target = path_ + ".corrupt-" + timestampForName();
    for (int n = 1; fs::exists(target); ++n)
        target = path_ + ".corrupt-" + timestampForName() + "-" + std::to_string(n);
    std::error_code ec;
    fs::rename(path_, target, ec);
    if (ec)
        throw CacheError("fingerprint cache " + path_ + " is corrupt (" + reason +
                         ") and cannot be moved aside: " + ec.message());
    // The old log and index belong to the old file: replaying them into a new database
    // would corrupt it again.
    if (fs::exists(path_ + "-wal"))
        fs::rename(path_ + "-wal", target + "-wal", ec);
    fs::remove(path_ + "-shm", ec);
    movedAside_ = target;
    options_.warn("fingerprint cache " + path_ + " is corrupt (" + reason + "); moved it aside to " + target +
                  " and rebuilding an empty cache");
}

void FingerprintCache::exec(const char* sql)
{
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK)
    {
        const std::string message = std::string(sql) + ": " + (error != nullptr ? error : sqlite3_errstr(rc));
        sqlite3_free(error);
        throw SqlFailure(sqlite3_extended_errcode(db_), message);
    }
}

// BEGIN IMMEDIATE takes the write lock up front (a deferred transaction that upgrades
// cannot wait in the busy handler and fails at once under WAL); busy_timeout waits for
// other writers, and the retry loop covers the cases SQLite reports busy without waiting.
// One snapshot for several statements: a writer committing between them cannot make
// the rows disagree with the generation read alongside them.
template <typename Fn> void FingerprintCache::readTransaction(Fn&& body)
{
    exec("BEGIN");
    try
    {
        body();
        exec("COMMIT");
    }
    catch (...)
    {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

template <typename Fn> void FingerprintCache::writeTransaction(Fn&& body)
{
    if (readOnly_)
        throw CacheError("fingerprint cache " + path_ + " is read-only");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(2 * options_.busyTimeoutMs);
    for (int attempt = 0;; ++attempt)
    {
        try
        {
            exec("BEGIN IMMEDIATE");
            try
            {
                body();
                exec("COMMIT");
                return;
            }
            catch (...)
            {
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
        }
        catch (const SqlFailure& e)
        {
            if (!e.busy() || std::chrono::steady_clock::now() > deadline)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5 << std::min(attempt, 6), 250)));
        }
    }
}

std::int64_t FingerprintCache::queryInt(const char* sql)
{
    Statement s(db_, sql);
    return s.step() ? s.integer(0) : 0;
}

std::optional<CachedFingerprint> FingerprintCache::lookupFile(const FileStamp& file)
{
    static const std::string sql = std::string("SELECT ") + kFingerprintColumns +
                                   " FROM files p JOIN fingerprints f ON f.hash = p.hash AND f.version = ?1 "
                                   "WHERE p.path = ?2 AND p.size = ?3 AND p.mtime_ns = ?4";
    Statement s(db_, prepared(lookupFileStmt_, sql.c_str()));
    s.bind(1, kAlgorithmVersion).bind(2, file.path).bind(3, file.size).bind(4, file.mtimeNs);
    if (!s.step())
        return std::nullopt;
    return readFingerprint(s);
}

std::optional<CachedFingerprint> FingerprintCache::lookupHash(const std::string& hash)
{
    static const std::string sql =
        std::string("SELECT ") + kFingerprintColumns + " FROM fingerprints f WHERE f.hash = ?1 AND f.version = ?2";
    Statement s(db_, prepared(lookupHashStmt_, sql.c_str()));
    s.bind(1, hash).bind(2, kAlgorithmVersion);
    if (!s.step())
        return std::nullopt;
    return readFingerprint(s);
}

void FingerprintCache::store(const CachedFingerprint& fp, const FileStamp* file)
{
    if (readOnly_)
        return;
    const std::int64_t now = cacheNowMs();
    writeTransaction([&] {
        Statement s(db_, "INSERT INTO fingerprints(hash, version, duration, sample_rate, channels, dims, dims_valid, "
                         "mood, mood_valid, label, state, key, mode, created, accessed, access_count, key_strength) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, 1, ?15) "
                         "ON CONFLICT(hash, version) DO UPDATE SET duration = excluded.duration, "
                         "sample_rate = excluded.sample_rate, channels = excluded.channels, dims = excluded.dims, "
                         "dims_valid = excluded.dims_valid, mood = excluded.mood, mood_valid = excluded.mood_valid, "
                         "label = excluded.label, state = excluded.state, key = excluded.key, mode = excluded.mode, "
                         "key_strength = excluded.key_strength, "
                         "accessed = excluded.accessed, access_count = access_count + 1");
        s.bind(1, fp.hash)
            .bind(2, fp.version)
            .bind(3, fp.durationSeconds)
            .bind(4, fp.sampleRate)
            .bind(5, fp.channels)
            .bindBlob(6, fp.dims.data(), sizeof(float) * fp.dims.size())
            .bind(7, static_cast<std::int64_t>(fp.dimsValid))
            .bindBlob(8, fp.mood.data(), sizeof(float) * fp.mood.size())
            .bind(9, static_cast<std::int64_t>(fp.moodValid))
            .bindOptional(10, fp.label)
            .bindOptional(11, fp.state)
            .bindOptional(12, fp.key)
            .bindOptional(13, fp.mode)
            .bind(14, now)
            .bindOptional(15, fp.keyStrength)
            .run();
        if (file != nullptr)
            upsertFile(db_, *file, fp.hash, now);
        bumpGeneration(db_);
    });
}

void FingerprintCache::linkFile(const FileStamp& file, const std::string& hash)
{
    if (readOnly_)
        return;
    const std::int64_t now = cacheNowMs();
    writeTransaction([&] {
        upsertFile(db_, file, hash, now);
        Statement s(db_, "UPDATE fingerprints SET accessed = ?1, access_count = access_count + 1 "
                         "WHERE hash = ?2 AND version = ?3");
        s.bind(1, now).bind(2, hash).bind(3, kAlgorithmVersion).run();
    });
}

void FingerprintCache::touch(const std::vector<std::string>& hashes)
{
    if (hashes.empty() || readOnly_)
        return;
    const std::int64_t now = cacheNowMs();
    writeTransaction([&] {
        Statement s(db_, "UPDATE fingerprints SET accessed = ?1, access_count = access_count + 1 "
                         "WHERE hash = ?2 AND version = ?3");
        for (const auto& h : hashes)
        {
            s.bind(1, now).bind(2, h).bind(3, kAlgorithmVersion);
            s.run();
            s.reset();
        }
    });
}

std::vector<IndexedFingerprint> FingerprintCache::loadAll(std::int64_t* generation)
{
    std::vector<IndexedFingerprint> out;
    readTransaction([&] {
        if (generation != nullptr)
            *generation = this->generation();
        out.reserve(static_cast<std::size_t>(queryInt("SELECT count(*) FROM fingerprints")));
        Statement s(db_, "SELECT hash, dims, dims_valid FROM fingerprints WHERE version = ?1");
        s.bind(1, kAlgorithmVersion);
        while (s.step())
        {
            IndexedFingerprint e;
            e.hash = s.text(0);
            s.floats(1, e.dims);
            e.dimsValid = static_cast<std::uint32_t>(s.integer(2));
            out.push_back(std::move(e));
        }
    });
    return out;
}

std::string FingerprintCache::pathOf(const std::string& hash)
{
    // Ties on `seen` go to the later row, as a scan of the table would meet them.
    Statement s(db_, "SELECT path FROM files WHERE hash = ?1 ORDER BY seen DESC, rowid DESC LIMIT 1");
    s.bind(1, hash);
    return s.step() ? s.text(0) : std::string();
}

// The arrays are read with incremental blob I/O straight into their vectors: a column
// read would first gather the megabytes of overflow pages into a buffer of SQLite's own.
template <typename Container> bool FingerprintCache::readIndexBlob(const char* column, Container& out)
{
    using T = typename Container::value_type;
    sqlite3_blob* blob = nullptr;
    int rc = sqlite3_blob_open(db_, "main", "similarity_index", column, 1, 0, &blob);
    if (rc != SQLITE_OK)
    {
        sqlite3_blob_close(blob);
        fail(db_, rc, "open the similarity index");
    }
    const auto bytes = static_cast<std::size_t>(sqlite3_blob_bytes(blob));
    bool ok = bytes % sizeof(T) == 0;
    if (ok)
    {
        out.resize(bytes / sizeof(T));
        rc = bytes == 0 ? SQLITE_OK : sqlite3_blob_read(blob, out.data(), static_cast<int>(bytes), 0);
    }
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK)
        fail(db_, rc, "read the similarity index");
    return ok;
}

std::optional<StoredIndex> FingerprintCache::loadIndex(int layout)
{
    std::optional<StoredIndex> out;
    readTransaction([&] {
        StoredIndex idx;
        idx.generation = generation();
        idx.layout = layout;
        {
            Statement s(db_, "SELECT scales FROM similarity_index "
                             "WHERE id = 1 AND generation = ?1 AND version = ?2 AND layout = ?3");
            s.bind(1, idx.generation).bind(2, kAlgorithmVersion).bind(3, layout);
            if (!s.step() || !s.array(0, idx.scales))
                return;
        }
        if (readIndexBlob("valid", idx.valid) && readIndexBlob("vectors", idx.vectors) &&
            readIndexBlob("hashes", idx.hashes))
            out = std::move(idx);
    });
    return out;
}

bool FingerprintCache::storeIndex(const StoredIndex& index)
{
    if (readOnly_)
        return false;
    bool stored = false;
    writeTransaction([&] {
        stored = generation() == index.generation;
        if (!stored)
            return;
        Statement s(db_, "INSERT OR REPLACE INTO similarity_index(id, generation, version, layout, scales, valid, "
                         "vectors, hashes) VALUES(1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        s.bind(1, index.generation)
            .bind(2, kAlgorithmVersion)
            .bind(3, index.layout)
            .bindBlob(4, index.scales.data(), sizeof(float) * index.scales.size())
            .bindBlob(5, index.valid.data(), sizeof(std::uint32_t) * index.valid.size())
            .bindBlob(6, index.vectors.data(), sizeof(float) * index.vectors.size())
            .bindBlob(7, index.hashes.data(), index.hashes.size())
            .run();
    });
    return stored;
}

std::int64_t FingerprintCache::generation()
{
    return queryInt("SELECT value FROM meta WHERE name = 'generation'");
}

std::optional<std::string> FingerprintCache::metaGet(const std::string& name)
{
    Statement s(db_, "SELECT value FROM meta WHERE name = ?1");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return s.text(0);
}

void FingerprintCache::metaSet(const std::string& name, const std::string& value)
{
    writeTransaction([&] {
        Statement s(db_, "INSERT INTO meta(name, value) VALUES(?1, ?2) "
                         "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
        s.bind(1, name).bind(2, value).run();
    });
}

std::int64_t FingerprintCache::sizeCapBytes()
{
    const auto v = metaGet("size_cap_bytes");
    if (!v)
        return kDefaultSizeCapBytes;
    try
    {
        return std::max<std::int64_t>(0, std::stoll(*v));
    }
    catch (const std::exception&)
    {
        return kDefaultSizeCapBytes;
    }
}

void FingerprintCache::setSizeCapBytes(std::int64_t bytes)
{
    metaSet("size_cap_bytes", std::to_string(bytes));
}

std::int64_t FingerprintCache::usedBytes()
{
    return (queryInt("PRAGMA page_count") - queryInt("PRAGMA freelist_count")) * queryInt("PRAGMA page_size");
}

std::int64_t FingerprintCache::fileBytesOnDisk() const
{
    std::error_code ec;
    const auto size = fs::file_size(path_, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

void FingerprintCache::checkpointTruncate()
{
    // Busy (a reader in another process) only delays the shrink to a later checkpoint.
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

EvictionResult FingerprintCache::enforceSizeCap(std::int64_t capBytes)
{
    EvictionResult result;
    result.bytesBefore = fileBytesOnDisk();
    // The similarity index is derived data that the next query rebuilds: it goes before
    // any fingerprint does.
    if (usedBytes() > capBytes)
        writeTransaction([this] {
            exec("DELETE FROM similarity_index");
            exec("PRAGMA incremental_vacuum");
        });
    for (int round = 0; round < 8; ++round)
    {
        const std::int64_t used = usedBytes();
        if (used <= capBytes)
            break;
        const std::int64_t rows = queryInt("SELECT count(*) FROM fingerprints");
        if (rows == 0)
            break;
        // Aim a little under the cap so the next few inserts do not evict again. Rows are
        // assumed to share the used pages evenly: on a cache of a few pages the fixed pages
        // (one root per B-tree) make this evict more than needed, on a real library it is close.
        const double target = 0.9 * static_cast<double>(capBytes);
        const auto keep =
            static_cast<std::int64_t>(std::floor(static_cast<double>(rows) * target / static_cast<double>(used)));
        const std::int64_t evict = std::max<std::int64_t>(1, rows - std::max<std::int64_t>(0, keep));
        writeTransaction([&] {
            Statement s(db_, "DELETE FROM fingerprints WHERE rowid IN (SELECT rowid FROM fingerprints "
                             "ORDER BY (version = ?1), accessed, rowid LIMIT ?2)");
            s.bind(1, kAlgorithmVersion).bind(2, evict).run();
            exec("DELETE FROM files WHERE hash NOT IN (SELECT hash FROM fingerprints)");
            bumpGeneration(db_);
            exec("PRAGMA incremental_vacuum");
        });
        result.rowsEvicted += evict;
        // Deleting rows scattered over the B-trees leaves half-empty pages; rebuild once
        // when that alone keeps the file over the cap, before evicting more.
        if (usedBytes() > capBytes)
        {
            try
            {
                exec("VACUUM");
            }
            catch (const SqlFailure&)
            {
                // another process is writing: evict a little more instead
            }
        }
    }
    checkpointTruncate();
    result.bytesAfter = fileBytesOnDisk();
    return result;
}

CacheStats FingerprintCache::stats()
{
    CacheStats st;
    const std::string v = std::to_string(kAlgorithmVersion);
    st.fingerprints = queryInt(("SELECT count(*) FROM fingerprints WHERE version = " + v).c_str());
    st.staleFingerprints = queryInt(("SELECT count(*) FROM fingerprints WHERE version <> " + v).c_str());
    st.files = queryInt("SELECT count(*) FROM files");
    st.fileBytes = fileBytesOnDisk();
    std::error_code ec;
    const auto wal = fs::file_size(path_ + "-wal", ec);
    st.walBytes = ec ? 0 : static_cast<std::int64_t>(wal);
    st.usedBytes = usedBytes();
    st.sizeCapBytes = sizeCapBytes();
    st.oldestAccess = queryInt("SELECT coalesce(min(accessed), 0) FROM fingerprints");
    st.newestAccess = queryInt("SELECT coalesce(max(accessed), 0) FROM fingerprints");
    st.totalAccesses = queryInt("SELECT coalesce(sum(access_count), 0) FROM fingerprints");
    return st;
}

void FingerprintCache::clear()
{
    writeTransaction([this] {
        exec("DELETE FROM fingerprints");
        exec("DELETE FROM files");
        exec("DELETE FROM meta WHERE name LIKE 'norm%'");
        exec("DELETE FROM similarity_index");
        bumpGeneration(db_);
    });
    exec("VACUUM");
    checkpointTruncate();
}

void FingerprintCache::vacuum()
{
    writeTransaction([this] {
        Statement s(db_, "DELETE FROM fingerprints WHERE version <> ?1");
        s.bind(1, kAlgorithmVersion).run();
        exec("DELETE FROM files WHERE hash NOT IN (SELECT hash FROM fingerprints)");
        exec("DELETE FROM similarity_index"); // stale now: rebuilt by the next query
        bumpGeneration(db_);
    });
    exec("VACUUM");
    checkpointTruncate();
}

bool FingerprintCache::integrityOk(std::string* detail)
{
    // A damaged page can yield a hundred lines of findings: the warning names the first
    // and counts the rest, on one line.
    Statement s(db_, "PRAGMA quick_check");
    std::vector<std::string> problems;
    while (s.step())
    {
        std::string row = s.text(0);
        for (std::size_t start = 0; start <= row.size();)
        {
            const std::size_t end = std::min(row.find('\n', start), row.size());
            const std::string line = row.substr(start, end - start);
            if (!line.empty() && line.rfind("***", 0) != 0)
                problems.push_back(line);
            start = end + 1;
        }
    }
    const bool ok = problems.size() == 1 && problems[0] == "ok";
    if (detail != nullptr && !ok)
    {
        *detail = problems.empty() ? "no answer" : problems[0];
        if (problems.size() > 1)
            *detail += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    }
    else if (detail != nullptr)
        *detail = "ok";
    return ok;
}

} // namespace moodscope
