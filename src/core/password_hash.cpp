#include "core/password_hash.h"

#include <argon2.h>
#include <fmt/format.h>
#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <vector>

namespace borough {
namespace {

constexpr std::size_t kMinPasswordBytes = 12;
constexpr std::size_t kMaxPasswordBytes = 256;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// Fills `out` from getrandom(2), which blocks only until the kernel pool is first seeded. A CSPRNG
// that fails is not something a caller can handle, so it is an invariant (ENOSYS needs Linux < 3.17).
void fill_random(unsigned char* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t got = getrandom(out + done, n - done, 0);
        if (got < 0) {
            BOROUGH_ASSERT(errno == EINTR, "getrandom(2) failed");
            continue;
        }
        done += static_cast<std::size_t>(got);
    }
}

}  // namespace

Status check_password_rules(std::string_view password) {
    if (password.size() < kMinPasswordBytes) {
        return fail(
            ErrorCode::InvalidInput,
            fmt::format("password must be at least {} characters long (got {})", kMinPasswordBytes, password.size()),
            "password");
    }
    if (password.size() > kMaxPasswordBytes) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("password must be at most {} bytes long (got {})", kMaxPasswordBytes, password.size()),
                    "password");
    }
    return {};
}

Result<std::string> hash_password(std::string_view password, const PasswordHashCost& cost) {
    std::array<unsigned char, kSaltBytes> salt{};
    fill_random(salt.data(), salt.size());
    std::array<unsigned char, kHashBytes> raw{};
    const std::size_t encoded_len =
        argon2_encodedlen(cost.passes, cost.memory_kib, cost.lanes, kSaltBytes, kHashBytes, Argon2_id);
    std::vector<char> encoded(encoded_len);
    const int rc =
        argon2_hash(cost.passes, cost.memory_kib, cost.lanes, password.data(), password.size(), salt.data(),
                    salt.size(), raw.data(), raw.size(), encoded.data(), encoded.size(), Argon2_id, ARGON2_VERSION_13);
    if (rc != ARGON2_OK) {
        // The message names the cost, never the password.
        return fail(ErrorCode::Internal,
                    fmt::format("argon2id hashing failed (m={} KiB, t={}, p={}): {}", cost.memory_kib, cost.passes,
                                cost.lanes, argon2_error_message(rc)),
                    "password_hash");
    }
    // argon2_encodedlen counts the terminating NUL.
    return std::string(encoded.data());
}

bool verify_password(std::string_view password, const std::string& phc) {
    // Only argon2id is accepted: a stored argon2i/argon2d string is treated as malformed.
    if (phc.compare(0, kArgon2idPrefix.size(), kArgon2idPrefix) != 0) return false;
    // argon2id_verify recomputes with the cost in `phc` and compares in constant time; malformed
    // strings come back as ARGON2_DECODING_FAIL (or another error), never a match.
    return argon2id_verify(phc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string random_token(std::size_t n_bytes) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::vector<unsigned char> bytes(n_bytes);
    fill_random(bytes.data(), bytes.size());
    // Unpadded base64url (RFC 4648 section 5): safe in cookies, headers and URLs as is.
    std::string out;
    out.reserve((n_bytes * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= n_bytes; i += 3) {
        const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (const std::size_t rest = n_bytes - i; rest > 0) {
        std::uint32_t v = std::uint32_t{bytes[i]} << 16;
        if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        if (rest == 2) out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

}  // namespace borough
