// What llama.cpp reports about this machine's CPU backend (SIMD features, threads), for
// `borough version` and benchmark reports. No llama.cpp types leave this header.
#pragma once

#include <string>

namespace borough::engine::llama {

// One line, e.g. "CPU : SSE3 = 1 | AVX2 = 1 | ... |". Thread-safe.
std::string system_info();

}  // namespace borough::engine::llama
