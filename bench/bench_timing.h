// Timing shared by the benchmark programs: seconds since a steady-clock start, and the median of the
// figures from several rounds. Header-only, std only (whisper_cli_peer.cpp links nothing of ours).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace borough::bench {

using SteadyClock = std::chrono::steady_clock;

[[nodiscard]] inline double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The middle value, or the mean of the two middle values for an even count; 0 for none.
[[nodiscard]] inline double median(std::vector<double> values) {
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace borough::bench
