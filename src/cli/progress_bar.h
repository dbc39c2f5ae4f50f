// A one-line progress display on stderr for long CLI work. Silent when stderr is not a terminal, so
// piped and scripted runs stay clean. Thread-safe (updates come from engine threads).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace borough::cli {

class ProgressBar {
public:
    // enabled=false makes every call a no-op; use is_terminal(stderr) for the default.
    explicit ProgressBar(bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;
    ProgressBar(ProgressBar&&) = delete;
    ProgressBar& operator=(ProgressBar&&) = delete;

    // total == 0 means unknown (shows a count only). Redraws at most 10 times a second.
    void update(std::string_view stage, std::size_t done, std::size_t total);
    // Clears the line.
    void finish();

    static bool stderr_is_terminal();
    // The text drawn for a state, without terminal control codes (tested).
    static std::string render(std::string_view stage, std::size_t done, std::size_t total, int width);

private:
    bool enabled_;
    std::mutex mu_;
    std::chrono::steady_clock::time_point last_draw_{};
    bool drawn_ = false;
};

}  // namespace borough::cli
