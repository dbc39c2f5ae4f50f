#include "server/rate_limiter.h"

#include <gtest/gtest.h>

namespace borough::server {
namespace {

using std::chrono::seconds;

TEST(RateLimiter, AllowsTheLimitPerMinuteThenSaysHowLongToWait) {
    RateLimiter limiter(3);
    const auto t0 = std::chrono::steady_clock::time_point(seconds(1000));
    EXPECT_FALSE(limiter.try_acquire("a", t0));
    EXPECT_FALSE(limiter.try_acquire("a", t0 + seconds(10)));
    EXPECT_FALSE(limiter.try_acquire("a", t0 + seconds(20)));
    auto wait = limiter.try_acquire("a", t0 + seconds(30));
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 30);  // the first event leaves the window at t0 + 60
    EXPECT_FALSE(limiter.try_acquire("b", t0 + seconds(30))) << "keys are independent";
    EXPECT_FALSE(limiter.try_acquire("a", t0 + seconds(60)));
}

TEST(RateLimiter, BlockedForDoesNotRecord) {
    RateLimiter limiter(1);
    const auto t0 = std::chrono::steady_clock::time_point(seconds(5));
    EXPECT_FALSE(limiter.blocked_for("x", t0));
    EXPECT_FALSE(limiter.blocked_for("x", t0));
    limiter.record("x", t0);
    auto wait = limiter.blocked_for("x", t0 + std::chrono::milliseconds(59'500));
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 1);  // rounded up, never 0
}

TEST(RateLimiter, ZeroDisables) {
    RateLimiter limiter(0);
    const auto t0 = std::chrono::steady_clock::time_point(seconds(5));
    for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter.try_acquire("x", t0));
}

}  // namespace
}  // namespace borough::server
