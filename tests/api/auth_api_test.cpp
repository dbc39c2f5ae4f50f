// Black-box: signing in and out, session cookies and CSRF, API tokens, disabled users and the
// sign-in rate limit (docs/api.md "Authentication").
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace borough::api_test {
namespace {

using AuthApi = ApiTest;

TEST_F(AuthApi, SignInSetsAStrictHttpOnlyCookieAndReturnsTheUserAndCsrfToken) {
    ApiClient c = anonymous();
    const auto r = c.sign_in("admin", kPassword);
    ASSERT_EQ(r.status, 200) << r.describe();
    const std::string cookie = r.header("Set-Cookie");
    EXPECT_EQ(cookie.rfind("borough_session=", 0), 0U) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no TLS here, so no Secure flag: " << cookie;
    Json j = r.json();
    EXPECT_EQ(j["user"]["name"], "admin");
    EXPECT_EQ(j["user"]["role"], "admin");
    ASSERT_TRUE(j["csrf_token"].is_string());
    EXPECT_GE(j["csrf_token"].get<std::string>().size(), 16U);
    EXPECT_GE(c.cookie().size(), std::string("borough_session=").size() + 16);

    const auto me = c.get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.describe();
    EXPECT_EQ(me.json()["user"]["name"], "admin");
    EXPECT_EQ(me.json()["user"]["display_name"], "Ada Admin");
    EXPECT_EQ(me.json()["csrf_token"], j["csrf_token"]);
    Json perms = me.json()["permissions"];
    ASSERT_TRUE(perms.is_array());
    EXPECT_NE(std::find(perms.begin(), perms.end(), Json("admin")), perms.end()) << dump_json(perms);
}

TEST_F(AuthApi, WrongPasswordAndUnknownUserAreTheSame401) {
    ApiClient c = anonymous();
    const auto wrong = c.sign_in("admin", "not the password");
    EXPECT_EQ(wrong.status, 401) << wrong.describe();
    EXPECT_EQ(wrong.error_code(), "Unauthenticated");
    EXPECT_EQ(wrong.header("Set-Cookie"), "");
    const auto unknown = c.sign_in("nobody", kPassword);
    EXPECT_EQ(unknown.status, 401) << unknown.describe();
    // The message must not reveal which user names exist.
    EXPECT_EQ(wrong.json()["error"]["message"], unknown.json()["error"]["message"]);
}

TEST_F(AuthApi, NoCredentialsIs401AndABadCookieIsToo) {
    ApiClient c = anonymous();
    const auto r = c.get("/api/v1/me");
    EXPECT_EQ(r.status, 401) << r.describe();
    EXPECT_EQ(r.error_code(), "Unauthenticated");
    EXPECT_EQ(c.get("/api/v1/jobs").status, 401);
    c.set_cookie("borough_session=0123456789abcdef0123456789abcdef");
    EXPECT_EQ(c.get("/api/v1/me").status, 401);
}

TEST_F(AuthApi, StateChangesWithTheCookieNeedTheCsrfToken) {
    ApiClient c = make_user("sam", "staff", kTeamA);
    const std::string good = c.csrf();
    ASSERT_FALSE(good.empty());

    c.set_csrf("");
    const auto missing = submit_text(c, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt"));
    EXPECT_EQ(missing.status, 403) << missing.describe();
    EXPECT_EQ(missing.error_code(), "PermissionDenied");
    EXPECT_EQ(missing.error_field(), "X-CSRF-Token");

    c.set_csrf(good + "x");
    const auto wrong = submit_text(c, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt"));
    EXPECT_EQ(wrong.status, 403) << wrong.describe();
    EXPECT_EQ(wrong.error_field(), "X-CSRF-Token");

    // Another user's valid token is still the wrong one for this session.
    c.set_csrf(admin_->csrf());
    EXPECT_EQ(submit_text(c, "meeting-minutes", "notes.txt", "Jo: hello.\n").status, 403);

    // Nothing was created by the refused requests.
    c.set_csrf(good);
    const auto list = c.get("/api/v1/jobs");
    ASSERT_EQ(list.status, 200) << list.describe();
    EXPECT_TRUE(list.json()["jobs"].empty()) << list.body;

    const auto ok = submit_text(c, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt"));
    EXPECT_EQ(ok.status, 202) << ok.describe();
}

TEST_F(AuthApi, SignOutEndsTheSessionAndClearsTheCookie) {
    ApiClient c = make_user("sam", "staff", kTeamA);
    const std::string cookie = c.cookie();
    const auto out = c.del("/api/v1/session");
    EXPECT_EQ(out.status, 204) << out.describe();
    const std::string cleared = out.header("Set-Cookie");
    EXPECT_EQ(cleared.rfind("borough_session=", 0), 0U) << cleared;
    EXPECT_TRUE(cleared.find("Max-Age=0") != std::string::npos || cleared.find("Expires=") != std::string::npos)
        << cleared;
    ApiClient replay = anonymous();
    replay.set_cookie(cookie);
    EXPECT_EQ(replay.get("/api/v1/me").status, 401) << "the old cookie must stop working";
}

TEST_F(AuthApi, BearerTokenWorksWithoutCsrfUntilRevoked) {
    ApiClient c = make_user("sam", "staff", kTeamA);
    const auto made = c.post("/api/v1/tokens", {{"name", "nightly export"}});
    ASSERT_EQ(made.status, 201) << made.describe();
    const std::string token = made.json()["token"].get<std::string>();
    const std::string id = made.json()["id"].get<std::string>();
    EXPECT_EQ(token.rfind("brg_", 0), 0U) << token;

    const auto listed = c.get("/api/v1/tokens");
    ASSERT_EQ(listed.status, 200) << listed.describe();
    ASSERT_EQ(listed.json()["tokens"].size(), 1U) << listed.body;
    EXPECT_EQ(listed.json()["tokens"][0]["name"], "nightly export");
    EXPECT_EQ(listed.body.find(token), std::string::npos) << "the clear token is shown only once";

    ApiClient script = anonymous();
    script.use_token(token);
    EXPECT_EQ(script.get("/api/v1/me").json()["user"]["name"], "sam");
    const auto submitted = submit_text(script, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt"));
    EXPECT_EQ(submitted.status, 202) << "a Bearer token needs no CSRF header: " << submitted.describe();

    ApiClient bad = anonymous();
    bad.use_token(token + "0");
    EXPECT_EQ(bad.get("/api/v1/me").status, 401);

    const auto revoked = c.del("/api/v1/tokens/" + id);
    EXPECT_EQ(revoked.status, 204) << revoked.describe();
    const auto after = script.get("/api/v1/me");
    EXPECT_EQ(after.status, 401) << after.describe();
    EXPECT_EQ(after.error_code(), "Unauthenticated");
}

TEST_F(AuthApi, TokenMadeByTheCliWorks) {
    make_user("sam", "staff", kTeamA);
    const auto r = server_->cli({"tokens", "add", "--user", "sam", "--name", "load test"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    std::string token = r.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    ASSERT_EQ(token.rfind("brg_", 0), 0U) << r.out;
    ApiClient script = anonymous();
    script.use_token(token);
    const auto me = script.get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.describe();
    EXPECT_EQ(me.json()["user"]["name"], "sam");
}

TEST_F(AuthApi, DisabledUserLosesSessionsAndTokensAndCannotSignIn) {
    ApiClient c = make_user("sam", "staff", kTeamA);
    const auto made = c.post("/api/v1/tokens", {{"name", "script"}});
    ASSERT_EQ(made.status, 201) << made.describe();
    ApiClient script = anonymous();
    script.use_token(made.json()["token"].get<std::string>());
    ASSERT_EQ(script.get("/api/v1/me").status, 200);

    const auto disabled = admin_->patch("/api/v1/users/sam", {{"disabled", true}});
    ASSERT_EQ(disabled.status, 200) << disabled.describe();
    EXPECT_EQ(c.get("/api/v1/me").status, 401);
    EXPECT_EQ(script.get("/api/v1/me").status, 401);
    ApiClient again = anonymous();
    const auto r = again.sign_in("sam", kPassword);
    EXPECT_TRUE(r.status == 401 || r.status == 403) << r.describe();
    EXPECT_EQ(r.header("Set-Cookie"), "");

    ASSERT_EQ(admin_->patch("/api/v1/users/sam", {{"disabled", false}}).status, 200);
    EXPECT_EQ(again.sign_in("sam", kPassword).status, 200);
}

TEST_F(AuthApi, TenFailedSignInsAMinuteAreRateLimited) {
    ApiClient c = anonymous();
    for (int i = 0; i < 10; ++i) {
        const auto r = c.sign_in("admin", "guess " + std::to_string(i));
        ASSERT_EQ(r.status, 401) << "attempt " << i + 1 << ": " << r.describe();
    }
    const auto limited = c.sign_in("admin", "guess 11");
    EXPECT_EQ(limited.status, 429) << limited.describe();
    EXPECT_EQ(limited.error_code(), "ResourceExhausted");
    const std::string retry = limited.header("Retry-After");
    ASSERT_FALSE(retry.empty());
    EXPECT_GT(std::stoi(retry), 0);
    EXPECT_LE(std::stoi(retry), 60);
    // Even the right password is refused while limited, so guessing cannot continue.
    EXPECT_EQ(c.sign_in("admin", kPassword).status, 429);
    // Already signed-in users are not affected.
    EXPECT_EQ(admin_->get("/api/v1/me").status, 200);
}

}  // namespace
}  // namespace borough::api_test
