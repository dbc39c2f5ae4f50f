// SqliteAccountStore: the default AccountStore (users, teams, sessions, API tokens, settings) in the same
// SQLite file as SqliteJobStore, through its own connection (WAL lets both work side by side).
// SQLite headers stay inside this folder; callers see only store::AccountStore.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/account_store.h"

namespace borough::store::sqlite {

class Database;

class SqliteAccountStore final : public AccountStore {
public:
    // Opens or creates the database at `path` exactly as SqliteJobStore::open does (WAL, foreign keys,
    // synchronous=NORMAL, busy timeout, pending migrations). Safe while a SqliteJobStore or another
    // process opens the same file: each migration runs under BEGIN IMMEDIATE and is applied once.
    // Errors: Unavailable (cannot open, damaged, locked past the busy timeout, schema newer than this
    // build). `clock` must outlive the store; it stamps created_at fields left empty and settings.
    [[nodiscard]] static Result<std::unique_ptr<SqliteAccountStore>> open(const std::string& path, Clock& clock);

    ~SqliteAccountStore() override;
    SqliteAccountStore(const SqliteAccountStore&) = delete;
    SqliteAccountStore& operator=(const SqliteAccountStore&) = delete;
    SqliteAccountStore(SqliteAccountStore&&) = delete;
    SqliteAccountStore& operator=(SqliteAccountStore&&) = delete;

    static constexpr int kBusyTimeoutMs = 5000;

    // All methods are thread-safe: one connection, serialised by a mutex. Writes that check a
    // referenced row first (user -> team, session/token -> user) run under BEGIN IMMEDIATE.
    //
    // create_user / update_user: InvalidInput for a bad name (field "name", see check_user_name), a
    // staff or reviewer without a team, or a team that does not exist (field "team"). An empty
    // created_at is filled from the clock. update_user never changes name or created_at.
    [[nodiscard]] Status create_user(const UserRecord& user) override;
    [[nodiscard]] Status update_user(const UserRecord& user) override;
    [[nodiscard]] Result<UserRecord> user(const std::string& name) const override;
    [[nodiscard]] Result<std::vector<UserRecord>> list_users() const override;
    [[nodiscard]] Result<int> count_users() const override;

    // InvalidInput (field "name") for a bad team name; Conflict when it exists.
    [[nodiscard]] Status create_team(const TeamRecord& team) override;
    [[nodiscard]] Result<std::vector<TeamRecord>> list_teams() const override;

    // NotFound (field "user") when the user does not exist; Conflict for a duplicate id_sha256.
    [[nodiscard]] Status create_session(const SessionRecord& session) override;
    [[nodiscard]] Result<SessionRecord> session(const std::string& id_sha256) const override;
    // Succeeds when the session is already gone: signing out twice is not an error.
    [[nodiscard]] Status delete_session(const std::string& id_sha256) override;
    [[nodiscard]] Result<int> delete_sessions_of(const std::string& user) override;
    // Text comparison of RFC 3339 UTC stamps (format_utc); InvalidInput (field "now") when empty.
    [[nodiscard]] Result<int> delete_expired_sessions(const std::string& now) override;

    // NotFound (field "user") when the user does not exist; Conflict for a duplicate id or hash.
    [[nodiscard]] Status create_api_token(const ApiTokenRecord& token) override;
    [[nodiscard]] Result<ApiTokenRecord> api_token_by_hash(const std::string& token_sha256) const override;
    // Oldest first; empty for an unknown user.
    [[nodiscard]] Result<std::vector<ApiTokenRecord>> list_api_tokens(const std::string& user) const override;
    // Revoking an already revoked token succeeds.
    [[nodiscard]] Status revoke_api_token(const std::string& id) override;
    // NotFound (field "id") when absent.
    [[nodiscard]] Status touch_api_token(const std::string& id, const std::string& at) override;

    [[nodiscard]] Result<std::optional<std::string>> setting(const std::string& key) const override;
    // InvalidInput (field "key") for an empty key. Records the clock time as updated_at.
    [[nodiscard]] Status set_setting(const std::string& key, const std::string& value) override;

private:
    SqliteAccountStore(std::unique_ptr<Database> db, Clock& clock);
    [[nodiscard]] std::string now_or(const std::string& stamp) const;

    mutable std::mutex mu_;
    std::unique_ptr<Database> db_;  // guarded by mu_
    Clock& clock_;
};

}  // namespace borough::store::sqlite
