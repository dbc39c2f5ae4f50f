#include "core/ids.h"

#include <openssl/rand.h>

#include <vector>

#include <fmt/format.h>

#include "core/result.h"

namespace borough {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    BOROUGH_ASSERT(RAND_bytes(buf.data(), static_cast<int>(buf.size())) == 1, "RAND_bytes failed");
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char b : buf) out += fmt::format("{:02x}", b);
    return out;
}

}  // namespace borough
