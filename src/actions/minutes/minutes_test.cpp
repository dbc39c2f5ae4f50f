#include "actions/minutes/minutes.h"

#include <gtest/gtest.h>

#include "actions/minutes/minutes_report.h"
#include "nlp/due_dates.h"

namespace borough::actions::minutes {
namespace {

using namespace std::chrono;

constexpr year_month_day kThursday{year{2026}, March, day{12}};

std::string due_of(const std::optional<ActionItem>& a) { return a && a->due ? nlp::iso_date(*a->due) : "none"; }

TEST(MinutesActions, FirstPersonPromiseIsOwnedByTheSpeaker) {
    const auto a = find_action("I'll circulate the revised policy by Friday.", "Priya Shah", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "Priya Shah");
    EXPECT_EQ(a->task, "circulate the revised policy");
    EXPECT_EQ(a->due_phrase, "by Friday");
    EXPECT_EQ(due_of(a), "2026-03-13");
}

TEST(MinutesActions, NamedOwnerForms) {
    auto a = find_action("Action: Tom Reid to book the community hall by the end of April.", "Chair", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "Tom Reid");
    EXPECT_EQ(a->task, "book the community hall");
    EXPECT_EQ(due_of(a), "2026-04-30");
    EXPECT_TRUE(a->due_approximate);

    a = find_action("Sarah will write to the residents within two weeks.", "Chair", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "Sarah");
    EXPECT_EQ(a->task, "write to the residents");
    EXPECT_EQ(due_of(a), "2026-03-26");

    a = find_action("Can you chase the contractor, Sam?", "Chair", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "Sam");
    EXPECT_EQ(a->task, "chase the contractor");

    a = find_action("We need to update the risk register.", "Chair", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "");
    EXPECT_EQ(due_of(a), "none");
}

TEST(MinutesActions, StatementsThatAreNotActions) {
    EXPECT_FALSE(find_action("I'll be honest, the figures are worse than expected.", "A", kThursday));
    EXPECT_FALSE(find_action("The report went to the cabinet last month.", "A", kThursday));
    EXPECT_FALSE(find_action("It will rain tomorrow.", "A", kThursday));
    EXPECT_FALSE(find_action("", "A", kThursday));
}

TEST(MinutesActions, NameAddressedThenAnImperative) {
    auto a = find_action("Rachel, please let the comms team know the new date by Wednesday.", "Chair", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "Rachel");
    EXPECT_EQ(a->task, "let the comms team know the new date");
    EXPECT_EQ(due_of(a), "2026-03-18");
    a = find_action("Yes please, Lucy, do that before Friday.", "Chair", kThursday);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->owner, "Lucy");
    // Words before the comma that are not the whole clause are not a name being addressed.
    EXPECT_FALSE(find_action("Thank you, Chair.", "Nadia", kThursday));
    EXPECT_FALSE(find_action("Somebody will get hurt on that crossing.", "Resident", kThursday));
    EXPECT_FALSE(find_action("Just to add, the costs went up by a third.", "Resident", kThursday));
}

TEST(MinutesDecisions, AMotionMovedIsNotYetADecision) {
    io::Transcript t;
    t.source = "motion.txt";
    std::string filler;
    for (int i = 0; i < 40; ++i) filler += " The members discussed the allotment rents and the water charges.";
    t.turns.push_back({"Chair", std::nullopt, std::nullopt, "Item 1: allotment rents." + filler, 1});
    t.turns.push_back({"Cllr Ross", std::nullopt, std::nullopt, "I move that the new rents are approved.", 2});
    t.turns.push_back({"Chair", std::nullopt, std::nullopt, "The new rents are approved by the committee.", 3});
    t.turns.push_back(
        {"Cllr Ross", std::nullopt, std::nullopt, "Shall we go with the second option? We'll go with it.", 4});
    auto m = extract_minutes(t, {kThursday});
    ASSERT_TRUE(m) << m.error().message;
    ASSERT_EQ(m->items.size(), 1U);
    // Turn 2 (the motion) is not a decision; the chair's turn 3 and "We'll go with it." are.
    ASSERT_EQ(m->items[0].decisions.size(), 2U);
    EXPECT_EQ(m->items[0].decisions[0].turn, 2U);
    EXPECT_EQ(m->items[0].decisions[1].turn, 3U);
    EXPECT_TRUE(m->items[0].actions.empty());  // "go with" chooses; it is not a task
}

TEST(MinutesActions, AnAcceptanceIsTheActionItAccepts) {
    io::Transcript t;
    t.source = "accept.txt";
    std::string filler;
    for (int i = 0; i < 40; ++i) filler += " The team went through the caseload figures for the quarter.";
    t.turns.push_back({"Grace Adeyemi", std::nullopt, std::nullopt, "First thing, caseloads." + filler, 1});
    t.turns.push_back({"Grace Adeyemi", std::nullopt, std::nullopt, "Sarah, can you update the rota page?", 2});
    t.turns.push_back({"Sarah Bell", std::nullopt, std::nullopt, "Yes, I can do that by Friday.", 3});
    t.turns.push_back({"Lucy Tran", std::nullopt, std::nullopt, "I can also pull together the late cases.", 4});
    t.turns.push_back({"Grace Adeyemi", std::nullopt, std::nullopt, "Yes please, Lucy, do that before Monday.", 5});
    t.turns.push_back({"Tom Reid", std::nullopt, std::nullopt, "I'll book the room for the away day.", 6});
    t.turns.push_back(
        {"Grace Adeyemi", std::nullopt, std::nullopt, "Ravi, can you book a home visit for the 30th of March?", 7});
    t.turns.push_back({"Ravi Shah", std::nullopt, std::nullopt, "Yes, I'll book it this week.", 8});
    t.turns.push_back({"Grace Adeyemi", std::nullopt, std::nullopt, "Ravi, can you ring the school by Tuesday?", 9});
    t.turns.push_back({"Ravi Shah", std::nullopt, std::nullopt, "Yes, I'll ring the school tomorrow.", 10});
    auto m = extract_minutes(t, {kThursday});
    ASSERT_TRUE(m) << m.error().message;
    const auto& actions = m->items.back().actions;
    ASSERT_EQ(actions.size(), 5U);
    // The visit is for the 30th; booking it is due when Ravi said he would do it.
    EXPECT_EQ(actions[3].owner, "Ravi Shah");
    EXPECT_EQ(due_of(actions[3]), "2026-03-13");
    // A deadline the chair set stands.
    EXPECT_EQ(due_of(actions[4]), "2026-03-17");
    EXPECT_EQ(actions[0].owner, "Sarah Bell");  // the full name of the person who accepted
    EXPECT_EQ(actions[0].task, "update the rota page");
    EXPECT_EQ(due_of(actions[0]), "2026-03-13");
    EXPECT_EQ(actions[1].owner, "Lucy Tran");
    EXPECT_EQ(due_of(actions[1]), "2026-03-16");
    EXPECT_EQ(actions[2].owner, "Tom Reid");
}

io::Transcript committee() {
    io::Transcript t;
    t.source = "committee.vtt";
    t.format = "vtt";
    const auto turn = [&](std::string speaker, std::int64_t s, std::string text) {
        t.turns.push_back({std::move(speaker), s * 1000, s * 1000 + 5000, std::move(text), t.turns.size() + 1});
    };
    const std::string filler =
        " The housing team set out the background, the numbers on the waiting list and the budget position for"
        " the coming year, and members asked about the effect on families in temporary accommodation.";
    turn("Cllr Ahmed", 0,
         "Good evening and welcome. Apologies have been received from Cllr Brown. Are there any "
         "declarations of interest? I declare an interest as a council tenant.");
    turn("Cllr Ahmed", 30, "Item 1: the housing allocations policy." + filler);
    turn("Priya Shah", 60,
         "The revised policy gives more priority to overcrowded households." + filler +
             " I'll circulate the revised policy by Friday.");
    turn("Cllr Ahmed", 120, "Thank you. It was agreed that the policy goes to consultation." + filler);
    turn("Cllr Ahmed", 180, "Moving on to fly-tipping on the Eastfield estate." + filler);
    turn("Tom Reid", 240,
         "Reports are up by a third since the autumn." + filler +
             " Action: Tom Reid to book the community hall by the end of April.");
    turn("Cllr Ahmed", 300, "We will review the figures at the next meeting on 9 April." + filler);
    return t;
}

TEST(Minutes, CommitteeMeetingHasItemsDecisionsAndActionsWithCitations) {
    auto m = extract_minutes(committee(), {kThursday});
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->present, (std::vector<std::string>{"Cllr Ahmed", "Priya Shah", "Tom Reid"}));
    ASSERT_EQ(m->apologies.size(), 1U);
    EXPECT_EQ(m->apologies[0].turn, 0U);
    ASSERT_EQ(m->declarations.size(), 2U);  // the question and the declaration are both on record
    ASSERT_EQ(m->items.size(), 3U);
    EXPECT_EQ(m->items[0].title, "Opening of the meeting");
    EXPECT_EQ(m->items[1].title, "The housing allocations policy");
    EXPECT_EQ(m->items[2].title, "Fly-tipping on the Eastfield estate");
    ASSERT_EQ(m->items[1].decisions.size(), 1U);
    EXPECT_EQ(m->items[1].decisions[0].turn, 3U);
    ASSERT_EQ(m->items[1].actions.size(), 1U);
    EXPECT_EQ(m->items[1].actions[0].owner, "Priya Shah");
    EXPECT_EQ(m->items[1].actions[0].turn, 2U);
    ASSERT_EQ(m->items[2].actions.size(), 1U);
    EXPECT_EQ(m->items[2].actions[0].owner, "Tom Reid");
    EXPECT_FALSE(m->items[1].points.empty());
    ASSERT_EQ(m->next_review.size(), 1U);
    EXPECT_EQ(m->next_review[0].turn, 6U);

