// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/LibraryIndex.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace moodscope {

namespace {
constexpr std::size_t kDims = static_cast<std::size_t>(kNumDims);
constexpr char kHex[] = "0123456789abcdef";

int hexValue(char c) noexcept
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Appends the binary digest of a lower-case hex SHA-256; false for anything else.
bool appendDigest(const std::string& hex, std::string& out)
{
    if (hex.size() != 2 * LibraryIndex::kDigestBytes)
        return false;
    const std::size_t at = out.size();
    for (std::size_t i = 0; i < hex.size(); i += 2)
    {
        const int hi = hexValue(hex[i]), lo = hexValue(hex[i + 1]);
        if (hi < 0 || lo < 0)
        {
            out.resize(at);
            return false;
        }
        out.push_back(static_cast<char>((hi << 4) | lo));
    }
    return true;
}
} // namespace

LibraryIndex::LibraryIndex(SimilarityIndex index, std::string digests, std::int64_t generation, bool rebuilt)
    : index_(std::move(index)), digests_(std::move(digests)), generation_(generation), rebuilt_(rebuilt)
{
    if (digests_.size() != index_.size() * kDigestBytes)
        throw std::invalid_argument("similarity index: " + std::to_string(digests_.size()) + " digest bytes for " +
                                    std::to_string(index_.size()) + " tracks");
}

std::string LibraryIndex::hash(std::size_t i) const
{
    std::string hex;
    hex.reserve(2 * kDigestBytes);
    for (std::size_t b = 0; b < kDigestBytes; ++b)
    {
        const auto byte = static_cast<unsigned char>(digests_[i * kDigestBytes + b]);
        hex.push_back(kHex[byte >> 4]);
        hex.push_back(kHex[byte & 0x0f]);
    }
    return hex;
}

std::optional<std::size_t> LibraryIndex::find(const std::string& hex) const
{
    std::string digest;
    if (!appendDigest(hex, digest))
        return std::nullopt;
    for (std::size_t i = 0; i < size(); ++i)
        if (std::memcmp(digests_.data() + i * kDigestBytes, digest.data(), kDigestBytes) == 0)
            return i;
    return std::nullopt;
}

LibraryIndex LibraryIndex::build(FingerprintCache& cache)
{
    std::int64_t generation = 0;
    const auto rows = cache.loadAll(&generation);
    std::vector<DimVector> dims;
    std::vector<std::uint32_t> valid;
    std::string digests;
    dims.reserve(rows.size());
    valid.reserve(rows.size());
    digests.reserve(rows.size() * kDigestBytes);
    for (const auto& r : rows)
    {
        // Every key the cache writes is a hex SHA-256; a row keyed otherwise was not
        // written by moodscope and cannot be a neighbour.
        if (!appendDigest(r.hash, digests))
            continue;
        dims.push_back(r.dims);
        valid.push_back(r.dimsValid);
    }
    SimilarityIndex index(computeNormalization(dims, valid));
    index.reserve(dims.size());
    for (std::size_t i = 0; i < dims.size(); ++i)
        index.add(dims[i], valid[i]);
    return LibraryIndex(std::move(index), std::move(digests), generation, true);
}

StoredIndex LibraryIndex::toStored() const
{
    StoredIndex s;
    s.generation = generation_;
    s.layout = kLayout;
    const Normalization& n = index_.normalization();
    s.scales.assign(n.p5.begin(), n.p5.end());
    s.scales.insert(s.scales.end(), n.p95.begin(), n.p95.end());
    s.valid = index_.validMasks();
    s.vectors = index_.projected();
    s.hashes = digests_;
    return s;
}

std::optional<LibraryIndex> LibraryIndex::fromStored(StoredIndex stored)
{
    if (stored.layout != kLayout || stored.scales.size() != 2 * kDims)
        return std::nullopt;
    Normalization n;
    std::copy(stored.scales.begin(), stored.scales.begin() + kNumDims, n.p5.begin());
    std::copy(stored.scales.begin() + kNumDims, stored.scales.end(), n.p95.begin());
    n.count = stored.valid.size();
    try
    {
        return LibraryIndex(SimilarityIndex(n, std::move(stored.vectors), std::move(stored.valid)),
                            std::move(stored.hashes), stored.generation, false);
    }
    catch (const std::invalid_argument&)
    {
        return std::nullopt; // arrays that do not fit together: rebuilt like a stale index
    }
}

LibraryIndex LibraryIndex::load(FingerprintCache& cache)
{
    if (auto stored = cache.loadIndex(kLayout))
        if (auto index = fromStored(std::move(*stored)))
            return std::move(*index);
    LibraryIndex index = build(cache);
    try
    {
        cache.storeIndex(index.toStored());
    }
    catch (const std::exception&)
    {
        // a busy or read-only cache only costs rebuilding next time
    }
    return index;
}

} // namespace moodscope
