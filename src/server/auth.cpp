#include "server/auth.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/ids.h"
#include "core/log.h"
#include "core/password_hash.h"
#include "core/sha256.h"
#include "core/strings.h"

namespace borough::server {

namespace {

struct RoleGrants {
    Permission permission;
    std::array<bool, 4> by_role;  // admin, staff, reviewer, auditor
};

// docs/api.md "Roles and permissions", in the same order.
constexpr std::array<RoleGrants, 8> kGrants{{
    {Permission::JobsRead, {true, true, true, true}},
    {Permission::JobsCreate, {true, true, true, false}},
    {Permission::JobsCancel, {true, true, true, false}},
    {Permission::OutputsEdit, {true, true, true, false}},
    {Permission::OutputsReview, {true, false, true, false}},
    {Permission::OutputsExport, {true, true, true, true}},
    {Permission::AuditRead, {true, false, false, true}},
    {Permission::Admin, {true, false, false, false}},
}};

std::size_t role_index(store::Role role) {
    switch (role) {
        case store::Role::Admin:
            return 0;
        case store::Role::Staff:
            return 1;
        case store::Role::Reviewer:
            return 2;
        case store::Role::Auditor:
            return 3;
    }
    return 1;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

Unexpected<Error> unauthenticated(std::string message) { return fail(ErrorCode::Unauthenticated, std::move(message)); }

}  // namespace

std::string_view to_string(Permission permission) {
    switch (permission) {
        case Permission::Public:
            return "public";
        case Permission::SignedIn:
            return "signed-in";
        case Permission::JobsRead:
            return "jobs.read";
        case Permission::JobsCreate:
            return "jobs.create";
        case Permission::JobsCancel:
            return "jobs.cancel";
        case Permission::OutputsEdit:
            return "outputs.edit";
        case Permission::OutputsReview:
            return "outputs.review";
        case Permission::OutputsExport:
            return "outputs.export";
        case Permission::AuditRead:
            return "audit.read";
        case Permission::Admin:
            return "admin";
    }
    return "admin";
}

bool has_permission(store::Role role, Permission permission) {
    if (permission == Permission::Public || permission == Permission::SignedIn) return true;
    for (const auto& grant : kGrants) {
        if (grant.permission == permission) return grant.by_role[role_index(role)];
    }
    return false;
}

std::vector<std::string> permission_names(store::Role role) {
    std::vector<std::string> names;
    for (const auto& grant : kGrants) {
        if (grant.by_role[role_index(role)]) names.emplace_back(to_string(grant.permission));
    }
    return names;
}

bool sees_every_team(store::Role role) { return role == store::Role::Admin || role == store::Role::Auditor; }

bool can_see_job(const store::UserRecord& user, const store::JobRecord& job) {
    return sees_every_team(user.role) || (!user.team.empty() && job.team == user.team);
}

std::string_view cookie_value(std::string_view cookie_header, std::string_view name) {
    while (!cookie_header.empty()) {
        const std::size_t semi = cookie_header.find(';');
        std::string_view pair = trim_ascii_whitespace(cookie_header.substr(0, semi));
        cookie_header = semi == std::string_view::npos ? std::string_view{} : cookie_header.substr(semi + 1);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (trim_ascii_whitespace(pair.substr(0, eq)) == name) return trim_ascii_whitespace(pair.substr(eq + 1));
    }
    return {};
}

Authenticator::Authenticator(store::AccountStore& accounts, const Clock& clock, AuthOptions options)
    : accounts_(accounts), clock_(clock), options_(options), failures_(options.login_failures_per_minute) {
    // A real argon2id hash of a random password: verifying against it costs what a real check costs.
    auto dummy = hash_password(random_token(24));
    if (dummy) dummy_hash_ = std::move(*dummy);
}

Result<store::UserRecord> Authenticator::active_user(const std::string& name) {
    auto user = accounts_.user(name);
    if (!user) {
        if (user.error().code == ErrorCode::NotFound)
            return unauthenticated("your account no longer exists; sign in again");
        return fail(user.error());
    }
    if (user->disabled) return unauthenticated("your account is disabled; ask an administrator");
    return std::move(*user);
}

Result<std::optional<Principal>> Authenticator::from_token(std::string_view token) {
    if (!token.starts_with(kTokenPrefix)) return unauthenticated("the API token is not a borough token (brg_...)");
    auto record = accounts_.api_token_by_hash(sha256_hex(token));
    if (!record) {
        if (record.error().code == ErrorCode::NotFound) return unauthenticated("the API token is not valid");
        return fail(record.error());
    }
    if (record->revoked) return unauthenticated("the API token has been revoked");
    BOROUGH_TRY(store::UserRecord user, active_user(record->user));
    // last_used_at to the minute: one write a minute per token, not one per request.
    const std::string now = format_utc(clock_.now());
    if (record->last_used_at.substr(0, 16) != now.substr(0, 16)) (void)accounts_.touch_api_token(record->id, now);
    Principal p;
    p.user = std::move(user);
    p.token_id = record->id;
    return std::optional<Principal>(std::move(p));
}

Result<std::optional<Principal>> Authenticator::from_session(std::string_view cookie) {
    auto session = accounts_.session(sha256_hex(cookie));
    if (!session) {
        if (session.error().code == ErrorCode::NotFound)
            return unauthenticated("your session has ended; sign in again");
        return fail(session.error());
    }
    if (session->expires_at <= format_utc(clock_.now())) {
        (void)accounts_.delete_session(session->id_sha256);
        return unauthenticated("your session has expired; sign in again");
    }
    BOROUGH_TRY(store::UserRecord user, active_user(session->user));
    Principal p;
    p.user = std::move(user);
    p.via_session = true;
    p.session_id_sha256 = session->id_sha256;
    p.csrf_token = session->csrf_token;
    return std::optional<Principal>(std::move(p));
}

Result<std::optional<Principal>> Authenticator::authenticate(std::string_view cookie_header,
                                                             std::string_view authorization_header) {
    if (!authorization_header.empty()) {
        constexpr std::string_view kBearer = "Bearer ";
        if (!authorization_header.starts_with(kBearer)) {
            return fail(ErrorCode::Unauthenticated, "only 'Authorization: Bearer brg_...' is accepted",
                        "Authorization");
        }
        return from_token(trim_ascii_whitespace(authorization_header.substr(kBearer.size())));
    }
    const std::string_view cookie = cookie_value(cookie_header, kSessionCookie);
    if (cookie.empty()) return std::optional<Principal>();
    return from_session(cookie);
}

Result<SignIn> Authenticator::sign_in(const std::string& username, const std::string& password,
                                      const std::string& client_address, int& retry_after_s) {
    const auto now = clock_.steady_now();
    if (auto wait = failures_.blocked_for(client_address, now)) {
        retry_after_s = *wait;
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("too many failed sign-ins from this address; try again in {} s", *wait), "rate");
    }
    auto user = accounts_.user(username);
    if (!user && user.error().code != ErrorCode::NotFound) return fail(user.error());
    const bool ok = verify_password(password, user ? user->password_hash : dummy_hash_) && user.has_value();
    if (!ok) {
        failures_.record(client_address, now);
        BOROUGH_LOG_INFO("auth", "failed sign-in from {}", client_address);
        return fail(ErrorCode::Unauthenticated, "the user name or password is wrong", "password");
    }
    if (user->disabled)
        return fail(ErrorCode::PermissionDenied, "this account is disabled; ask an administrator", "username");