    const auto t = committee();
    EXPECT_EQ(citation(t, 2), "[T3 00:01:00]");
    const ReportHeader h{"Housing Committee", kThursday, Style::Formal, "extractive"};
    const Json j = minutes_to_json(*m, t, h);
    EXPECT_EQ(j["actions"].size(), 2U);
    EXPECT_EQ(j["actions"][0]["due"], "2026-03-13");
    EXPECT_EQ(j["actions"][0]["turn"], 3);
    EXPECT_EQ(j["items"][1]["decisions"][0]["time"], "00:02:00");
    const std::string md = minutes_markdown(*m, t, h);
    EXPECT_NE(md.find("## 2. The housing allocations policy"), std::string::npos) << md;
    EXPECT_NE(md.find("| Priya Shah | circulate the revised policy | 2026-03-13 | [T3 00:01:00] |"), std::string::npos)
        << md;
    EXPECT_NE(md.find("Cllr Brown"), std::string::npos);
}

TEST(Minutes, ShortTranscriptIsRefusedRatherThanInvented) {
    io::Transcript t;
    t.source = "short.txt";
    t.turns.push_back({"Ann", {}, {}, "Shall we meet on Friday? I'll send the agenda.", 1});
    t.turns.push_back({"Bob", {}, {}, "Yes, fine.", 2});
    const auto m = extract_minutes(t, {kThursday});
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(m.error().message.find("short.txt"), std::string::npos);
    EXPECT_NE(m.error().message.find("not meaningful"), std::string::npos);
    io::Transcript empty;
    empty.source = "empty.txt";
    EXPECT_FALSE(extract_minutes(empty, {kThursday}));
}

TEST(Minutes, PreviousActionsAreCarriedForwardAndMarkedWhenDiscussed) {
    auto m = extract_minutes(committee(), {kThursday});
    ASSERT_TRUE(m);
    const Json previous = Json::parse(R"({"actions": [
        {"owner": "Tom Reid", "task": "report fly-tipping figures for Eastfield", "status": "new"},
        {"owner": "Jo Bell", "task": "repaint the library railings", "status": "new"},
        {"owner": "Sam", "task": "send the letters", "status": "done"}]})");
    carry_forward(previous, committee(), *m);
    ASSERT_EQ(m->carried.size(), 2U);
    EXPECT_EQ(m->carried[0].status, "discussed");
    EXPECT_EQ(m->carried[0].turn, 4U);
    EXPECT_EQ(m->carried[1].status, "carried forward");
}

TEST(Minutes, StylesAreParsedStrictly) {
    EXPECT_EQ(*parse_style("team"), Style::Team);
    EXPECT_EQ(*parse_style(""), Style::Formal);
    const auto bad = parse_style("casual");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "style");
}

}  // namespace
}  // namespace borough::actions::minutes
