#include "store/sqlite/sqlite_account_store.h"

#include <fmt/format.h>

#include <utility>

#include "store/sqlite/database.h"
#include "store/sqlite/store_database.h"

namespace borough::store::sqlite {
namespace {

constexpr std::string_view kUserColumns =
    "name, display_name, role, COALESCE(team, ''), password_hash, disabled, created_at";
constexpr std::string_view kTokenColumns = "id, user, name, token_sha256, created_at, last_used_at, revoked";

Result<UserRecord> read_user(const Statement& st) {
    UserRecord u;
    u.name = st.text(0);
    u.display_name = st.text(1);
    BOROUGH_TRY(u.role, parse_role(st.text(2)));
    u.team = st.text(3);
    u.password_hash = st.text(4);
    u.disabled = st.int64(5) != 0;
    u.created_at = st.text(6);
    return u;
}

TeamRecord read_team(const Statement& st) { return TeamRecord{st.text(0), st.text(1), st.text(2)}; }

ApiTokenRecord read_token(const Statement& st) {
    ApiTokenRecord t;
    t.id = st.text(0);
    t.user = st.text(1);
    t.name = st.text(2);
    t.token_sha256 = st.text(3);
    t.created_at = st.text(4);
    t.last_used_at = st.text(5);
    t.revoked = st.int64(6) != 0;
    return t;
}

// The checks every user write shares, before any SQL: the name, and that staff and reviewers have a
// team (admins and auditors see every team, so they may have none).
Status check_user(const UserRecord& user) {
    BOROUGH_TRY_STATUS(check_user_name(user.name));
    if (user.team.empty() && (user.role == Role::Staff || user.role == Role::Reviewer)) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("user '{}': a {} must belong to a team", user.name, to_string(user.role)), "team");
    }
    return {};
}

// Call inside the write transaction, so the team cannot vanish before the insert (it cannot be
// deleted today, but the FOREIGN KEY would then report a bare constraint failure).
Status require_team(Database& db, const std::string& team) {
    BOROUGH_TRY(Statement st, db.prepare("SELECT 1 FROM teams WHERE name = ?1", "find team"));
    BOROUGH_TRY(const bool found, st.bind(1, team).has_row());
    if (!found) {
        return fail(ErrorCode::InvalidInput, fmt::format("team '{}' does not exist; create it first", team), "team");
    }
    return {};
}

Status require_user(Database& db, const std::string& user) {
    BOROUGH_TRY(Statement st, db.prepare("SELECT 1 FROM users WHERE name = ?1", "find user"));
    BOROUGH_TRY(const bool found, st.bind(1, user).has_row());
    if (!found) return fail(ErrorCode::NotFound, fmt::format("user '{}' not found", user), "user");
    return {};
}

// A NULL team means "no team", so the FOREIGN KEY to teams does not apply.
void bind_team(Statement& st, int index, const std::string& team) {
    if (team.empty()) {
        st.bind_null(index);
    } else {
        st.bind(index, team);
    }
}

// Binds the user columns to ?1..?6 in the order used by create_user and update_user.
void bind_user_fields(Statement& st, const UserRecord& user) {
    st.bind(1, user.name).bind(2, user.display_name).bind(3, to_string(user.role));
    bind_team(st, 4, user.team);
    st.bind(5, user.password_hash).bind(6, std::int64_t{user.disabled ? 1 : 0});
}

// Rewrites a constraint failure (Conflict) as a message naming the duplicate; other errors pass.
Status name_conflict(Status s, std::string_view what, const std::string& key, std::string_view field) {
    if (s) return s;
    Error e = std::move(s).error();
    if (e.code == ErrorCode::Conflict) {
        e.message = fmt::format("{} '{}' already exists ({})", what, key, e.message);
        e.field = std::string(field);
    }
    return fail(std::move(e));
}

}  // namespace

SqliteAccountStore::SqliteAccountStore(std::unique_ptr<Database> db, Clock& clock)
    : db_(std::move(db)), clock_(clock) {}

SqliteAccountStore::~SqliteAccountStore() = default;

Result<std::unique_ptr<SqliteAccountStore>> SqliteAccountStore::open(const std::string& path, Clock& clock) {
    BOROUGH_TRY(std::unique_ptr<Database> db, open_store_database(path, kBusyTimeoutMs, clock));
    return std::unique_ptr<SqliteAccountStore>(new SqliteAccountStore(std::move(db), clock));
}

