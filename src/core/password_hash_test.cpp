#include "core/password_hash.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace borough {
namespace {

// Cheap enough that the suite stays fast under ASan; only DefaultCost uses the real cost.
constexpr PasswordHashCost kTestCost{64, 1, 1};

TEST(PasswordHash, RoundTrip) {
    auto phc = hash_password("correct horse battery staple", kTestCost);
    ASSERT_TRUE(phc) << phc.error().describe();
    EXPECT_EQ(phc->rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0u) << *phc;
    EXPECT_TRUE(verify_password("correct horse battery staple", *phc));
}

TEST(PasswordHash, WrongPasswordIsRejected) {
    auto phc = hash_password("correct horse battery staple", kTestCost);
    ASSERT_TRUE(phc);
    EXPECT_FALSE(verify_password("correct horse battery stapl", *phc));
    EXPECT_FALSE(verify_password("correct horse battery staplf", *phc));
    EXPECT_FALSE(verify_password("", *phc));
    // Bytes after the password matter: no truncation at NUL or at a length limit.
    EXPECT_FALSE(verify_password(std::string("correct horse battery staple\0x", 30), *phc));
}

TEST(PasswordHash, DifferentSaltsGiveDifferentHashes) {
    auto a = hash_password("the same password", kTestCost);
    auto b = hash_password("the same password", kTestCost);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_NE(*a, *b);
    // The salt is the fourth '$' field; it must differ, not only the hash.
    auto salt_of = [](const std::string& s) {
        const auto start = s.find('$', s.find('$', s.find('$', 1) + 1) + 1) + 1;
        return s.substr(start, s.find('$', start) - start);
    };
    EXPECT_NE(salt_of(*a), salt_of(*b));
    EXPECT_EQ(salt_of(*a).size(), 22u);  // 16 bytes, unpadded base64
    EXPECT_TRUE(verify_password("the same password", *a));
    EXPECT_TRUE(verify_password("the same password", *b));
}

// Published reference vector (phc-winner-argon2 src/test.c): proves we interoperate with hashes
// made elsewhere, at a cost other than ours.
TEST(PasswordHash, VerifiesReferenceVector) {
    const std::string phc = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    EXPECT_TRUE(verify_password("password", phc));
    EXPECT_FALSE(verify_password("Password", phc));
}

TEST(PasswordHash, MalformedHashIsFalseNotCrash) {
    auto good = hash_password("a valid password", kTestCost);
    ASSERT_TRUE(good);
    const std::string& g = *good;
    const std::string cases[] = {
        "",
        "$",
        "$argon2id$",
        "not a hash at all",
        "$argon2id$v=19$m=64,t=1,p=1$",
        "$argon2id$v=19$m=64,t=1,p=1$$",
        "$argon2id$v=19$m=abc,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaA",
        "$argon2id$v=19$m=64,t=0,p=1" + g.substr(g.find('$', g.find("p=1"))),  // zero passes
        g.substr(0, g.size() - 5),                                             // truncated hash
        g + "$extra",
        "$argon2i" + g.substr(9),  // another argon2 variant is not accepted
        "$argon2d" + g.substr(9),
    };
    for (const auto& phc : cases) {
        EXPECT_FALSE(verify_password("a valid password", phc)) << phc;
    }
    // A flipped character in the hash part.
    std::string flipped = g;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_password("a valid password", flipped));
}

TEST(PasswordHash, DefaultCostIsOwaspMinimum) {
    auto phc = hash_password("a password with the default cost");
    ASSERT_TRUE(phc) << phc.error().describe();
    EXPECT_EQ(phc->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *phc;
    EXPECT_TRUE(verify_password("a password with the default cost", *phc));
    EXPECT_FALSE(verify_password("a password with the default cosT", *phc));
}

TEST(PasswordHash, InvalidCostIsInternalError) {
    auto phc = hash_password("a valid password", PasswordHashCost{64, 0, 1});
    ASSERT_FALSE(phc);
    EXPECT_EQ(phc.error().code, ErrorCode::Internal);
    EXPECT_EQ(phc.error().message.find("a valid password"), std::string::npos);
}

TEST(PasswordRules, LengthLimits) {
    EXPECT_TRUE(check_password_rules(std::string(12, 'a')));
    EXPECT_TRUE(check_password_rules(std::string(256, 'a')));
    EXPECT_TRUE(check_password_rules("twelve chars"));
    for (const std::string& bad : {std::string(), std::string(11, 'a'), std::string(257, 'a')}) {
        auto s = check_password_rules(bad);
        ASSERT_FALSE(s) << bad.size();
        EXPECT_EQ(s.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(s.error().field, "password");
    }
    EXPECT_NE(check_password_rules("short").error().message.find("at least 12"), std::string::npos);
}

TEST(RandomToken, UrlSafeBase64Length) {
    EXPECT_EQ(random_token(0), "");
    EXPECT_EQ(random_token(1).size(), 2u);
    EXPECT_EQ(random_token(2).size(), 3u);
    EXPECT_EQ(random_token(3).size(), 4u);
    EXPECT_EQ(random_token(32).size(), 43u);
    std::set<std::string> seen;
    for (int i = 0; i < 64; ++i) {
        const std::string t = random_token(24);
        ASSERT_EQ(t.size(), 32u);
        for (char c : t) {
            const bool ok =
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            ASSERT_TRUE(ok) << t;
        }
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 64u);
}

TEST(RandomToken, UsesWholeAlphabet) {
    // 4096 random bytes give ~5461 characters; every one of the 64 symbols should appear.
    const std::string t = random_token(4096);
    const std::set<char> symbols(t.begin(), t.end());
    EXPECT_EQ(symbols.size(), 64u);
}

}  // namespace
}  // namespace borough
