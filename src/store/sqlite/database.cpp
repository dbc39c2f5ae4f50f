#include "store/sqlite/database.h"

#include <fmt/format.h>

#include <limits>

namespace borough::store::sqlite {

Error sqlite_error(int rc, std::string_view operation, std::string_view detail, std::string_view path) {
    ErrorCode code = ErrorCode::Internal;
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            code = ErrorCode::Conflict;
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
        case SQLITE_PROTOCOL:
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
        case SQLITE_NOMEM:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            code = ErrorCode::Unavailable;
            break;
        default:
            break;
    }
    std::string message = fmt::format("sqlite store: {} failed: {}", operation, detail);
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
        message += " (the database file is damaged or is not a SQLite database; restore it from backup)";
    }
    return Error{code, std::move(message), std::string(path)};
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, int busy_timeout_ms) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(rc, "open", db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc), path);
        sqlite3_close_v2(db);
        return fail(std::move(e));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() { sqlite3_close_v2(db_); }

Error Database::error(int rc, std::string_view operation) const {
    return sqlite_error(rc, operation, sqlite3_errmsg(db_), path_);
}

Status Database::exec(std::string_view sql, std::string_view operation) {
    const std::string text(sql);  // sqlite3_exec needs a NUL-terminated string
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return fail(error(rc, operation));
    return {};
}

Result<Statement> Database::prepare(std::string_view sql, std::string_view operation) {
    sqlite3_stmt* stmt = nullptr;
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return fail(ErrorCode::Internal, fmt::format("sqlite store: {}: SQL text too long", operation));
    }
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return fail(error(rc, operation));
    }
    return Statement(*this, stmt, operation);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), operation_(other.operation_), bind_rc_(other.bind_rc_) {
    other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, std::string_view text) {
    int rc = SQLITE_TOOBIG;
    if (text.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        // SQLITE_TRANSIENT copies, so the caller's buffer need not outlive the statement.
        rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value));
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    int rc = SQLITE_TOOBIG;
    if (bytes.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        rc = sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    }
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
}

Result<bool> Statement::step() {
    if (bind_rc_ != SQLITE_OK) return fail(db_->error(bind_rc_, operation_));
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return fail(db_->error(rc, operation_));
}

Status Statement::run() {
    for (;;) {
        BOROUGH_TRY(const bool row, step());
        if (!row) return {};
    }
}

Result<bool> Statement::has_row() {
    BOROUGH_TRY(const bool row, step());
    reset();
    return row;
}

void Statement::reset() { sqlite3_reset(stmt_); }

std::string Statement::text(int column) const {
    const unsigned char* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr || size <= 0) return {};
    // SQLite hands back unsigned char; the bytes are the UTF-8 text that was bound.
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string Statement::blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr || size <= 0) return {};
    return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::int64_t Statement::int64(int column) const {
    return static_cast<std::int64_t>(sqlite3_column_int64(stmt_, column));
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::changes() const {
    return static_cast<std::int64_t>(sqlite3_changes64(sqlite3_db_handle(stmt_)));
}

Result<Transaction> Transaction::begin(Database& db, std::string_view operation) {
    BOROUGH_TRY_STATUS(db.exec("BEGIN IMMEDIATE", operation));
    return Transaction(db);
}

Transaction::~Transaction() {
    if (db_ != nullptr) {
        // Best effort: after a failed statement SQLite may already have rolled back.
        sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

Status Transaction::commit() {
    BOROUGH_ASSERT(db_ != nullptr, "commit() on a finished transaction");
    Status s = db_->exec("COMMIT", "commit");
    if (s) db_ = nullptr;
    return s;
}

}  // namespace borough::store::sqlite
