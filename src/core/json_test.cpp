#include "core/json.h"

#include <gtest/gtest.h>

namespace borough {
namespace {

TEST(Json, ParseErrorNamesWhereAndByte) {
    auto ok = parse_json(R"({"b":1,"a":2})", "x");
    ASSERT_TRUE(ok);
    EXPECT_EQ(dump_json(*ok), R"({"b":1,"a":2})");  // insertion order kept
    auto bad = parse_json(R"({"a": tru})", "model output");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("model output"), std::string::npos);
    EXPECT_NE(bad.error().message.find("byte"), std::string::npos);
}

// Found by fuzzing the transcript reader: a number out of range threw out_of_range past parse_json.
TEST(Json, OutOfRangeNumberIsAnErrorNotACrash) {
    auto bad = parse_json(R"({"start": 1e999})", "meeting.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(bad.error().message.find("meeting.json"), std::string::npos);
}

}  // namespace
}  // namespace borough