    SignIn out;
    out.session_cookie = random_token(32);
    out.csrf_token = random_token(32);
    const auto wall = clock_.now();
    out.expires_at = format_utc(wall + std::chrono::hours(options_.session_hours));
    BOROUGH_TRY_STATUS(accounts_.create_session(
        {sha256_hex(out.session_cookie), user->name, out.csrf_token, format_utc(wall), out.expires_at}));
    out.user = std::move(*user);
    return out;
}

Status Authenticator::sign_out(const Principal& principal) {
    if (!principal.via_session) return {};
    return accounts_.delete_session(principal.session_id_sha256);
}

Status Authenticator::check_csrf(const Principal& principal, std::string_view method, std::string_view csrf_header) {
    if (!principal.via_session) return {};
    if (method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE") return {};
    if (csrf_header.empty()) {
        return fail(ErrorCode::PermissionDenied, "a signed-in browser request that changes data must send X-CSRF-Token",
                    "X-CSRF-Token");
    }
    if (!constant_time_equal(csrf_header, principal.csrf_token)) {
        return fail(ErrorCode::PermissionDenied, "the X-CSRF-Token does not match this session", "X-CSRF-Token");
    }
    return {};
}

Result<std::pair<store::ApiTokenRecord, std::string>> Authenticator::create_token(const std::string& user,
                                                                                  const std::string& name) {
    std::string clear = std::string(kTokenPrefix) + random_token(32);
    store::ApiTokenRecord record;
    record.id = "tok_" + random_hex(12);
    record.user = user;
    record.name = name;
    record.token_sha256 = sha256_hex(clear);
    record.created_at = format_utc(clock_.now());
    BOROUGH_TRY_STATUS(accounts_.create_api_token(record));
    return std::pair{std::move(record), std::move(clear)};
}

}  // namespace borough::server