std::string SqliteAccountStore::now_or(const std::string& stamp) const {
    return stamp.empty() ? format_utc(clock_.now()) : stamp;
}

Status SqliteAccountStore::create_user(const UserRecord& user) {
    BOROUGH_TRY_STATUS(check_user(user));
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "create_user"));
    if (!user.team.empty()) BOROUGH_TRY_STATUS(require_team(*db_, user.team));
    BOROUGH_TRY(Statement st, db_->prepare("INSERT INTO users (name, display_name, role, team, password_hash,"
                                           " disabled, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                           "create_user"));
    bind_user_fields(st, user);
    st.bind(7, now_or(user.created_at));
    BOROUGH_TRY_STATUS(name_conflict(st.run(), "user", user.name, "name"));
    return tx.commit();
}

Status SqliteAccountStore::update_user(const UserRecord& user) {
    BOROUGH_TRY_STATUS(check_user(user));
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "update_user"));
    if (!user.team.empty()) BOROUGH_TRY_STATUS(require_team(*db_, user.team));
    BOROUGH_TRY(Statement st, db_->prepare("UPDATE users SET display_name = ?2, role = ?3, team = ?4,"
                                           " password_hash = ?5, disabled = ?6 WHERE name = ?1",
                                           "update_user"));
    bind_user_fields(st, user);
    BOROUGH_TRY_STATUS(st.run());
    if (st.changes() == 0) return fail(ErrorCode::NotFound, fmt::format("user '{}' not found", user.name), "name");
    return tx.commit();
}

Result<UserRecord> SqliteAccountStore::user(const std::string& name) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare(fmt::format("SELECT {} FROM users WHERE name = ?1", kUserColumns), "read user"));
    st.bind(1, name);
    BOROUGH_TRY(const bool found, st.step());
    if (!found) return fail(ErrorCode::NotFound, fmt::format("user '{}' not found", name), "name");
    return read_user(st);
}

Result<std::vector<UserRecord>> SqliteAccountStore::list_users() const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare(fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns), "list_users"));
    return collect_rows(st, read_user);
}

Result<int> SqliteAccountStore::count_users() const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT COUNT(*) FROM users", "count_users"));
    BOROUGH_TRY(const bool row, st.step());
    BOROUGH_ASSERT(row, "an aggregate query returns one row");
    return static_cast<int>(st.int64(0));
}

Status SqliteAccountStore::create_team(const TeamRecord& team) {
    BOROUGH_TRY_STATUS(check_team_name(team.name));
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO teams (name, service_area, created_at) VALUES (?1, ?2, ?3)", "create_team"));
    st.bind(1, team.name).bind(2, team.service_area).bind(3, now_or(team.created_at));
    return name_conflict(st.run(), "team", team.name, "name");
}

Result<std::vector<TeamRecord>> SqliteAccountStore::list_teams() const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare("SELECT name, service_area, created_at FROM teams ORDER BY name", "list_teams"));
    return collect_rows(st, read_team);
}

Status SqliteAccountStore::create_session(const SessionRecord& session) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "create_session"));
    BOROUGH_TRY_STATUS(require_user(*db_, session.user));
    BOROUGH_TRY(Statement st, db_->prepare("INSERT INTO sessions (id_sha256, user, csrf_token, created_at, expires_at)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5)",
                                           "create_session"));
    st.bind(1, session.id_sha256).bind(2, session.user).bind(3, session.csrf_token);
    st.bind(4, now_or(session.created_at)).bind(5, session.expires_at);
    // The id is a secret's hash: never put it in a message.
    if (Status s = st.run(); !s) {
        Error e = std::move(s).error();
        if (e.code == ErrorCode::Conflict) {
            e.message = "session already exists (" + e.message + ")";
            e.field = "id_sha256";
        }
        return fail(std::move(e));
    }
    return tx.commit();
}

Result<SessionRecord> SqliteAccountStore::session(const std::string& id_sha256) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT id_sha256, user, csrf_token, created_at, expires_at FROM sessions"
                                           " WHERE id_sha256 = ?1",
                                           "read session"));
    st.bind(1, id_sha256);
    BOROUGH_TRY(const bool found, st.step());
    if (!found) return fail(ErrorCode::NotFound, "session not found (signed out or expired)", "session");
    return SessionRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

