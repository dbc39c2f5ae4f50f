// Random identifiers (jobs, sessions, tokens) from the OS CSPRNG via OpenSSL.
#pragma once

#include <cstddef>
#include <string>

namespace borough {

// `bytes` random bytes as lower-case hex (so 2*bytes characters). Thread-safe.
std::string random_hex(std::size_t bytes);

// A job or record id: 16 random bytes, hex.
inline std::string new_id() { return random_hex(16); }

}  // namespace borough
