// Time source interface so tests inject time (Envoy TimeSource). SystemClock is the real one.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace borough {

class Clock {
public:
    virtual ~Clock() = default;
    // Wall-clock time; thread-safe.
    [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
    // Monotonic time for durations; thread-safe.
    [[nodiscard]] virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

class SystemClock final : public Clock {
public:
    [[nodiscard]] std::chrono::system_clock::time_point now() const override;
    [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override;
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::chrono::system_clock::time_point start);
    [[nodiscard]] std::chrono::system_clock::time_point now() const override;
    [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override;
    void advance(std::chrono::milliseconds by);

private:
    mutable std::mutex mu_;
    std::chrono::system_clock::time_point now_;
    std::chrono::steady_clock::time_point steady_;
};

// RFC 3339 UTC with milliseconds, e.g. 2026-11-22T18:30:00.000Z.
std::string format_utc(std::chrono::system_clock::time_point t);

}  // namespace borough
