// A fresh temporary folder for one test, removed with everything in it when the test ends. Test
// support only (header-only, std and POSIX): any module's tests may include it as "support/temp_dir.h".
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace borough::test {

// <temp>/borough_test_<pid>_<n>: unique per object, so tests in parallel processes (ctest -j) and
// tests one after another in a process never share a folder. Creating TempDirs is thread-safe.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("borough_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;  // a leftover file must not turn into a test failure at teardown
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    // The path of `name` inside the folder (the file need not exist).
    [[nodiscard]] std::filesystem::path file(const std::string& name) const { return path_ / name; }
    // Writes `bytes` to `name` inside the folder, replacing it, and returns its path.
    std::filesystem::path write(const std::string& name, std::string_view bytes) const {
        auto p = file(name);
        std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p;
    }

private:
    std::filesystem::path path_;
};

}  // namespace borough::test
