#include "core/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace borough {

std::chrono::system_clock::time_point SystemClock::now() const { return std::chrono::system_clock::now(); }
std::chrono::steady_clock::time_point SystemClock::steady_now() const {
    return std::chrono::steady_clock::now();
}

ManualClock::ManualClock(std::chrono::system_clock::time_point start) : now_(start), steady_() {}

std::chrono::system_clock::time_point ManualClock::now() const {
    std::lock_guard lock(mu_);
    return now_;
}
std::chrono::steady_clock::time_point ManualClock::steady_now() const {
    std::lock_guard lock(mu_);
    return steady_;
}
void ManualClock::advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mu_);
    now_ += by;
    steady_ += by;
}

std::string format_utc(std::chrono::system_clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

}  // namespace borough
