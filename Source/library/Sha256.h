// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace moodscope {

// Incremental SHA-256 (OpenSSL libcrypto EVP), for fingerprint-cache keys.
// One owner thread per instance.
class Sha256
{
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t bytes);
    // Lower-case hex digest (64 chars); the hasher starts over afterwards.
    std::string finishHex();

  private:
    struct Context;
    std::unique_ptr<Context> ctx_;
};

} // namespace moodscope