Status SqliteAccountStore::delete_session(const std::string& id_sha256) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("DELETE FROM sessions WHERE id_sha256 = ?1", "delete_session"));
    st.bind(1, id_sha256);
    return st.run();
}

Result<int> SqliteAccountStore::delete_sessions_of(const std::string& user) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("DELETE FROM sessions WHERE user = ?1", "delete_sessions_of"));
    st.bind(1, user);
    BOROUGH_TRY_STATUS(st.run());
    return static_cast<int>(st.changes());
}

Result<int> SqliteAccountStore::delete_expired_sessions(const std::string& now) {
    if (now.empty()) return fail(ErrorCode::InvalidInput, "delete_expired_sessions needs the current time", "now");
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("DELETE FROM sessions WHERE expires_at < ?1", "delete_expired_sessions"));
    st.bind(1, now);
    BOROUGH_TRY_STATUS(st.run());
    return static_cast<int>(st.changes());
}

Status SqliteAccountStore::create_api_token(const ApiTokenRecord& token) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Transaction tx, Transaction::begin(*db_, "create_api_token"));
    BOROUGH_TRY_STATUS(require_user(*db_, token.user));
    BOROUGH_TRY(Statement st,
                db_->prepare("INSERT INTO api_tokens (id, user, name, token_sha256, created_at, last_used_at, revoked)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             "create_api_token"));
    st.bind(1, token.id).bind(2, token.user).bind(3, token.name).bind(4, token.token_sha256);
    st.bind(5, now_or(token.created_at)).bind(6, token.last_used_at).bind(7, std::int64_t{token.revoked ? 1 : 0});
    // A duplicate hash means a duplicate secret: name only the public id.
    BOROUGH_TRY_STATUS(name_conflict(st.run(), "api token (or its hash)", token.id, "id"));
    return tx.commit();
}

Result<ApiTokenRecord> SqliteAccountStore::api_token_by_hash(const std::string& token_sha256) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st,
                db_->prepare(fmt::format("SELECT {} FROM api_tokens WHERE token_sha256 = ?1", kTokenColumns),
                             "read api token"));
    st.bind(1, token_sha256);
    BOROUGH_TRY(const bool found, st.step());
    if (!found) return fail(ErrorCode::NotFound, "api token not found", "token");
    return read_token(st);
}

Result<std::vector<ApiTokenRecord>> SqliteAccountStore::list_api_tokens(const std::string& user) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(
        Statement st,
        db_->prepare(fmt::format("SELECT {} FROM api_tokens WHERE user = ?1 ORDER BY created_at, rowid", kTokenColumns),
                     "list_api_tokens"));
    st.bind(1, user);
    return collect_rows(st, read_token);
}

Status SqliteAccountStore::revoke_api_token(const std::string& id) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ?1", "revoke_api_token"));
    st.bind(1, id);
    BOROUGH_TRY_STATUS(st.run());
    if (st.changes() == 0) return fail(ErrorCode::NotFound, fmt::format("api token '{}' not found", id), "id");
    return {};
}

Status SqliteAccountStore::touch_api_token(const std::string& id, const std::string& at) {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", "touch_api_token"));
    st.bind(1, id).bind(2, at);
    BOROUGH_TRY_STATUS(st.run());
    if (st.changes() == 0) return fail(ErrorCode::NotFound, fmt::format("api token '{}' not found", id), "id");
    return {};
}

Result<std::optional<std::string>> SqliteAccountStore::setting(const std::string& key) const {
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("SELECT value FROM settings WHERE key = ?1", "read setting"));
    st.bind(1, key);
    BOROUGH_TRY(const bool found, st.step());
    if (!found) return std::optional<std::string>();
    return std::optional<std::string>(st.text(0));
}

Status SqliteAccountStore::set_setting(const std::string& key, const std::string& value) {
    if (key.empty()) return fail(ErrorCode::InvalidInput, "setting name must not be empty", "key");
    std::lock_guard lock(mu_);
    BOROUGH_TRY(Statement st, db_->prepare("INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)"
                                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                           " updated_at = excluded.updated_at",
                                           "set_setting"));
    st.bind(1, key).bind(2, value).bind(3, format_utc(clock_.now()));
    return st.run();
}

}  // namespace borough::store::sqlite
