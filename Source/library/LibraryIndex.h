// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "library/FingerprintCache.h"
#include "library/Similarity.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moodscope {

// The similarity index over every fingerprint of a cache, persisted in the cache so a
// one-shot `moodscope similar` reads one row instead of every fingerprint (docs/LIBRARY.md).
// Derived data, tagged with the cache's generation: whenever a fingerprint was stored or
// evicted since, the next load rebuilds it from the rows and stores it again.
// Built once, then read-only.
class LibraryIndex
{
  public:
    // Bump whenever what the stored arrays hold changes: normalization, clipping, weights,
    // projection or layout. An index of another layout is rebuilt.
    static constexpr int kLayout = 1;
    static constexpr std::size_t kDigestBytes = 32;

    // The persisted index when it belongs to the cache's current generation, else rebuilt
    // from the rows and persisted (best effort: a busy or read-only cache only costs
    // rebuilding again next time).
    static LibraryIndex load(FingerprintCache& cache);
    // Rebuilt from the rows, neither read from nor written to the persisted copy.
    static LibraryIndex build(FingerprintCache& cache);

    const SimilarityIndex& index() const noexcept { return index_; }
    std::size_t size() const noexcept { return index_.size(); }
    std::string hash(std::size_t i) const; // lower-case hex, as the cache keys it
    // Where this audio is in the index, if it is.
    std::optional<std::size_t> find(const std::string& hash) const;

    std::int64_t generation() const noexcept { return generation_; }
    bool rebuilt() const noexcept { return rebuilt_; } // false: read from the persisted copy

  private:
    LibraryIndex(SimilarityIndex index, std::string digests, std::int64_t generation, bool rebuilt);
    static std::optional<LibraryIndex> fromStored(StoredIndex stored);
    StoredIndex toStored() const;

    SimilarityIndex index_;
    std::string digests_; // kDigestBytes per track: its SHA-256, binary (half the bytes of hex)
    std::int64_t generation_ = 0;
    bool rebuilt_ = false;
};

} // namespace moodscope
