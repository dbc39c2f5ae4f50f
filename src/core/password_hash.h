// Password hashing for local accounts: argon2id (libargon2) in the PHC string format, with a random
// 16-byte salt, and a constant-time verify. The only file that includes <argon2.h> is password_hash.cpp.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace borough {

// OWASP's argon2id minimum: 19 MiB memory, 2 passes, 1 lane.
struct PasswordHashCost {
    unsigned memory_kib = 19 * 1024;
    unsigned passes = 2;
    unsigned lanes = 1;
};

// Passwords must be 12..256 bytes (NCSC guidance favours length over composition rules).
// InvalidInput with field "password" otherwise. Thread-safe.
[[nodiscard]] Status check_password_rules(std::string_view password);

// "$argon2id$v=19$m=19456,t=2,p=1$<salt b64>$<hash b64>". Internal when libargon2 fails. Thread-safe.
[[nodiscard]] Result<std::string> hash_password(std::string_view password, const PasswordHashCost& cost = {});

// True when `password` matches `phc` (any argon2id cost); false for a wrong password or a malformed
// hash. Takes the same time whether or not the user exists when called with a dummy hash.
[[nodiscard]] bool verify_password(std::string_view password, const std::string& phc);

// Cryptographically random bytes from the OS as URL-safe base64 without padding (secrets for cookies
// and API tokens). For hex ids use random_hex in core/ids.h. Thread-safe.
[[nodiscard]] std::string random_token(std::size_t n_bytes);

}  // namespace borough
