#include "cli/progress_bar.h"

#include <unistd.h>

#include <fmt/format.h>

namespace borough::cli {

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled) {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string ProgressBar::render(std::string_view stage, std::size_t done, std::size_t total, int width) {
    if (total == 0) return fmt::format("{} {}", stage, done);
    const double frac = done >= total ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '-');
    return fmt::format("{:<10} [{}] {:3d}% ({}/{})", stage, bar, static_cast<int>(frac * 100.0), done, total);
}

void ProgressBar::update(std::string_view stage, std::size_t done, std::size_t total) {
    if (!enabled_) return;
    std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    std::fprintf(stderr, "\r\033[K%s", render(stage, done, total, 30).c_str());
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (!enabled_) return;
    std::lock_guard lock(mu_);
    if (drawn_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace borough::cli
