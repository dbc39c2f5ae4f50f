// Versioned schema migrations for the SQLite store. The scripts live in migrations/NNNN_name.sql and are
// embedded in the binary at build time; schema_migrations records which versions have been applied.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/sqlite/database.h"

namespace borough::store::sqlite {

struct Migration {
    int version = 0;        // from the NNNN file-name prefix; 1, 2, 3, ... with no gaps
    std::string_view name;  // file name, e.g. 0001_init.sql
    std::string_view sql;   // fixed SQL text; never holds values
};

// The embedded scripts in version order. Internal error if a name lacks its NNNN_ prefix or the
// versions are not 1..N.
[[nodiscard]] Result<std::vector<Migration>> embedded_migrations();

// Creates schema_migrations when absent, then applies every migration newer than the database's
// version, each in its own BEGIN IMMEDIATE transaction (so a failing script leaves no trace and two
// processes opening the same file never apply one twice). Unavailable when the database is newer than
// `migrations` knows; the message names both versions. Returns the resulting version.
[[nodiscard]] Result<int> apply_migrations(Database& db, std::span<const Migration> migrations, const Clock& clock);

// The highest applied version, 0 for a new database.
[[nodiscard]] Result<int> schema_version(Database& db);

}  // namespace borough::store::sqlite
