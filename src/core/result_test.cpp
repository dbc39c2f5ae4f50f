#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace borough {
namespace {

Result<int> parse_positive(int v) {
    if (v <= 0) return fail(ErrorCode::InvalidInput, "must be positive", "v");
    return v;
}

Result<int> doubled(int v) {
    BOROUGH_TRY(int x, parse_positive(v));
    return x * 2;
}

Status check(int v) {
    BOROUGH_TRY_STATUS(parse_positive(v));
    return {};
}

TEST(Result, ValueAndError) {
    auto ok = parse_positive(3);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 3);
    auto bad = parse_positive(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(bad.error().describe(), "must be positive (v)");
}

TEST(Result, TryPropagates) {
    EXPECT_EQ(*doubled(4), 8);
    EXPECT_EQ(doubled(0).error().field, "v");
    EXPECT_TRUE(check(1));
    EXPECT_FALSE(check(-5));
}

TEST(Result, MoveOnlyValue) {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
    ASSERT_TRUE(r);
    auto p = std::move(r).value();
    EXPECT_EQ(*p, 7);
}

TEST(Result, ValueOr) {
    EXPECT_EQ(parse_positive(-2).value_or(9), 9);
    EXPECT_EQ(to_string(ErrorCode::ModelOutputInvalid), "model_output_invalid");
}

TEST(ResultDeathTest, ValueOnErrorAborts) {
    EXPECT_DEATH({ (void)parse_positive(-1).value(); }, "must be positive");
}

}  // namespace
}  // namespace borough
