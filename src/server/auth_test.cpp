#include "server/auth.h"

#include <gtest/gtest.h>

namespace borough::server {
namespace {

using store::Role;

TEST(Permissions, TableOfDocsApiMd) {
    EXPECT_TRUE(has_permission(Role::Auditor, Permission::JobsRead));
    EXPECT_FALSE(has_permission(Role::Auditor, Permission::JobsCreate));
    EXPECT_TRUE(has_permission(Role::Auditor, Permission::OutputsExport));
    EXPECT_TRUE(has_permission(Role::Auditor, Permission::AuditRead));
    EXPECT_FALSE(has_permission(Role::Auditor, Permission::Admin));
    EXPECT_TRUE(has_permission(Role::Staff, Permission::OutputsEdit));
    EXPECT_FALSE(has_permission(Role::Staff, Permission::OutputsReview));
    EXPECT_FALSE(has_permission(Role::Staff, Permission::AuditRead));
    EXPECT_TRUE(has_permission(Role::Reviewer, Permission::OutputsReview));
    EXPECT_FALSE(has_permission(Role::Reviewer, Permission::Admin));
    for (Permission p : {Permission::Public, Permission::SignedIn, Permission::JobsRead, Permission::Admin}) {
        EXPECT_TRUE(has_permission(Role::Admin, p));
    }
    EXPECT_EQ(permission_names(Role::Staff),
              (std::vector<std::string>{"jobs.read", "jobs.create", "jobs.cancel", "outputs.edit", "outputs.export"}));
}

TEST(Permissions, TeamScoping) {
    store::UserRecord staff{"sam", "Sam", Role::Staff, "adults-north", "", false, ""};
    store::UserRecord auditor{"ann", "Ann", Role::Auditor, "", "", false, ""};
    store::JobRecord mine;
    mine.team = "adults-north";
    store::JobRecord theirs;
    theirs.team = "housing";
    store::JobRecord cli;  // created from the CLI: no team
    EXPECT_TRUE(can_see_job(staff, mine));
    EXPECT_FALSE(can_see_job(staff, theirs));
    EXPECT_FALSE(can_see_job(staff, cli));
    EXPECT_TRUE(can_see_job(auditor, theirs));
    store::UserRecord no_team{"x", "X", Role::Staff, "", "", false, ""};
    EXPECT_FALSE(can_see_job(no_team, cli)) << "an empty team must not match jobs without a team";
}

TEST(Auth, CookieValue) {
    EXPECT_EQ(cookie_value("a=1; borough_session=abc-_; b=2", "borough_session"), "abc-_");
    EXPECT_EQ(cookie_value("borough_session_x=1;borough_session= v ", "borough_session"), "v");
    EXPECT_EQ(cookie_value("a=1", "borough_session"), "");
    EXPECT_EQ(cookie_value("", "borough_session"), "");
}

TEST(Auth, CsrfOnlyForCookieSessionsAndUnsafeMethods) {
    Principal session;
    session.via_session = true;
    session.csrf_token = "tok123";
    EXPECT_TRUE(Authenticator::check_csrf(session, "GET", ""));
    auto missing = Authenticator::check_csrf(session, "POST", "");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(missing.error().field, "X-CSRF-Token");
    EXPECT_FALSE(Authenticator::check_csrf(session, "DELETE", "tok124"));
    EXPECT_TRUE(Authenticator::check_csrf(session, "PATCH", "tok123"));
    Principal token;
    EXPECT_TRUE(Authenticator::check_csrf(token, "POST", ""));
}

}  // namespace
}  // namespace borough::server
