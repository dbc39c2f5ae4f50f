// Who is calling and what they may do: browser sessions (cookie + CSRF token), API tokens for scripts,
// the role → permission table of docs/api.md, and team scoping of jobs. No HTTP library types here, so
// the rules are testable on their own; server.cpp feeds it header values.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/rate_limiter.h"
#include "store/account_store.h"
#include "store/job_store.h"

namespace borough::server {

// What a route requires. Public and SignedIn are not role permissions: anyone, and any signed-in user.
enum class Permission {
    Public,
    SignedIn,
    JobsRead,
    JobsCreate,
    JobsCancel,
    OutputsEdit,
    OutputsReview,
    OutputsExport,
    AuditRead,
    Admin,
};

std::string_view to_string(Permission permission);  // "jobs.read", ..., "public", "signed-in"
// The docs/api.md table. Public and SignedIn are granted to every role.
[[nodiscard]] bool has_permission(store::Role role, Permission permission);
// The role's permissions as names, in table order (for GET /me).
[[nodiscard]] std::vector<std::string> permission_names(store::Role role);
// Admins and auditors read every team's jobs; staff and reviewers only their own team's.
[[nodiscard]] bool sees_every_team(store::Role role);
// Whether `user` may see `job` at all (a job they may not see is reported as NotFound).
[[nodiscard]] bool can_see_job(const store::UserRecord& user, const store::JobRecord& job);

// The authenticated caller of one request.
struct Principal {
    store::UserRecord user;
    bool via_session = false;       // true: cookie session (CSRF applies); false: API token
    std::string session_id_sha256;  // when via_session
    std::string csrf_token;         // when via_session
    std::string token_id;           // when an API token
};

struct SignIn {
    store::UserRecord user;
    std::string session_cookie;  // the clear session id: sent once in Set-Cookie, stored only as sha256
    std::string csrf_token;
    std::string expires_at;  // RFC 3339
};

struct AuthOptions {
    int session_hours = 12;
    int login_failures_per_minute = 10;  // per client address
};

inline constexpr std::string_view kSessionCookie = "borough_session";
inline constexpr std::string_view kTokenPrefix = "brg_";

// Thread-safe (the store is thread-safe; the limiter locks).
class Authenticator {
public:
    Authenticator(store::AccountStore& accounts, const Clock& clock, AuthOptions options);

    // Identifies the caller from the Cookie and Authorization header values (either may be empty).
    // A Bearer token wins over a cookie. nullopt when neither is present. Unauthenticated when the
    // session or token is unknown, expired, revoked, or its user is disabled or gone.
    [[nodiscard]] Result<std::optional<Principal>> authenticate(std::string_view cookie_header,
                                                                std::string_view authorization_header);

    // Checks the password and opens a session. ResourceExhausted (field "rate") when the client
    // address has failed too often in the last minute: `retry_after_s` is then set. Unauthenticated
    // for an unknown user or a wrong password (the same message and about the same time for both);
    // PermissionDenied for a disabled account (only after the right password).
    [[nodiscard]] Result<SignIn> sign_in(const std::string& username, const std::string& password,
                                         const std::string& client_address, int& retry_after_s);
    [[nodiscard]] Status sign_out(const Principal& principal);

    // CSRF rule: a state-changing method (POST, PUT, PATCH, DELETE) authenticated by a cookie must send
    // the session's token in X-CSRF-Token. PermissionDenied (field "X-CSRF-Token") otherwise.
    [[nodiscard]] static Status check_csrf(const Principal& principal, std::string_view method,
                                           std::string_view csrf_header);

    // A new API token for `user`: {record, clear token "brg_..."}.
    [[nodiscard]] Result<std::pair<store::ApiTokenRecord, std::string>> create_token(const std::string& user,
                                                                                     const std::string& name);

private:
    [[nodiscard]] Result<std::optional<Principal>> from_token(std::string_view token);
    [[nodiscard]] Result<std::optional<Principal>> from_session(std::string_view cookie_value);
    [[nodiscard]] Result<store::UserRecord> active_user(const std::string& name);

    store::AccountStore& accounts_;
    const Clock& clock_;
    AuthOptions options_;
    RateLimiter failures_;
    std::string dummy_hash_;  // verified against when the user does not exist, to keep timing flat
};

// The value of cookie `name` in a Cookie header ("a=1; b=2"); "" when absent.
[[nodiscard]] std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace borough::server
