#include "store/account_store.h"

#include <gtest/gtest.h>

#include <string>

namespace borough::store {
namespace {

TEST(RoleTest, EveryRoleRoundTrips) {
    for (Role r : {Role::Admin, Role::Staff, Role::Reviewer, Role::Auditor}) {
        auto parsed = parse_role(to_string(r));
        ASSERT_TRUE(parsed) << to_string(r);
        EXPECT_EQ(*parsed, r);
    }
    EXPECT_EQ(to_string(Role::Reviewer), "reviewer");
}

TEST(RoleTest, UnknownTextIsRejectedNotDefaulted) {
    for (std::string_view text : {"", "Admin", "root", "staff ", "auditors"}) {
        auto parsed = parse_role(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(parsed.error().field, "role");
    }
    EXPECT_NE(parse_role("root").error().message.find("'root'"), std::string::npos);
}

TEST(AccountNameTest, AcceptsTheAllowedAlphabet) {
    EXPECT_TRUE(check_user_name("lisa.ward"));
    EXPECT_TRUE(check_user_name("a"));
    EXPECT_TRUE(check_user_name("svc_export-2"));
    EXPECT_TRUE(check_user_name(std::string(64, 'z')));
    EXPECT_TRUE(check_team_name("adults-north"));
}

TEST(AccountNameTest, RejectsOthersNamingTheOffset) {
    for (std::string_view bad : {"", "Lisa", "lisa ward", "lisa@council",
                                 "l\xc3\xa9"
                                 "a",
                                 "a/b", "x\n"}) {
        auto s = check_user_name(bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(s.error().field, "name");
    }
    EXPECT_FALSE(check_user_name(std::string(65, 'a')));
    EXPECT_NE(check_user_name("lisa ward").error().message.find("0x20 at offset 4"), std::string::npos);
    EXPECT_NE(check_team_name("Adults").error().message.find("team name"), std::string::npos);
}

}  // namespace
}  // namespace borough::store
