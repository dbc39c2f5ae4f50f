#include "server/rate_limiter.h"

#include <algorithm>

namespace borough::server {

namespace {
constexpr std::chrono::seconds kWindow{60};
// Keys with no event in the window are dropped every this many records, so a scan of many client
// addresses cannot grow the map without bound.
constexpr std::size_t kPruneEvery = 4096;
}  // namespace

std::optional<int> RateLimiter::blocked_locked(Window& window, std::chrono::steady_clock::time_point now) const {
    while (!window.empty() && now - window.front() >= kWindow) window.pop_front();
    if (per_minute_ <= 0 || window.size() < static_cast<std::size_t>(per_minute_)) return std::nullopt;
    const auto wait = kWindow - (now - window.front());
    const auto secs = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return static_cast<int>(std::max<decltype(secs)>(1, secs));
}

std::optional<int> RateLimiter::blocked_for(const std::string& key, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    auto it = windows_.find(key);
    if (it == windows_.end()) return std::nullopt;
    return blocked_locked(it->second, now);
}

void RateLimiter::record(const std::string& key, std::chrono::steady_clock::time_point now) {
    if (per_minute_ <= 0) return;
    std::lock_guard lock(mu_);
    Window& window = windows_[key];
    window.push_back(now);
    // Only the newest per_minute_ events matter for the limit.
    while (window.size() > static_cast<std::size_t>(per_minute_)) window.pop_front();
    if (++records_since_prune_ >= kPruneEvery) prune_locked(now);
}

std::optional<int> RateLimiter::try_acquire(const std::string& key, std::chrono::steady_clock::time_point now) {
    if (per_minute_ <= 0) return std::nullopt;
    std::lock_guard lock(mu_);
    Window& window = windows_[key];
    if (auto wait = blocked_locked(window, now)) return wait;
    window.push_back(now);
    if (++records_since_prune_ >= kPruneEvery) prune_locked(now);
    return std::nullopt;
}

void RateLimiter::prune_locked(std::chrono::steady_clock::time_point now) {
    records_since_prune_ = 0;
    std::erase_if(windows_,
                  [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= kWindow; });
}

}  // namespace borough::server
