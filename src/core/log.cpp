#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace borough::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::Warn)};  // NOLINT: process-wide log threshold
std::atomic<bool> g_json{false};                           // NOLINT

spdlog::logger& logger() {
    static const std::shared_ptr<spdlog::logger> instance = [] {
        auto l = std::make_shared<spdlog::logger>("borough",
                                                  std::make_shared<spdlog::sinks::stderr_sink_mt>());
        l->set_level(spdlog::level::trace);
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
        return l;
    }();
    return *instance;
}

spdlog::level::level_enum to_spd(Level level) {
    switch (level) {
        case Level::Trace: return spdlog::level::trace;
        case Level::Debug: return spdlog::level::debug;
        case Level::Info: return spdlog::level::info;
        case Level::Warn: return spdlog::level::warn;
        case Level::Error: return spdlog::level::err;
        case Level::Off: return spdlog::level::off;
    }
    return spdlog::level::info;
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
                } else {
                    out += c;
                }
        }
    }
    return out;
}

}  // namespace

void set_level(Level level) { g_level.store(static_cast<int>(level)); }

void set_json(bool json_lines) {
    g_json.store(json_lines);
    logger().set_pattern(json_lines ? "%v" : "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
}

bool is_enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void write(Level level, std::string_view component, std::string_view message) {
    if (g_json.load()) {
        logger().log(to_spd(level), R"({{"level":"{}","component":"{}","msg":"{}"}})",
                     spdlog::level::to_string_view(to_spd(level)), json_escape(component),
                     json_escape(message));
    } else {
        logger().log(to_spd(level), "[{}] {}", component, message);
    }
}

}  // namespace borough::log
