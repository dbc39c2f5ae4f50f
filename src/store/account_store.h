// AccountStore: who may use borough: local user accounts (argon2id hashes, never passwords), teams,
// browser sessions, API tokens for scripts, and server-wide settings an administrator edits (retention).
// Implementations: sqlite/ (default). All methods are thread-safe. Secrets (session ids, API tokens)
// are stored only as their sha256; the clear value exists only in the response that created it.
// Errors: NotFound, Conflict (duplicate name), InvalidInput (bad name/role), Unavailable, Internal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::store {

// Roles (DESIGN.md): admin manages everything; staff run jobs and edit drafts in their team;
// reviewer also approves or rejects drafts in their team; auditor reads every team's jobs and the audit log.
enum class Role { Admin, Staff, Reviewer, Auditor };
std::string_view to_string(Role role);
[[nodiscard]] Result<Role> parse_role(std::string_view text);  // InvalidInput naming the value

// User and team names: 1-64 chars of [a-z0-9._-]. InvalidInput with field "name" otherwise.
// Every AccountStore implementation applies these on create; callers may check early.
[[nodiscard]] Status check_user_name(std::string_view name);
[[nodiscard]] Status check_team_name(std::string_view name);

struct UserRecord {
    std::string name;           // login name: 1-64 chars of [a-z0-9._-], unique
    std::string display_name;   // shown on approvals, e.g. "Lisa Ward"
    Role role = Role::Staff;
    std::string team;           // a TeamRecord name; "" only for admins and auditors
    std::string password_hash;  // PHC string "$argon2id$v=19$m=...,t=...,p=...$salt$hash"
    bool disabled = false;      // a disabled user cannot sign in; their sessions and tokens stop working
    std::string created_at;
};

struct TeamRecord {
    std::string name;          // e.g. "adults-north"
    std::string service_area;  // Adults, Children, HR, Housing, Democratic Services, Insight, Corporate
    std::string created_at;
};

struct SessionRecord {
    std::string id_sha256;   // sha256 hex of the cookie value
    std::string user;
    std::string csrf_token;  // sent back in X-CSRF-Token on every state-changing request
    std::string created_at;
    std::string expires_at;  // RFC 3339; the caller checks it against its clock
};

struct ApiTokenRecord {
    std::string id;            // public id, e.g. "tok_01J..." (the clear token is "brg_<random>")
    std::string user;
    std::string name;          // what the token is for, e.g. "nightly export"
    std::string token_sha256;  // sha256 hex of the clear token
    std::string created_at;
    std::string last_used_at;  // "" when never used
    bool revoked = false;
};

class AccountStore {
public:
    virtual ~AccountStore() = default;

    [[nodiscard]] virtual Status create_user(const UserRecord& user) = 0;  // Conflict if the name exists
    // Replaces display_name, role, team, password_hash and disabled. NotFound if absent.
    [[nodiscard]] virtual Status update_user(const UserRecord& user) = 0;
    [[nodiscard]] virtual Result<UserRecord> user(const std::string& name) const = 0;
    [[nodiscard]] virtual Result<std::vector<UserRecord>> list_users() const = 0;  // sorted by name
    [[nodiscard]] virtual Result<int> count_users() const = 0;

    [[nodiscard]] virtual Status create_team(const TeamRecord& team) = 0;  // Conflict if the name exists
    [[nodiscard]] virtual Result<std::vector<TeamRecord>> list_teams() const = 0;  // sorted by name

    [[nodiscard]] virtual Status create_session(const SessionRecord& session) = 0;
    // NotFound when no such session (signed out or never existed); expiry is the caller's check.
    [[nodiscard]] virtual Result<SessionRecord> session(const std::string& id_sha256) const = 0;
    [[nodiscard]] virtual Status delete_session(const std::string& id_sha256) = 0;
    // Signs a user out everywhere (password change, disable). Returns how many were deleted.
    [[nodiscard]] virtual Result<int> delete_sessions_of(const std::string& user) = 0;
    // Deletes sessions whose expires_at is before `now` (RFC 3339). Returns how many.
    [[nodiscard]] virtual Result<int> delete_expired_sessions(const std::string& now) = 0;

    [[nodiscard]] virtual Status create_api_token(const ApiTokenRecord& token) = 0;
    // NotFound when no token has this hash (revoked tokens are returned with revoked = true).
    [[nodiscard]] virtual Result<ApiTokenRecord> api_token_by_hash(const std::string& token_sha256) const = 0;
    [[nodiscard]] virtual Result<std::vector<ApiTokenRecord>> list_api_tokens(const std::string& user) const = 0;
    [[nodiscard]] virtual Status revoke_api_token(const std::string& id) = 0;  // NotFound if absent
    [[nodiscard]] virtual Status touch_api_token(const std::string& id, const std::string& at) = 0;

    // Server-wide settings edited in the admin pages (e.g. "retention_days"); nullopt when never set.
    [[nodiscard]] virtual Result<std::optional<std::string>> setting(const std::string& key) const = 0;
    [[nodiscard]] virtual Status set_setting(const std::string& key, const std::string& value) = 0;
};

}  // namespace borough::store
