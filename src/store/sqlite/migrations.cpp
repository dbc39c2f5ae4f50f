#include "store/sqlite/migrations.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/log.h"

namespace borough::store::sqlite::migrations_embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_files();
}  // namespace borough::store::sqlite::migrations_embedded

namespace borough::store::sqlite {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

// Embedded names may carry a folder ("migrations/0001_init.sql"); keep the file name.
std::string_view file_name(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

Result<std::vector<Migration>> embedded_migrations() {
    std::vector<Migration> out;
    for (const auto& [path, sql] : migrations_embedded::embedded_files()) {
        const std::string_view name = file_name(path);
        int version = 0;
        const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
        if (ec != std::errc() || end != name.data() + 4 || name.size() < 6 || name[4] != '_') {
            return fail(ErrorCode::Internal, fmt::format("migration file '{}' must be named NNNN_name.sql", name),
                        std::string(name));
        }
        out.push_back(Migration{version, name, sql});
    }
    std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].version != static_cast<int>(i) + 1) {
            return fail(ErrorCode::Internal,
                        fmt::format("migration '{}' has version {}, expected {}", out[i].name, out[i].version, i + 1),
                        std::string(out[i].name));
        }
    }
    return out;
}

Result<int> schema_version(Database& db) {
    BOROUGH_TRY(Statement st,
                db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "read schema version"));
    BOROUGH_TRY(const bool row, st.step());
    if (!row) return 0;
    return static_cast<int>(st.int64(0));
}

Result<int> apply_migrations(Database& db, std::span<const Migration> migrations, const Clock& clock) {
    BOROUGH_TRY_STATUS(db.exec(kCreateMigrationsTable, "create schema_migrations"));
    const int known = migrations.empty() ? 0 : migrations.back().version;
    for (;;) {
        BOROUGH_TRY(Transaction tx, Transaction::begin(db, "begin migration"));
        // Re-read inside the write lock: another process may have migrated meanwhile.
        BOROUGH_TRY(const int current, schema_version(db));
        if (current > known) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("database schema version {} is newer than this borough build knows ({}); "
                                    "upgrade borough or open a matching backup",
                                    current, known),
                        db.path());
        }
        if (current == known) return current;
        const Migration& next = migrations[static_cast<std::size_t>(current)];
        BOROUGH_ASSERT(next.version == current + 1, "migrations must be numbered 1..N in order");
        if (Status applied = db.exec(next.sql, "apply migration"); !applied) {
            Error e = std::move(applied).error();
            e.message += fmt::format(" (in {})", next.name);
            return fail(std::move(e));
        }
        BOROUGH_TRY(Statement record,
                    db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)",
                               "record migration"));
        record.bind(1, static_cast<std::int64_t>(next.version)).bind(2, next.name).bind(3, format_utc(clock.now()));
        BOROUGH_TRY_STATUS(record.run());
        BOROUGH_TRY_STATUS(tx.commit());
        BOROUGH_LOG_INFO("store", "applied schema migration {} ({})", next.version, next.name);
    }
}

}  // namespace borough::store::sqlite
