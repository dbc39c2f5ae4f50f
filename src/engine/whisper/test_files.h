// Test helpers for this module: a temp folder and the generated micro model's path.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>

namespace borough::engine::whisper::testing {

#ifndef BOROUGH_WHISPER_MICRO_MODEL
#error "BOROUGH_WHISPER_MICRO_MODEL must name the generated micro whisper model"
#endif
inline constexpr const char* kMicroModel = BOROUGH_WHISPER_MICRO_MODEL;

class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};  // unique per test in this process
        path_ = std::filesystem::temp_directory_path() /
                ("borough_whisper_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace borough::engine::whisper::testing
