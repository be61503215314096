// SPDX-License-Identifier: GPL-3.0-or-later
#include "library/Sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace moodscope {

struct Sha256::Context
{
    EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() : ctx_(std::make_unique<Context>())
{
    ctx_->md = EVP_MD_CTX_new();
    if (ctx_->md == nullptr || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: cannot initialise OpenSSL digest");
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(ctx_->md);
}

void Sha256::update(const void* data, std::size_t bytes)
{
    if (bytes > 0 && EVP_DigestUpdate(ctx_->md, data, bytes) != 1)
        throw std::runtime_error("SHA-256: digest update failed");
}

std::string Sha256::finishHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx_->md, digest, &length) != 1 || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: digest final failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i)
    {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    return hex;
}

} // namespace moodscope
