#include "actions/assessment/assessment_llm.h"

#include <gtest/gtest.h>

#include "actions/assessment/assessment_action.h"
#include "engine/scripted/scripted_text_generator.h"

namespace borough::actions::assessment {
namespace {

using engine::scripted::ScriptedReply;
using engine::scripted::ScriptedTextGenerator;

// A home visit written for these tests (over the 200 words a record needs).
constexpr std::string_view kVisit =
    "Social Worker: Thank you for seeing me, Mr Okafor. I would like to hear how things are going at home "
    "and what matters most to you at the moment.\n"
    "Mr Okafor: Since my wife passed I have been on my own. Cooking is hard because my hands shake, so most "
    "days I just have toast and tea, and I have lost some weight since the spring.\n"
    "Social Worker: How do you manage getting washed and dressed in the mornings?\n"
    "Mr Okafor: The shower is over the bath and I cannot step over the side any more, so I have a wash at "
    "the sink. Buttons take me a long time but I get there in the end.\n"
    "Daughter: I come round on Sundays and do his shopping, but I work full time and I am exhausted. I am "
    "worried he will fall on the stairs at night when he goes to the toilet.\n"
    "Mr Okafor: What matters to me is staying in my own house and getting back to the bowls club on "
    "Thursdays, I miss my friends there.\n"
    "Social Worker: Thank you both. I will arrange for an occupational therapist to visit about the bath and "
    "the stairs, and we agreed I will call your daughter next week with the date for that visit.\n";

ScriptedReply reply(std::string when, std::string text) {
    return ScriptedReply{std::move(when), std::move(text), std::nullopt, false};
}

constexpr std::string_view kMapReply = R"({"statements": [
  {"field": "nutrition", "text": "Cooking is hard because his hands shake; he mostly eats toast.", "citations": ["T2"]},
  {"field": "personal_hygiene", "text": "He washes at the sink as he cannot step into the bath.", "citations": ["T4"]},
  {"field": "carer", "text": "His daughter shops on Sundays, works full time and is exhausted.", "citations": ["T5"]},
  {"field": "carer", "text": "His daughter is therefore eligible for a carer's assessment.", "citations": ["T5"]},
  {"field": "what_matters", "text": "Staying in his own house and going back to the bowls club.", "citations": ["T6"]},
  {"field": "next_steps", "text": "An occupational therapist visit will be arranged.", "citations": ["T7", "T40"]}]})";

constexpr std::string_view kReduceReply = R"({"fields": [
  {"field": "nutrition", "text": "Mr Okafor finds cooking hard and has lost weight.", "citations": ["T2"]},
  {"field": "work_learning", "text": "Invented prose for a field nobody discussed.", "citations": ["T6"]}]})";

struct Fixture {
    ManualClock clock{std::chrono::system_clock::time_point{}};
    NullProgressSink progress;
};

TEST(AssessmentModel, StatementsPerFieldCiteTurnsAndJudgementsAreRemoved) {
    Fixture f;
    ScriptedTextGenerator gen(
        {reply("[T1]", std::string(kMapReply)), reply("Here are the statements", std::string(kReduceReply))},
        "visit-test");
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    const auto transcript = io::parse_transcript(kVisit, "visit.txt").value();
    std::vector<std::string> warnings;
    auto r = model_assessment(transcript, care_act_fields(), ctx, warnings);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), care_act_fields().size());
    const auto field = [&](std::string_view id) -> const FieldResult& {
        return *std::find_if(r->begin(), r->end(), [&](const FieldResult& x) { return x.field->id == id; });
    };
    ASSERT_EQ(field("nutrition").evidence.size(), 1U);
    EXPECT_EQ(field("nutrition").evidence[0].turn, 1U);
    EXPECT_EQ(field("nutrition").evidence[0].speaker, "Mr Okafor");
    EXPECT_FALSE(field("nutrition").evidence[0].verbatim);
    ASSERT_EQ(field("nutrition").summary.size(), 1U);
    // The eligibility statement is gone; the descriptive one stays.
    ASSERT_EQ(field("carer").evidence.size(), 1U);
    EXPECT_EQ(field("carer").evidence[0].text.find("eligible"), std::string::npos);
    // No statements, so no prose, even though the final pass wrote some.
    EXPECT_TRUE(field("work_learning").evidence.empty());
    EXPECT_TRUE(field("work_learning").summary.empty());
    EXPECT_TRUE(field("toilet_needs").evidence.empty());
    std::size_t judged = 0, dropped = 0;
    for (const auto& w : warnings) {
        judged += w.find("eligibility decision") != std::string::npos ? 1 : 0;
        dropped += w.find("\"T40\"") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(judged, 1U);
    EXPECT_EQ(dropped, 1U);
    // Every field id is offered to the model as the schema's enum.
    const auto requests = gen.requests();
    ASSERT_EQ(requests.size(), 2U);
    const auto& ids = (*requests[0].json_schema)["properties"]["statements"]["items"]["properties"]["field"]["enum"];
    EXPECT_EQ(ids.size(), care_act_fields().size());
}

TEST(AssessmentModel, ActionSaysWhichMethodWroteTheRecord) {
    Fixture f;
    ScriptedTextGenerator gen(
        {reply("[T1]", std::string(kMapReply)), reply("Here are the statements", std::string(kReduceReply))},
        "visit-test");
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto out = run_needs_assessment(ActionDefinition{}, ActionInput::from_text("visit.txt", std::string(kVisit)),
                                    Json::object(), ctx);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->method, "llm:scripted:visit-test");
    EXPECT_EQ(out->result["method"], "model scripted:visit-test");
    EXPECT_NE(out->markdown.find("Method: model scripted:visit-test."), std::string::npos);
    EXPECT_NE(out->markdown.find("Summaries written by the model, each cited"), std::string::npos);
    EXPECT_EQ(out->markdown.find("What was said, quoted;"), std::string::npos);
    EXPECT_EQ(out->result["fields"]["nutrition"]["text"], "Mr Okafor finds cooking hard and has lost weight.");
    EXPECT_EQ(out->result["fields"]["nutrition"]["statements"][0]["verbatim"], false);
    EXPECT_EQ(out->result["fields"]["toilet_needs"]["text"], std::string(kNotDiscussed));

    ActionContext no_model{nullptr, f.clock, f.progress, {}};
    auto plain = run_needs_assessment(ActionDefinition{}, ActionInput::from_text("visit.txt", std::string(kVisit)),
                                      Json::object(), no_model);
    ASSERT_TRUE(plain) << plain.error().message;
    EXPECT_EQ(plain->result["method"], "extractive");
    EXPECT_NE(plain->markdown.find("Method: extractive."), std::string::npos);
    EXPECT_NE(plain->markdown.find("What was said, quoted;"), std::string::npos);
}

TEST(AssessmentModel, ShortConversationIsRefusedBeforeAnyCall) {
    Fixture f;
    ScriptedTextGenerator gen({});
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    const auto transcript = io::parse_transcript("Worker: Hello.\nClient: Hello there.\n", "short.txt").value();
    std::vector<std::string> warnings;
    auto r = model_assessment(transcript, care_act_fields(), ctx, warnings);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(gen.call_count(), 0U);
}

}  // namespace
}  // namespace borough::actions::assessment
