// Thin RAII wrappers over the SQLite C API for this folder only: a connection, prepared statements
// with bound parameters (collect_rows reads a query's rows), and SQLite result codes as borough Errors.
// Not thread-safe: SqliteJobStore serialises all use of one Database behind its mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"

namespace borough::store::sqlite {

// Maps a SQLite result code: CONSTRAINT -> Conflict; BUSY, LOCKED, IOERR, FULL, CANTOPEN, READONLY,
// NOTADB, CORRUPT, ... -> Unavailable; anything else -> Internal. The message names the operation,
// the SQLite message and the database path (also put in `field`).
Error sqlite_error(int rc, std::string_view operation, std::string_view detail, std::string_view path);

class Statement;

class Database {
public:
    // Opens (creating when absent) the database at `path`; ":memory:" gives a private in-memory one.
    // Sets busy_timeout to busy_timeout_ms. Does not read the file yet, so corruption shows up on the
    // first statement.
    [[nodiscard]] static Result<std::unique_ptr<Database>> open(const std::string& path, int busy_timeout_ms);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&&) = delete;
    Database& operator=(Database&&) = delete;

    // Runs fixed SQL text, possibly several statements, with no bound values (migrations, BEGIN, PRAGMA).
    [[nodiscard]] Status exec(std::string_view sql, std::string_view operation);
    [[nodiscard]] Result<Statement> prepare(std::string_view sql, std::string_view operation);
    // Error for the last failed call on this connection.
    [[nodiscard]] Error error(int rc, std::string_view operation) const;

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] sqlite3* handle() const { return db_; }

private:
    Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    sqlite3* db_;
    std::string path_;
};

// A prepared statement. Bind indexes are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(Database& db, sqlite3_stmt* stmt, std::string_view operation)
        : db_(&db), stmt_(stmt), operation_(operation) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);
    // Arbitrary bytes (file contents), stored as a BLOB.
    Statement& bind_blob(int index, std::string_view bytes);

    // true: a row is ready; false: done. Errors carry the operation name.
    [[nodiscard]] Result<bool> step();
    // Steps to completion, expecting no rows.
    [[nodiscard]] Status run();
    // Steps once, then resets: whether the query gives any row. For existence checks inside a
    // transaction, which must hold no read lock at COMMIT. Errors: those of step().
    [[nodiscard]] Result<bool> has_row();
    // Ends a partly read query so it holds no read lock (call before COMMIT). Bindings are kept.
    void reset();

    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::string blob(int column) const;
    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] bool is_null(int column) const;
    // Rows changed by the last run().
    [[nodiscard]] std::int64_t changes() const;

private:
    Database* db_;
    sqlite3_stmt* stmt_;
    std::string_view operation_;  // a string literal
    int bind_rc_ = SQLITE_OK;     // first bind failure, reported by step()
};

namespace row_detail {
// What collect_rows keeps of what its `read` returns: the value itself, or a Result's value.
template <class T>
struct RowValue {
    using type = T;
    static constexpr bool kFallible = false;
};
template <class T>
struct RowValue<Result<T>> {
    using type = T;
    static constexpr bool kFallible = true;
};
}  // namespace row_detail

// Steps `st` to its end and gives `read(st)` for each row, in order. `read` returns a value, or a
// Result whose first error ends the reading. Errors: those of step() and of `read`.
template <class Read, class Row = row_detail::RowValue<std::invoke_result_t<Read&, const Statement&>>>
[[nodiscard]] Result<std::vector<typename Row::type>> collect_rows(Statement& st, Read read) {
    std::vector<typename Row::type> out;
    for (;;) {
        BOROUGH_TRY(const bool row, st.step());
        if (!row) {
            return out;
        }
        if constexpr (Row::kFallible) {
            BOROUGH_TRY(auto value, read(std::as_const(st)));
            out.push_back(std::move(value));
        } else {
            out.push_back(read(std::as_const(st)));
        }
    }
}

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded.
class Transaction {
public:
    [[nodiscard]] static Result<Transaction> begin(Database& db, std::string_view operation);
    ~Transaction();
    Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    [[nodiscard]] Status commit();

private:
    explicit Transaction(Database& db) : db_(&db) {}
    Database* db_;
};

}  // namespace borough::store::sqlite
