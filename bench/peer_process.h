// Runs a peer benchmark program (llama-bench, borough-whisper-cli-peer) through the shell and captures
// its stdout, for the benchmarks that compare borough with a peer in the same run. Header-only.
#pragma once

#include <array>
#include <cstdio>
#include <string>

namespace borough::bench {

// Runs `command` with /bin/sh and returns what it wrote to stdout; `status` gets pclose's wait status
// (-1 when the command could not be started, then the result is empty). Quoting is the caller's.
inline std::string run_capture(const std::string& command, int& status) {
    std::string out;
    std::FILE* p = ::popen(command.c_str(), "r");
    if (p == nullptr) {
        status = -1;
        return out;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
        out.append(buf.data(), n);
    }
    status = ::pclose(p);
    return out;
}

}  // namespace borough::bench
