#include "store/sqlite/store_database.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>
#include <vector>

#include "core/log.h"
#include "store/sqlite/migrations.h"

namespace borough::store::sqlite {
namespace {

// Returns the journal mode now in force, retrying while another connection holds the lock that the
// switch needs (SQLite answers SQLITE_BUSY at once here instead of calling the busy handler).
Result<std::string> switch_to_wal(Database& db, int busy_timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    for (;;) {
        BOROUGH_TRY(Statement wal, db.prepare("PRAGMA journal_mode=WAL", "set journal_mode=WAL"));
        Result<bool> row = wal.step();
        if (row) {
            std::string mode = *row ? wal.text(0) : std::string();
            wal.reset();
            return mode;
        }
        const int rc = sqlite3_errcode(db.handle()) & 0xff;
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) {
            return fail(std::move(row).error());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

Result<std::unique_ptr<Database>> open_store_database(const std::string& path, int busy_timeout_ms,
                                                      const Clock& clock) {
    BOROUGH_TRY(std::unique_ptr<Database> db, Database::open(path, busy_timeout_ms));
    // The first statement that reads the file: a damaged or foreign file fails here, cleanly.
    BOROUGH_TRY(const std::string mode, switch_to_wal(*db, busy_timeout_ms));
    if (mode != "wal" && !(path == ":memory:" && mode == "memory")) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("sqlite store: could not switch {} to WAL journal mode (got '{}'); "
                                "put the database on a local file system",
                                path, mode),
                    path);
    }
    BOROUGH_TRY_STATUS(db->exec("PRAGMA foreign_keys=ON", "set foreign_keys"));
    BOROUGH_TRY_STATUS(db->exec("PRAGMA synchronous=NORMAL", "set synchronous"));
    BOROUGH_TRY(const std::vector<Migration> migrations, embedded_migrations());
    BOROUGH_TRY(const int version, apply_migrations(*db, migrations, clock));
    BOROUGH_LOG_DEBUG("store", "opened sqlite database {} at schema version {}", path, version);
    return db;
}

}  // namespace borough::store::sqlite
