#include "actions/minutes/minutes_llm.h"

#include <gtest/gtest.h>

#include "actions/minutes/minutes_action.h"
#include "engine/scripted/scripted_text_generator.h"
#include "nlp/due_dates.h"

namespace borough::actions::minutes {
namespace {

using engine::scripted::ScriptedReply;
using engine::scripted::ScriptedTextGenerator;
using namespace std::chrono;

constexpr year_month_day kThursday{year{2026}, March, day{12}};

// A small parks team meeting written for these tests (over the 200 words minutes need).
constexpr std::string_view kMeeting =
    "Dana Kowalski: Good morning everyone. Item one is the summer events programme in Elm Park. We have "
    "three dates pencilled in and the budget is tight this year, so we need to choose carefully.\n"
    "Raj Patel: The band stand concerts drew the largest crowds last summer, around four hundred people "
    "each evening, and the food stalls covered their own costs.\n"
    "Dana Kowalski: So we agreed to keep the three concerts and drop the outdoor cinema night this year.\n"
    "Mia Brooks: I'll book the stage crew for the concerts by Friday, they fill up quickly.\n"
    "Raj Patel: Residents on Hill Road complained about litter after the last event, and I am worried "
    "the bins will overflow again unless we add more collections.\n"
    "Dana Kowalski: Moving on to item two, the tree survey. The contractor finished the north side of the "
    "park and found six trees that need work before the autumn storms.\n"
    "Mia Brooks: The ash by the playground is the main risk because branches overhang the swings and the "
    "path that children use on the way to school.\n"
    "Dana Kowalski: Raj will ask the contractor for a quote for the ash and the other five trees, and we "
    "review the survey at the next meeting on the second of April. Thank you all for coming today, "
    "that is everything on the agenda for this morning.\n";

ScriptedReply reply(std::string when, std::string text, bool reusable = false) {
    return ScriptedReply{std::move(when), std::move(text), std::nullopt, reusable};
}

constexpr std::string_view kMapReply = R"({
  "items": [{"title": "Summer events programme", "citations": ["T1"]},
            {"title": "Tree survey", "citations": ["T6"]}],
  "points": [{"text": "Concerts drew about 400 people each evening.", "citations": ["T2"]}],
  "decisions": [{"text": "Keep the three concerts and drop the outdoor cinema night.", "citations": ["T3"]}],
  "actions": [{"owner": "Mia Brooks", "task": "Book the stage crew for the concerts", "due_phrase": "by Friday",
               "citations": ["T4"]},
              {"owner": "Raj", "task": "Ask the contractor for a quote for six trees", "due_phrase": "",
               "citations": ["T8"]},
              {"owner": "Gwen Ellis", "task": "Order extra bins", "due_phrase": "next week", "citations": ["T5"]}],
  "concerns": [{"text": "Bins may overflow again after events.", "citations": ["T5"]},
               {"text": "The ash overhangs the swings.", "citations": ["T7", "T99"]}],
  "apologies": [], "declarations": [],
  "next_review": [{"text": "Survey reviewed at the next meeting on 2 April.", "citations": ["T8"]}]})";

constexpr std::string_view kReduceReply = R"({
  "summary": [{"text": "The team agreed the summer concerts and reviewed the tree survey.", "citations": ["T3", "T6"]}],
  "items": [{"number": 1, "summary": [{"text": "The team kept three concerts.", "citations": ["T3"]}]},
            {"number": 2, "summary": [{"text": "Six trees need work before autumn.", "citations": ["T6"]}]},
            {"number": 7, "summary": [{"text": "No such item.", "citations": ["T1"]}]}]})";

struct Fixture {
    ManualClock clock{sys_days{kThursday}};
    NullProgressSink progress;
    io::Transcript transcript = io::parse_transcript(kMeeting, "parks.txt").value();
};

