// Small helpers shared by the libFuzzer targets of this module (header-only, so each fuzzer's own
// source list needs nothing more).
#pragma once

#include <cstddef>
#include <string_view>

namespace borough::io::fuzz {

// Lines as a reader numbers them: LF, CRLF and a lone CR each end one; an empty input is one line.
inline std::size_t physical_lines(std::string_view bytes) {
    std::size_t lines = 1;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n'))) {
            ++lines;
        }
    }
    return lines;
}

}  // namespace borough::io::fuzz
