#include "engine/scripted/scripted_text_generator.h"

#include <gtest/gtest.h>

namespace borough::engine::scripted {
namespace {

GenerationRequest ask(std::string text, bool with_schema = false) {
    GenerationRequest r;
    r.messages.push_back({"user", std::move(text)});
    if (with_schema) r.json_schema = Json{{"type", "object"}};
    return r;
}

TEST(ScriptedTextGenerator, RepliesInOrderAndByWhen) {
    ScriptedTextGenerator gen({{"", "first", {}, false}, {"chunk 2", "for two", {}, false}, {"", "second", {}, false}});
    auto a = gen.generate(ask("chunk 1"));
    auto b = gen.generate(ask("chunk 2"));
    auto c = gen.generate(ask("chunk 3"));
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->text, "first");
    EXPECT_EQ(b->text, "for two");
    EXPECT_EQ(c->text, "second");
    auto d = gen.generate(ask("more"));
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(gen.call_count(), 4U);
    EXPECT_EQ(gen.requests()[1].messages[0].content, "chunk 2");
    EXPECT_EQ(gen.name(), "scripted:scripted");
}

TEST(ScriptedTextGenerator, ParsesJsonAndScriptsErrors) {
    ScriptedTextGenerator gen({{"", R"({"a": 1})", {}, false},
                               {"", "not json", {}, false},
                               {"", "", Error{ErrorCode::Unavailable, "engine down", ""}, false}});
    auto a = gen.generate(ask("x", true));
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->json.has_value());
    EXPECT_EQ((*a->json)["a"], 1);
    auto b = gen.generate(ask("x", true));
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, ErrorCode::ModelOutputInvalid);
    auto c = gen.generate(ask("x"));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().message, "engine down");
    EXPECT_EQ(gen.unused_replies(), 0U);
}

TEST(ScriptedTextGenerator, CountsTokensAsCharsOverFourAndHonoursCancel) {
    ScriptedTextGenerator gen({{"", "ok", {}, false}});
    EXPECT_EQ(gen.count_tokens("12345678"), 2);
    EXPECT_EQ(gen.count_tokens("123456789"), 3);
    std::stop_source stop;
    auto req = ask("x");
    req.cancel = stop.get_token();
    stop.request_stop();
    auto r = gen.generate(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Cancelled);
}

TEST(ScriptedTextGenerator, ReusableWhenReplyAnswersMany) {
    ScriptedTextGenerator gen({{"map", "m", {}, true}, {"", "r", {}, false}});
    EXPECT_EQ(gen.generate(ask("map 1"))->text, "m");
    EXPECT_EQ(gen.generate(ask("map 2"))->text, "m");
    EXPECT_EQ(gen.generate(ask("reduce"))->text, "r");
}

}  // namespace
}  // namespace borough::engine::scripted
