// Test helpers for this folder's tests only: a temporary directory and raw sqlite3 access that
// bypasses SqliteJobStore (to tamper with files the way an attacker with file access could).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"

namespace borough::store::sqlite::test {

// 2026-11-22T18:00:00Z
inline std::chrono::system_clock::time_point test_epoch() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1795370400));
}

class TempDirTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("borough_store_test_" + random_hex(6));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    [[nodiscard]] std::string db_path() const { return (dir_ / "borough.db").string(); }

    std::filesystem::path dir_;
    ManualClock clock_{test_epoch()};
};

struct RawResult {
    int rc = SQLITE_OK;
    std::string message;
    std::vector<std::vector<std::string>> rows;  // NULL reads as ""
};

// Opens `path` with a fresh raw connection, runs `sql`, closes.
inline RawResult raw_exec(const std::string& path, const std::string& sql) {
    RawResult out;
    sqlite3* db = nullptr;
    out.rc = sqlite3_open(path.c_str(), &db);
    if (out.rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        char* err = nullptr;
        out.rc = sqlite3_exec(
            db, sql.c_str(),
            [](void* user, int n, char** values, char**) {
                auto& rows = static_cast<RawResult*>(user)->rows;
                rows.emplace_back();
                for (int i = 0; i < n; ++i) rows.back().emplace_back(values[i] != nullptr ? values[i] : "");
                return 0;
            },
            &out, &err);
        if (err != nullptr) {
            out.message = err;
            sqlite3_free(err);
        }
    }
    sqlite3_close(db);
    return out;
}

}  // namespace borough::store::sqlite::test
