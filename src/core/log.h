// Logging macros over spdlog (spdlog appears only in log.cpp). Arguments are not evaluated below the
// active level. Never pass council content (transcripts, answers, prompts) at info or above: log ids,
// counts, sizes and durations.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace borough::log {

enum class Level { Trace = 0, Debug = 1, Info = 2, Warn = 3, Error = 4, Off = 5 };

// Thread-safe. Messages go to stderr, as text or as JSON lines.
void set_level(Level level);
void set_json(bool json_lines);
[[nodiscard]] bool is_enabled(Level level);
void write(Level level, std::string_view component, std::string_view message);

}  // namespace borough::log

#define BOROUGH_LOG_AT(level, component, ...)                                             \
    do {                                                                                  \
        if (::borough::log::is_enabled(level))                                            \
            ::borough::log::write(level, component, ::fmt::format(__VA_ARGS__));          \
    } while (0)
#define BOROUGH_LOG_TRACE(component, ...) BOROUGH_LOG_AT(::borough::log::Level::Trace, component, __VA_ARGS__)
#define BOROUGH_LOG_DEBUG(component, ...) BOROUGH_LOG_AT(::borough::log::Level::Debug, component, __VA_ARGS__)
#define BOROUGH_LOG_INFO(component, ...) BOROUGH_LOG_AT(::borough::log::Level::Info, component, __VA_ARGS__)
#define BOROUGH_LOG_WARN(component, ...) BOROUGH_LOG_AT(::borough::log::Level::Warn, component, __VA_ARGS__)
#define BOROUGH_LOG_ERROR(component, ...) BOROUGH_LOG_AT(::borough::log::Level::Error, component, __VA_ARGS__)
