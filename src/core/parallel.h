// Fork-join loops over an index range for CPU-bound work (clustering, per-answer checks): plain
// threads joined before return, no pool and no global state, so a call owns everything it starts.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace borough {

// Calls fn(i) exactly once for every i in [0, n), on up to `threads` threads (the calling thread is
// one of them), and returns when every call has returned. Indices are handed out one at a time, so
// uneven tasks balance. fn must be safe to call concurrently for different i and must not throw;
// results the caller needs in order should be written to slot i of a pre-sized vector.
template <class Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn) {
    const std::size_t workers = std::min<std::size_t>(std::max(1U, threads), n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
    };
    std::vector<std::jthread> pool;
    pool.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
}

// Calls fn(begin, end) on contiguous slices covering [0, n), one slice per thread, on up to
// `threads` threads but no more than one per `min_per_thread` items (small inputs stay on the
// calling thread). Same rules for fn as parallel_for.
template <class Fn>
void parallel_ranges(std::size_t n, unsigned threads, std::size_t min_per_thread, Fn&& fn) {
    const std::size_t by_size = std::max<std::size_t>(1, n / std::max<std::size_t>(1, min_per_thread));
    const std::size_t workers = std::min<std::size_t>(std::max(1U, threads), by_size);
    parallel_for(workers, static_cast<unsigned>(workers),
                 [&](std::size_t w) { fn(n * w / workers, n * (w + 1) / workers); });
}

}  // namespace borough
