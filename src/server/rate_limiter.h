// RateLimiter: a sliding one-minute window of events per key (a client address for failed sign-ins,
// a user for job submissions), so a burst past the limit is refused with how long to wait.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace borough::server {

class RateLimiter {
public:
    // At most `per_minute` events per key in any 60 s window; per_minute <= 0 disables the limit.
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

    // nullopt when the key is under its limit; otherwise the whole seconds (>= 1) until one more event
    // would be allowed (the Retry-After value). Records nothing. Thread-safe.
    [[nodiscard]] std::optional<int> blocked_for(const std::string& key, std::chrono::steady_clock::time_point now);
    // Records one event for the key. Thread-safe.
    void record(const std::string& key, std::chrono::steady_clock::time_point now);
    // blocked_for, then record when allowed, in one step. Thread-safe.
    [[nodiscard]] std::optional<int> try_acquire(const std::string& key, std::chrono::steady_clock::time_point now);

private:
    using Window = std::deque<std::chrono::steady_clock::time_point>;
    [[nodiscard]] std::optional<int> blocked_locked(Window& window, std::chrono::steady_clock::time_point now) const;
    void prune_locked(std::chrono::steady_clock::time_point now);

    int per_minute_;
    std::mutex mu_;
    std::unordered_map<std::string, Window> windows_;  // guarded by mu_
    std::size_t records_since_prune_ = 0;              // guarded by mu_
};

}  // namespace borough::server
