// Opens the one SQLite file that SqliteJobStore and SqliteAccountStore share, each through its own
// connection: WAL, foreign keys, synchronous=NORMAL, busy timeout, then pending migrations.
// Both stores (and other processes) may open a new file at the same moment; this is where that is safe.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/sqlite/database.h"

namespace borough::store::sqlite {

// Opens or creates `path` (":memory:" for a private in-memory database) and readies it for a store.
// Switching a new file to WAL needs a moment of exclusive access that SQLite's busy handler does not
// wait for, so a concurrent opener's "database is locked" is retried until busy_timeout_ms has passed.
// Migrations run under BEGIN IMMEDIATE, so each is applied exactly once whoever opens first.
// Errors: Unavailable (cannot open, damaged or not SQLite, locked past the timeout, not on a file system
// that supports WAL, schema newer than this build). Thread-safe (a new connection each call).
[[nodiscard]] Result<std::unique_ptr<Database>> open_store_database(const std::string& path, int busy_timeout_ms,
                                                                    const Clock& clock);

}  // namespace borough::store::sqlite
