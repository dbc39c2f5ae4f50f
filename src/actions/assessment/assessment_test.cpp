#include "actions/assessment/assessment.h"

#include <gtest/gtest.h>

namespace borough::actions::assessment {
namespace {

io::Transcript visit() {
    io::Transcript t;
    t.source = "visit.txt";
    const std::string filler =
        " We talked for a while about the weather, the neighbours and the news on the radio this week, and"
        " about how the garden looks now that spring has come round again after the long winter months. Then"
        " there was the story of the old bus route into town and who used to drive it, years and years ago.";
    const auto turn = [&](std::string speaker, std::string text) {
        t.turns.push_back({std::move(speaker), {}, {}, std::move(text) + filler, t.turns.size() + 1});
    };
    turn("Worker", "How are you managing with meals?");
    turn("Mrs B", "I don't cook proper meals any more because my back hurts at the cooker.");
    turn("Worker", "Tell me about the stairs.");
    turn("Mrs B", "I had a fall on the stairs in January and I hold the rail now.");
    return t;
}

TEST(Assessment, FieldsHoldWhatWasSaidOrNotDiscussed) {
    const auto t = visit();
    auto r = assess(t, care_act_fields());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), care_act_fields().size());
    const auto field = [&](std::string_view id) -> const FieldResult& {
        for (const auto& f : *r) {
            if (f.field->id == id) return f;
        }
        throw std::runtime_error("no field");
    };
    ASSERT_FALSE(field("nutrition").evidence.empty());
    EXPECT_EQ(field("nutrition").evidence[0].turn, 1U);  // the answer, not the worker's question
    EXPECT_EQ(field("nutrition").evidence[0].speaker, "Mrs B");
    ASSERT_FALSE(field("home_safety").evidence.empty());
    EXPECT_EQ(field("home_safety").evidence[0].turn, 3U);
    EXPECT_TRUE(field("toilet_needs").evidence.empty());
    EXPECT_TRUE(field("caring_for_child").evidence.empty());
}

TEST(Assessment, ShortConversationIsRefused) {
    io::Transcript t;
    t.source = "short.txt";
    t.turns.push_back({"A", {}, {}, "I had a fall.", 1});
    const auto r = assess(t, care_act_fields());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("not meaningful"), std::string::npos);
}

TEST(Assessment, TemplateErrorsNameTheLine) {
    auto ok = parse_form_template("fields:\n  - id: F1\n    label: Falls\n    keywords: [fall, stairs]\n");
    ASSERT_TRUE(ok) << ok.error().message;
    ASSERT_EQ(ok->size(), 1U);
    EXPECT_EQ((*ok)[0].keywords.size(), 2U);
    auto dup = parse_form_template(
        "fields:\n  - {id: F1, label: A, keywords: [a]}\n  - {id: F1, label: B, keywords: [b]}\n");
    ASSERT_FALSE(dup);
    EXPECT_NE(dup.error().message.find("line 3"), std::string::npos) << dup.error().message;
    EXPECT_NE(dup.error().message.find("duplicate field id 'F1'"), std::string::npos);
    EXPECT_FALSE(parse_form_template("fields: [{id: F1, label: A}]"));
    EXPECT_FALSE(parse_form_template("not: [a list]"));
    EXPECT_FALSE(parse_form_template("fields: [unclosed"));
}

}  // namespace
}  // namespace borough::actions::assessment
