// The server over HTTP: sign-in, sessions, CSRF, API tokens, roles, bad requests, headers, metrics,
// OpenAPI and the web pages.
#include "server/server.h"

#include <gtest/gtest.h>

#include "server/routes.h"
#include "server/test_server.h"

namespace borough::server {
namespace {

using test::ServerFixture;
using test::Session;

class ServerTest : public ServerFixture {};

TEST_F(ServerTest, HealthzAndSecurityHeadersOnEveryResponse) {
    auto c = client();
    auto res = c.Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(body_of(res), (Json{{"status", "ok"}, {"version", "test-1"}}));
    for (const auto* path : {"/healthz", "/api/v1/no-such-route", "/"}) {
        auto r = c.Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
        EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY") << path;
        EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << path;
        EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_FALSE(r->has_header("Strict-Transport-Security")) << "no HSTS without TLS";
        EXPECT_FALSE(r->get_header_value("X-Request-Id").empty()) << path;
    }
    auto missing = c.Get("/api/v1/no-such-route");
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(error_code(missing), "NotFound");
    EXPECT_EQ(missing->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ServerTest, PagesAreRevalidatedByETag) {
    auto c = client();
    auto page = c.Get("/");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
    const std::string etag = page->get_header_value("ETag");
    ASSERT_EQ(etag.size(), 18u) << etag;
    auto again = c.Get("/", {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
    auto changed = c.Get("/", {{"If-None-Match", "\"0000000000000000\""}});
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->status, 200);
    EXPECT_EQ(changed->body, page->body);
}

TEST_F(ServerTest, SignInSetsAStrictHttpOnlyCookieAndMeShowsPermissions) {
    auto c = client();
    auto res =
        c.Post("/api/v1/session", R"({"username":"sam","password":"correct horse battery"})", "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string cookie = res->get_header_value("Set-Cookie");
    EXPECT_TRUE(cookie.starts_with("borough_session=")) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);
    const Json body = body_of(res);
    EXPECT_EQ(body["user"]["name"], "sam");
    EXPECT_EQ(body["user"]["team"], "adults-north");
    EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 43u);

    Session s{cookie.substr(0, cookie.find(';')), body["csrf_token"]};
    auto me = c.Get("/api/v1/me", {{"Cookie", s.cookie}});
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200);
    EXPECT_EQ(body_of(me)["user"]["role"], "staff");
    EXPECT_EQ(body_of(me)["permissions"],
              (Json{"jobs.read", "jobs.create", "jobs.cancel", "outputs.edit", "outputs.export"}));
    EXPECT_EQ(body_of(me)["csrf_token"], s.csrf);

    // Signing out ends the session on the server, not just in the browser.
    auto out = c.Delete("/api/v1/session", as(s));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 204);
    EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
    auto after = c.Get("/api/v1/me", {{"Cookie", s.cookie}});
    EXPECT_EQ(after->status, 401);
}

TEST_F(ServerTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
    auto c = client();
    auto wrong = c.Post("/api/v1/session", R"({"username":"sam","password":"not the password"})", "application/json");
    auto unknown =
        c.Post("/api/v1/session", R"({"username":"nobody","password":"not the password"})", "application/json");
    ASSERT_TRUE(wrong && unknown);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(unknown->status, 401);
    EXPECT_EQ(error_code(wrong), "Unauthenticated");
    EXPECT_EQ(body_of(wrong), body_of(unknown));
    EXPECT_FALSE(wrong->has_header("Set-Cookie"));
}

TEST_F(ServerTest, FailedSignInsAreRateLimitedPerAddress) {
    auto c = client();
    for (int i = 0; i < 10; ++i) {
        auto res =
            c.Post("/api/v1/session", R"({"username":"sam","password":"guess guess guess"})", "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 401) << i;
    }
    auto limited =
        c.Post("/api/v1/session", R"({"username":"sam","password":"correct horse battery"})", "application/json");
    ASSERT_TRUE(limited);
    EXPECT_EQ(limited->status, 429);
    EXPECT_EQ(error_code(limited), "ResourceExhausted");
    const int retry = std::stoi(limited->get_header_value("Retry-After"));
    EXPECT_GE(retry, 1);
    EXPECT_LE(retry, 60);
}

TEST_F(ServerTest, NoCredentialsIs401) {
    auto c = client();
    for (const auto* path : {"/api/v1/jobs", "/api/v1/me", "/api/v1/users"}) {
        auto res = c.Get(path);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 401) << path;
        EXPECT_EQ(error_code(res), "Unauthenticated");
    }
    auto bogus = c.Get("/api/v1/me", {{"Cookie", "borough_session=made-up"}});
    EXPECT_EQ(bogus->status, 401);
}

TEST_F(ServerTest, CookieRequestsThatChangeDataNeedTheCsrfToken) {
    const Session s = sign_in("sam");
    auto c = client();
    auto missing = c.Post("/api/v1/tokens", as(s, false), R"({"name":"nightly"})", "application/json");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 403);
    EXPECT_EQ(error_field(missing), "X-CSRF-Token");
    // A token that differs in its first character (whatever that character is).
    const std::string other = (s.csrf[0] == 'x' ? "y" : "x") + s.csrf.substr(1);
    httplib::Headers wrong{{"Cookie", s.cookie}, {"X-CSRF-Token", other}};
    EXPECT_EQ(c.Post("/api/v1/tokens", wrong, R"({"name":"nightly"})", "application/json")->status, 403);
    auto ok = c.Post("/api/v1/tokens", as(s), R"({"name":"nightly"})", "application/json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 201) << ok->body;
}

TEST_F(ServerTest, BearerTokensWorkWithoutCsrfUntilRevoked) {
    const Session s = sign_in("sam");
    auto c = client();
    auto created = c.Post("/api/v1/tokens", as(s), R"({"name":"nightly export"})", "application/json");
    ASSERT_EQ(created->status, 201);
    const std::string token = body_of(created)["token"];
    const std::string id = body_of(created)["id"];
    EXPECT_TRUE(token.starts_with("brg_"));
    httplib::Headers bearer{{"Authorization", "Bearer " + token}};
    auto me = c.Get("/api/v1/me", bearer);
    ASSERT_EQ(me->status, 200);
    EXPECT_EQ(body_of(me)["user"]["name"], "sam");
    EXPECT_EQ(body_of(me)["csrf_token"], "");
    // No CSRF header needed with a token.
    EXPECT_EQ(c.Post("/api/v1/tokens", bearer, R"({"name":"second"})", "application/json")->status, 201);
    auto list = c.Get("/api/v1/tokens", bearer);
    ASSERT_EQ(list->status, 200);
    EXPECT_EQ(body_of(list)["tokens"].size(), 2u);
    EXPECT_FALSE(list->body.find(token) != std::string::npos) << "the clear token is shown once only";

    // Another user cannot revoke it; its owner can.
    const Session hana = sign_in("hana");
    EXPECT_EQ(c.Delete(("/api/v1/tokens/" + id).c_str(), as(hana))->status, 404);
    EXPECT_EQ(c.Delete(("/api/v1/tokens/" + id).c_str(), as(s))->status, 204);
    EXPECT_EQ(c.Get("/api/v1/me", bearer)->status, 401);
    EXPECT_EQ(c.Get("/api/v1/me", {{"Authorization", "Bearer brg_unknown"}})->status, 401);
    EXPECT_EQ(c.Get("/api/v1/me", {{"Authorization", "Basic abc"}})->status, 401);
}

TEST_F(ServerTest, DisabledUsersCannotSignInAndLoseTheirSessions) {
    const Session sam = sign_in("sam");
    const Session ada = sign_in("ada");
    auto c = client();
    auto patch = c.Patch("/api/v1/users/sam", as(ada), R"({"disabled":true})", "application/json");
    ASSERT_TRUE(patch);
    ASSERT_EQ(patch->status, 200) << patch->body;
    EXPECT_EQ(body_of(patch)["user"]["disabled"], true);
    EXPECT_EQ(c.Get("/api/v1/me", {{"Cookie", sam.cookie}})->status, 401);
    auto again =
        c.Post("/api/v1/session", R"({"username":"sam","password":"correct horse battery"})", "application/json");
    EXPECT_EQ(again->status, 403);
    EXPECT_EQ(error_code(again), "PermissionDenied");
    // An admin cannot lock themselves out.
    EXPECT_EQ(c.Patch("/api/v1/users/ada", as(ada), R"({"disabled":true})", "application/json")->status, 400);
}

TEST_F(ServerTest, PermissionsFollowTheRoleTable) {
    auto c = client();
    const Session staff = sign_in("sam");
    const Session reviewer = sign_in("rita");
    const Session auditor = sign_in("aud");
    const Session admin = sign_in("ada");
    EXPECT_EQ(c.Get("/api/v1/users", as(staff))->status, 403);
    EXPECT_EQ(c.Get("/api/v1/users", as(reviewer))->status, 403);
    EXPECT_EQ(c.Get("/api/v1/users", as(auditor))->status, 403);
    EXPECT_EQ(c.Get("/api/v1/users", as(admin))->status, 200);
    EXPECT_EQ(c.Get("/api/v1/audit", as(staff))->status, 403);
    EXPECT_EQ(c.Get("/api/v1/audit", as(reviewer))->status, 403);
    EXPECT_EQ(c.Get("/api/v1/audit", as(auditor))->status, 200);
    EXPECT_EQ(c.Get("/api/v1/audit/verify", as(auditor))->status, 200);
    EXPECT_EQ(c.Get("/api/v1/jobs", as(auditor))->status, 200);
    auto denied = c.Post("/api/v1/jobs", as(auditor), R"({"action":"document-summary"})", "application/json");
    EXPECT_EQ(denied->status, 403);
    EXPECT_EQ(error_code(denied), "PermissionDenied");
    EXPECT_EQ(c.Get("/api/v1/settings", as(staff))->status, 403);
    auto settings = c.Get("/api/v1/settings", as(admin));
    EXPECT_EQ(settings->status, 200);
    EXPECT_EQ(settings->body, R"({"settings":[]})");
    EXPECT_EQ(c.Get("/api/v1/actions", as(staff))->status, 200);
}

TEST_F(ServerTest, BadRequestsAreRefusedWithTheFieldNamed) {
    const Session s = sign_in("sam");
    auto c = client();
    auto malformed = c.Post("/api/v1/tokens", as(s), R"({"name": )", "application/json");
    ASSERT_TRUE(malformed);
    EXPECT_EQ(malformed->status, 400);
    EXPECT_EQ(error_code(malformed), "InvalidInput");
    auto not_object = c.Post("/api/v1/tokens", as(s), R"(["name"])", "application/json");
    EXPECT_EQ(not_object->status, 400);
    auto wrong_type = c.Post("/api/v1/tokens", as(s), R"({"name":"x"})", "text/plain");
    EXPECT_EQ(wrong_type->status, 415);
    EXPECT_EQ(error_field(wrong_type), "Content-Type");
    auto wrong_field = c.Post("/api/v1/tokens", as(s), R"({"name":7})", "application/json");
    EXPECT_EQ(wrong_field->status, 400);
    EXPECT_EQ(error_field(wrong_field), "name");
    // Over max_request_bytes (256 KiB in this fixture).
    const std::string big = R"({"name":")" + std::string(300 * 1024, 'a') + R"("})";
    auto oversize = c.Post("/api/v1/tokens", as(s), big, "application/json");
    ASSERT_TRUE(oversize);
    EXPECT_EQ(oversize->status, 413);
    EXPECT_EQ(error_code(oversize), "ResourceExhausted");
    auto bad_limit = c.Get("/api/v1/jobs?limit=0", as(s));
    EXPECT_EQ(bad_limit->status, 400);
    EXPECT_EQ(error_field(bad_limit), "limit");
    EXPECT_EQ(c.Get("/api/v1/jobs?status=sleeping", as(s))->status, 400);
    EXPECT_EQ(c.Put("/api/v1/me", as(s), "{}", "application/json")->status, 404);
}

TEST_F(ServerTest, OpenApiDocumentListsEveryRoute) {
    auto c = client();
    auto res = c.Get("/api/v1/openapi.json");
    ASSERT_EQ(res->status, 200);
    const Json doc = body_of(res);
    std::size_t operations = 0;
    for (const auto& [path, ops] : doc["paths"].items()) operations += ops.size();
    EXPECT_EQ(operations, routes().size());
    EXPECT_EQ(doc["paths"]["/api/v1/jobs/{id}/review"]["post"]["x-permission"], "outputs.review");
}

TEST_F(ServerTest, MetricsAreUnauthenticatedPrometheusText) {
    auto c = client();
    ASSERT_EQ(c.Get("/healthz")->status, 200);
    (void)c.Get("/api/v1/me");  // a 401
    auto res = c.Get("/metrics");
    ASSERT_EQ(res->status, 200);
    EXPECT_TRUE(res->get_header_value("Content-Type").starts_with("text/plain; version=0.0.4"));
    for (const auto* name :
         {"borough_jobs_total{status=\"succeeded\"} 0", "borough_jobs_queued 0", "borough_jobs_running 0",
          "borough_job_duration_seconds_count 0", "borough_tokens_total{kind=\"prompt\"} 0",
          "borough_http_requests_total{code=\"4xx\"} 1"}) {
        EXPECT_NE(res->body.find(name), std::string::npos) << name << "\n" << res->body;
    }
    EXPECT_NE(res->body.find("borough_http_requests_total{code=\"2xx\"} "), std::string::npos);
}

TEST_F(ServerTest, WebWorkbenchIsServedFromEmbeddedFiles) {
    auto c = client();
    auto root = c.Get("/");
    ASSERT_EQ(root->status, 200);
    EXPECT_EQ(root->get_header_value("Content-Type"), "text/html; charset=utf-8");
    auto deep = c.Get("/jobs/abc/review");
    ASSERT_EQ(deep->status, 200);
    EXPECT_EQ(deep->body, root->body) << "client-side routes get index.html";
    EXPECT_EQ(c.Get("/assets/no-such-file.js")->status, 404);
    EXPECT_EQ(c.Get("/api/v1/no-such-page")->status, 404);
}

TEST_F(ServerTest, AdminManagesUsersTeamsAndRetention) {
    const Session ada = sign_in("ada");
    auto c = client();
    auto team =
        c.Post("/api/v1/teams", as(ada), R"({"name":"childrens-east","service_area":"Children"})", "application/json");
    ASSERT_EQ(team->status, 201) << team->body;
    EXPECT_EQ(c.Post("/api/v1/teams", as(ada), R"({"name":"x","service_area":"Parks"})", "application/json")->status,
              400);
    auto user = c.Post(
        "/api/v1/users", as(ada),
        R"({"name":"cara","display_name":"Cara C","password":"another long password","role":"staff","team":"childrens-east"})",
        "application/json");
    ASSERT_EQ(user->status, 201) << user->body;
    auto weak = c.Post("/api/v1/users", as(ada),
                       R"({"name":"dan","display_name":"Dan","password":"short","role":"staff","team":"housing"})",
                       "application/json");
    EXPECT_EQ(weak->status, 400);
    EXPECT_EQ(error_field(weak), "password");
    auto no_team = c.Post("/api/v1/users", as(ada),
                          R"({"name":"eve","display_name":"Eve","password":"another long password","role":"staff"})",
                          "application/json");
    EXPECT_EQ(no_team->status, 400);
    EXPECT_EQ(error_field(no_team), "team");
    auto cara =
        c.Post("/api/v1/session", R"({"username":"cara","password":"another long password"})", "application/json");
    EXPECT_EQ(cara->status, 200) << cara->body;
    auto users = c.Get("/api/v1/users", as(ada));
    EXPECT_EQ(body_of(users)["users"].size(), 6u);
    EXPECT_EQ(users->body.find("argon2"), std::string::npos) << "hashes never leave the server";

    EXPECT_EQ(body_of(c.Get("/api/v1/settings/retention", as(ada)))["retention_days"], nullptr);
    EXPECT_EQ(c.Put("/api/v1/settings/retention", as(ada), R"({"retention_days":0})", "application/json")->status, 400);
    EXPECT_EQ(c.Put("/api/v1/settings/retention", as(ada), R"({"retention_days":90})", "application/json")->status,
              200);
    EXPECT_EQ(body_of(c.Get("/api/v1/settings/retention", as(ada)))["retention_days"], 90);
}

TEST_F(ServerTest, ActionValidationReportsProblemsWithLines) {
    const Session ada = sign_in("ada");
    auto c = client();
    auto res = c.Post("/api/v1/actions/validate", as(ada), dump_json(Json{{"yaml", "id: x\ntitle: [unclosed\n"}}),
                      "application/json");
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(body_of(res)["ok"], false);
    EXPECT_FALSE(body_of(res)["problems"].empty());
    auto install = c.Put("/api/v1/actions/x", as(ada), dump_json(Json{{"yaml", "id: x\n"}}), "application/json");
    EXPECT_EQ(install->status, 400);
    EXPECT_FALSE(body_of(install)["problems"].empty());
}

TEST_F(ServerTest, AnInstalledActionIsUsedStraightAway) {
    const Session ada = sign_in("ada");
    auto c = client();
    // A copy of a built-in under a new id.
    auto builtin = c.Get("/api/v1/actions/document-summary", as(ada));
    ASSERT_EQ(builtin->status, 200);
    EXPECT_EQ(body_of(builtin)["builtin"], true);
    std::string yaml = body_of(builtin)["yaml"];
    const std::string from = "id: document-summary";
    ASSERT_NE(yaml.find(from), std::string::npos);
    yaml.replace(yaml.find(from), from.size(), "id: board-summary");
    EXPECT_EQ(c.Get("/api/v1/actions/board-summary", as(ada))->status, 404);

    auto install = c.Put("/api/v1/actions/board-summary", as(ada), dump_json(Json{{"yaml", yaml}}), "application/json");
    ASSERT_EQ(install->status, 200) << install->body;
    auto got = c.Get("/api/v1/actions/board-summary", as(ada));
    ASSERT_EQ(got->status, 200) << "no restart needed";
    EXPECT_EQ(body_of(got)["builtin"], false);
    EXPECT_EQ(body_of(got)["yaml"], yaml);
    const Session sam = sign_in("sam");
    auto job = c.Post("/api/v1/jobs", as(sam),
                      dump_json(Json{{"action", "board-summary"},
                                     {"input", {{"name", "notes.txt"}, {"text", std::string(test::kReport)}}}}),
                      "application/json");
    EXPECT_EQ(job->status, 202) << job->body;

    // A built-in cannot be replaced.
    auto replace = c.Put("/api/v1/actions/document-summary", as(ada),
                         dump_json(Json{{"yaml", body_of(builtin)["yaml"].get<std::string>()}}), "application/json");
    EXPECT_EQ(replace->status, 409) << replace->body;
}

}  // namespace
}  // namespace borough::server
