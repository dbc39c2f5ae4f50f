#include "core/json_schema.h"

#include <gtest/gtest.h>

namespace borough {
namespace {

Json summary_schema() {
    return Json::parse(R"({
      "type": "object",
      "required": ["summary", "key_points"],
      "additionalProperties": false,
      "properties": {
        "title": {"type": ["string", "null"], "maxLength": 10},
        "summary": {"type": "string", "minLength": 1},
        "key_points": {"type": "array", "minItems": 1, "maxItems": 3,
          "items": {"type": "object", "required": ["text"],
                    "properties": {"text": {"type": "string"},
                                   "score": {"type": "number", "minimum": 0, "maximum": 1},
                                   "n": {"type": "integer"},
                                   "tone": {"enum": ["good", "bad"]},
                                   "kind": {"const": "point"},
                                   "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]+$"}}}}
      }})");
}

Status check(const char* instance) { return validate_json(Json::parse(instance), summary_schema()); }

TEST(JsonSchema, AcceptsValidInstance) {
    ASSERT_TRUE(check_schema(summary_schema()));
    auto st = check(R"({"title": null, "summary": "ok", "key_points": [{"text": "a", "score": 0.5,
                        "n": 2.0, "tone": "good", "kind": "point", "code": "AB12"}]})");
    EXPECT_TRUE(st) << st.error().message;
}

TEST(JsonSchema, NamesPointerOfFirstViolation) {
    struct Case {
        const char* instance;
        const char* field;
        const char* fragment;
    };
    const Case cases[] = {
        {R"({"key_points": [{"text": "a"}]})", "/summary", "required"},
        {R"({"summary": 3, "key_points": [{"text": "a"}]})", "/summary", "expected string, got integer"},
        {R"({"summary": "", "key_points": [{"text": "a"}]})", "/summary", "minLength"},
        {R"({"summary": "s", "key_points": []})", "/key_points", "minItems"},
        {R"({"summary": "s", "key_points": [{"text":"a"},{"text":"b"},{"text":"c"},{"text":"d"}]})", "/key_points",
         "maxItems"},
        {R"({"summary": "s", "key_points": [{"text": "a"}, {"txt": "b"}]})", "/key_points/1/text", "required"},
        {R"({"summary": "s", "key_points": [{"text": "a", "score": 1.5}]})", "/key_points/0/score", "maximum"},
        {R"({"summary": "s", "key_points": [{"text": "a", "score": -1}]})", "/key_points/0/score", "minimum"},
        {R"({"summary": "s", "key_points": [{"text": "a", "n": 1.5}]})", "/key_points/0/n", "integer"},
        {R"({"summary": "s", "key_points": [{"text": "a", "tone": "meh"}]})", "/key_points/0/tone", "not one of"},
        {R"({"summary": "s", "key_points": [{"text": "a", "kind": "x"}]})", "/key_points/0/kind", "equal"},
        {R"({"summary": "s", "key_points": [{"text": "a", "code": "ab1"}]})", "/key_points/0/code", "pattern"},
        {R"({"summary": "s", "key_points": [{"text": "a"}], "extra": 1})", "/extra", "not allowed"},
        {R"({"title": "abcdefghijk", "summary": "s", "key_points": [{"text": "a"}]})", "/title", "maxLength"},
        {R"([1])", "", "expected object"},
    };
    for (const auto& c : cases) {
        auto st = check(c.instance);
        ASSERT_FALSE(st) << c.instance;
        EXPECT_EQ(st.error().field, c.field) << c.instance;
        EXPECT_NE(st.error().message.find(c.fragment), std::string::npos) << st.error().message;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidInput);
    }
}

TEST(JsonSchema, LengthCountsCharactersNotBytes) {
    Json schema = {{"type", "string"}, {"maxLength", 3}};
    EXPECT_TRUE(validate_json(Json("£££"), schema));
    EXPECT_FALSE(validate_json(Json("££££"), schema));
}

TEST(JsonSchema, EscapesPointerTokens) {
    Json schema = {{"type", "object"}, {"additionalProperties", false}};
    auto st = validate_json(Json{{"a/b~c", 1}}, schema);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().field, "/a~1b~0c");
}

TEST(JsonSchema, CheckSchemaRejectsUnsupportedKeywords) {
    auto st = check_schema(Json::parse(R"({"type": "object", "properties": {"a": {"oneOf": []}}})"));
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().field, "/properties/a/oneOf");
    EXPECT_NE(st.error().message.find("unsupported keyword 'oneOf'"), std::string::npos);

    EXPECT_FALSE(check_schema(Json::parse(R"({"type": "text"})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"type": ["string", 3]})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"additionalProperties": {"type": "string"}})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"required": "a"})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"minItems": -1})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"pattern": "("})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"enum": []})")));
    EXPECT_FALSE(check_schema(Json::parse(R"({"items": 3})")));
    EXPECT_FALSE(check_schema(Json::parse(R"("string")")));
    EXPECT_TRUE(check_schema(Json::parse(R"({"type": ["string", "null"], "description": "d"})")));
}

}  // namespace
}  // namespace borough
