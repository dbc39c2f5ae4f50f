#include "core/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <vector>

#include <fmt/format.h>

namespace borough {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    BOROUGH_ASSERT(ctx_ != nullptr, "EVP_MD_CTX_new failed");
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::update(std::string_view data) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

std::string Sha256::finish_hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md.data(), &len);
    std::string hex;
    hex.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
    return hex;
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.finish_hex();
}

Result<std::string> sha256_file_hex(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, fmt::format("cannot open {} to hash it", path.string()),
                    path.string());
    }
    Sha256 h;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto got = in.gcount();
        if (got > 0) h.update(std::string_view(buf.data(), static_cast<std::size_t>(got)));
    }
    if (in.bad()) {
        return fail(ErrorCode::Unavailable, fmt::format("read error while hashing {}", path.string()),
                    path.string());
    }
    return h.finish_hex();
}

}  // namespace borough