TEST(MinutesModel, MapsTurnsIntoItemsWithCitationsAndResolvedDueDates) {
    Fixture f;
    ScriptedTextGenerator gen(
        {reply("[T1]", std::string(kMapReply)), reply("Write the summary", std::string(kReduceReply))}, "parks-test");
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    MinutesOptions options{kThursday};
    const auto extractive = extract_minutes(f.transcript, options).value();
    common::MapReduceResult stats;
    auto m = model_minutes(f.transcript, extractive, options, Style::Team, ctx, &stats);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(stats.chunks.size(), 1U);
    EXPECT_EQ(stats.calls, 2);
    ASSERT_EQ(m->items.size(), 2U);
    EXPECT_EQ(m->items[0].title, "Summer events programme");
    EXPECT_EQ(m->items[0].last_turn, 4U);
    EXPECT_EQ(m->items[1].first_turn, 5U);
    ASSERT_EQ(m->items[0].decisions.size(), 1U);
    EXPECT_FALSE(m->items[0].decisions[0].verbatim);
    EXPECT_EQ(m->items[0].decisions[0].speaker, "Dana Kowalski");
    EXPECT_EQ(m->items[0].decisions[0].turn, 2U);
    // Due phrases are resolved by our date code against the meeting date.
    ASSERT_EQ(m->items[0].actions.size(), 2U);
    EXPECT_EQ(m->items[0].actions[0].owner, "Mia Brooks");
    ASSERT_TRUE(m->items[0].actions[0].due);
    EXPECT_EQ(nlp::iso_date(*m->items[0].actions[0].due), "2026-03-13");
    // The model named someone the transcript never does: unassigned, with a warning.
    EXPECT_EQ(m->items[0].actions[1].owner, "");
    EXPECT_EQ(m->items[0].actions[1].due_phrase, "next week");
    ASSERT_EQ(m->items[1].actions.size(), 1U);
    EXPECT_EQ(m->items[1].actions[0].owner, "Raj");
    EXPECT_FALSE(m->items[1].actions[0].due);
    // T99 does not exist: dropped, the statement keeps T7.
    ASSERT_EQ(m->items[1].concerns.size(), 1U);
    EXPECT_EQ(m->items[1].concerns[0].turn, 6U);
    ASSERT_EQ(m->summary.size(), 1U);
    EXPECT_EQ(m->summary[0].turn, 2U);
    ASSERT_EQ(m->items[1].summary.size(), 1U);
    EXPECT_EQ(m->present.size(), 3U);
    std::size_t owner_warnings = 0, citation_warnings = 0;
    for (const auto& w : m->warnings) {
        owner_warnings += w.find("does not name") != std::string::npos ? 1 : 0;
        citation_warnings += w.find("\"T99\"") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(owner_warnings, 1U);
    EXPECT_EQ(citation_warnings, 1U);
    // The map request shows every turn with its id; the final pass sees the merged items.
    const auto requests = gen.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_NE(requests[0].messages.back().content.find("[T8] Dana Kowalski: Raj will ask"), std::string::npos);
    EXPECT_NE(requests[1].messages.back().content.find("Tree survey"), std::string::npos);
}

TEST(MinutesModel, ActionReportsTheModelAndItsOwnWordsAreNotQuoted) {
    Fixture f;
    ScriptedTextGenerator gen(
        {reply("[T1]", std::string(kMapReply)), reply("Write the summary", std::string(kReduceReply))}, "parks-test");
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    const Json params{{"style", "formal"}, {"meeting_date", "2026-03-12"}, {"title", "Parks team"}};
    auto out = run_meeting_minutes(ActionDefinition{}, ActionInput::from_text("parks.txt", std::string(kMeeting)),
                                   params, ctx);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->method, "llm:scripted:parks-test");
    EXPECT_EQ(out->result["method"], "model scripted:parks-test");
    EXPECT_NE(out->markdown.find("Method: model scripted:parks-test."), std::string::npos);
    EXPECT_NE(out->markdown.find("**RESOLVED**: Keep the three concerts and drop the outdoor cinema night. [T3]"),
              std::string::npos);
    EXPECT_EQ(out->markdown.find("(as said)"), std::string::npos);
    EXPECT_EQ(out->result["items"][0]["decisions"][0]["verbatim"], false);
    EXPECT_EQ(out->result["actions"][0]["due"], "2026-03-13");
    EXPECT_EQ(out->result["summary"][0]["turn"], 3);
    EXPECT_EQ(out->timings["calls"], 2);
}

TEST(MinutesModel, WithoutAModelTheMinutesAreExtractive) {
    Fixture f;
    ActionContext ctx{nullptr, f.clock, f.progress, {}};
    const Json params{{"style", "team"}, {"meeting_date", "2026-03-12"}};
    auto out = run_meeting_minutes(ActionDefinition{}, ActionInput::from_text("parks.txt", std::string(kMeeting)),
                                   params, ctx);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->method, "extractive");
    EXPECT_NE(out->markdown.find("Method: extractive."), std::string::npos);
    EXPECT_FALSE(out->result.contains("summary"));
    EXPECT_FALSE(out->result["items"][0]["decisions"][0].contains("verbatim"));
}

TEST(MinutesModel, OutputThatStaysInvalidFallsBackToTheExtractiveMinutes) {
    Fixture f;
    ScriptedTextGenerator gen({reply("", R"({"items": "not a list"})", true)});
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    const Json params{{"style", "team"}, {"meeting_date", "2026-03-12"}};
    auto out = run_meeting_minutes(ActionDefinition{}, ActionInput::from_text("parks.txt", std::string(kMeeting)),
                                   params, ctx);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->method, "extractive");
    ASSERT_FALSE(out->warnings.empty());
    EXPECT_NE(out->warnings.back().find("these minutes are extractive"), std::string::npos);
    EXPECT_EQ(gen.call_count(), 3U);  // one try and two retries
}

TEST(MinutesModel, EngineFailureIsReturnedNotHidden) {
    Fixture f;
    ScriptedTextGenerator gen({ScriptedReply{"", "", Error{ErrorCode::Unavailable, "engine down", ""}, false}});
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    const Json params{{"meeting_date", "2026-03-12"}};
    auto out = run_meeting_minutes(ActionDefinition{}, ActionInput::from_text("parks.txt", std::string(kMeeting)),
                                   params, ctx);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::Unavailable);
}

}  // namespace
}  // namespace borough::actions::minutes
