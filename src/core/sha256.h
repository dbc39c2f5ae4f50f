// SHA-256 digests (OpenSSL) for content hashes: action definitions, model files, the audit chain.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace borough {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

// Streams the file in 1 MiB blocks; errors name the path.
[[nodiscard]] Result<std::string> sha256_file_hex(const std::filesystem::path& path);

// Incremental hashing for downloads. Not thread-safe.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256(Sha256&&) = delete;
    Sha256& operator=(Sha256&&) = delete;

    void update(std::string_view data);
    std::string finish_hex();

private:
    void* ctx_;  // EVP_MD_CTX*, kept opaque so OpenSSL headers stay in the .cpp
};

}  // namespace borough
