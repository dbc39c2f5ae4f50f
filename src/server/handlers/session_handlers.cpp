// Sign-in and sign-out, the caller's own identity, and API tokens.
#include <fmt/format.h>

#include "server/call.h"
#include "server/handlers/handlers.h"
#include "server/views.h"

namespace borough::server::handlers {

namespace {

std::string session_cookie(const Call& call, std::string_view value, int max_age_s) {
    return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}", kSessionCookie, value, max_age_s,
                       call.state.tls ? "; Secure" : "");
}

}  // namespace

Status sign_in(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string username, string_field(body, "username", true));
    BOROUGH_TRY(std::string password, string_field(body, "password", true));
    auto signed_in = call.state.auth.sign_in(username, password, call.req.remote_addr, call.retry_after_s);
    if (!signed_in) return fail(std::move(signed_in).error());
    call.res.set_header("Set-Cookie",
                        session_cookie(call, signed_in->session_cookie, call.state.config.session_hours * 3600));
    reply_json(call, 200, Json{{"user", user_json(signed_in->user)}, {"csrf_token", signed_in->csrf_token}});
    return {};
}

Status sign_out(Call& call) {
    BOROUGH_TRY_STATUS(call.state.auth.sign_out(call.who()));
    call.res.set_header("Set-Cookie", session_cookie(call, "", 0));
    reply_no_content(call);
    return {};
}

Status me(Call& call) {
    const Principal& p = call.who();
    reply_json(
        call, 200,
        Json{
            {"user", user_json(p.user)}, {"permissions", permission_names(p.user.role)}, {"csrf_token", p.csrf_token}});
    return {};
}

Status list_tokens(Call& call) {
    BOROUGH_TRY(std::vector<store::ApiTokenRecord> tokens,
                call.state.deps.accounts.list_api_tokens(call.who().user.name));
    Json list = Json::array();
    for (const auto& t : tokens) {
        list.push_back({{"id", t.id},
                        {"name", t.name},
                        {"created_at", t.created_at},
                        {"last_used_at", t.last_used_at},
                        {"revoked", t.revoked}});
    }
    reply_json(call, 200, Json{{"tokens", std::move(list)}});
    return {};
}

Status create_token(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string name, string_field(body, "name", true));
    if (name.empty() || name.size() > 100) {
        return fail(ErrorCode::InvalidInput, "'name' must be 1-100 characters saying what the token is for", "name");
    }
    BOROUGH_TRY(auto created, call.state.auth.create_token(call.who().user.name, name));
    BOROUGH_TRY_STATUS(audit(call, "token.created", created.first.id, Json::object()));
    reply_json(call, 201, Json{{"id", created.first.id}, {"token", created.second}});
    return {};
}

Status revoke_token(Call& call) {
    const std::string& id = call.args.at(0);
    const store::UserRecord& user = call.who().user;
    if (user.role != store::Role::Admin) {
        BOROUGH_TRY(std::vector<store::ApiTokenRecord> own, call.state.deps.accounts.list_api_tokens(user.name));
        const bool mine = std::any_of(own.begin(), own.end(), [&](const auto& t) { return t.id == id; });
        if (!mine) return fail(ErrorCode::NotFound, "no such token of yours", "id");
    }
    BOROUGH_TRY_STATUS(call.state.deps.accounts.revoke_api_token(id));
    BOROUGH_TRY_STATUS(audit(call, "token.revoked", id, Json::object()));
    reply_no_content(call);
    return {};
}

}  // namespace borough::server::handlers
