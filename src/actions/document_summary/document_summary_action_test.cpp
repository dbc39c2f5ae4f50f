#include "actions/document_summary/document_summary_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "engine/scripted/scripted_text_generator.h"
#include "support/builtin_action_test.h"
#include "support/minimal_pdf.h"

namespace borough::actions::document_summary {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using engine::scripted::ScriptedReply;
using engine::scripted::ScriptedTextGenerator;

constexpr std::string_view kReport =
    "# Leisure services review\n\n"
    "## 1 Usage\n\n"
    "Swimming pool visits rose to 212,000 last year, up 9 per cent on the year before. "
    "Gym memberships grew more slowly than expected. "
    "The number of school swimming lessons doubled after the new timetable started.\n\n"
    "## 2 Finance\n\n"
    "The leisure budget for 2026/27 is 3.1 million pounds. "
    "Energy costs for the pools were 40 per cent higher than planned. "
    "Members are asked to approve a review of opening hours at the smaller centres.\n";

class DocumentSummaryAction : public test::BuiltinActionTest {
protected:
    DocumentSummaryAction() : BuiltinActionTest("document-summary") {}
};

TEST_F(DocumentSummaryAction, ExtractiveKeyPointsCiteTheirSection) {
    auto out = run(ActionInput::from_bytes("leisure.md", std::string(kReport)), nullptr, {{"length", "short"}});
    ASSERT_TRUE(out) << out.error().describe();
    EXPECT_EQ(out->result["method"], "extractive");
    EXPECT_EQ(out->result["document"]["format"], "markdown");
    EXPECT_EQ(out->result["document"]["sections"], 3);
    for (const auto& p : out->result["key_points"]) {
        ASSERT_EQ(p["citations"].size(), 1U);
        const Json& c = p["citations"][0];
        const std::string ref = c["ref"].get<std::string>();
        EXPECT_TRUE(ref == "\xC2\xA7" "1 Usage" || ref == "\xC2\xA7" "2 Finance") << ref;
        EXPECT_THAT(out->markdown, HasSubstr(fmt::format("[S{}, {}]", c["sentence"].get<int>(), ref)));
    }
    ASSERT_EQ(out->artifacts.size(), 1U);
    EXPECT_EQ(out->artifacts[0].format, "docx");
    EXPECT_EQ(out->artifacts[0].content.substr(0, 2), "PK");
}

TEST_F(DocumentSummaryAction, ExtractivePdfKeyPointsCitePages) {
    std::vector<test::PdfPage> pages(2);
    pages[0].texts.push_back({"Helvetica", 11, 72, 720, "Library visits rose by 12 per cent in 2025."});
    pages[0].texts.push_back({"Helvetica", 11, 72, 700, "The mobile library now stops at nine villages."});
    pages[1].texts.push_back({"Helvetica", 11, 72, 720, "Book issues fell slightly while e-book loans grew."});
    pages[1].texts.push_back({"Helvetica", 11, 72, 700, "A new reading scheme for children starts in June."});
    auto out = run(ActionInput::from_bytes("libraries.pdf", test::write_minimal_pdf(pages)), nullptr);
    ASSERT_TRUE(out) << out.error().describe();
    EXPECT_EQ(out->result["document"]["pages"], 2);
    for (const auto& p : out->result["key_points"]) {
        const Json& c = p["citations"][0];
        const int page = c["page"].get<int>();
        const bool on_first = p["text"].get<std::string>().find("villages") != std::string::npos ||
                              p["text"].get<std::string>().find("12 per cent") != std::string::npos;
        EXPECT_EQ(page, on_first ? 1 : 2) << p.dump();
        EXPECT_EQ(c["ref"], fmt::format("p. {}", page));
    }
}

// Chunks of two sentences (chunk_tokens 50, ~22 tokens a line): [S1..S2] [S3..S4].
constexpr std::string_view kFour =
    "The council collected 41,000 tonnes of household waste in the last financial year. "
    "Recycling rates improved to 47 per cent after the food waste service started here. "
    "Fly-tipping reports fell by a fifth following the new enforcement patrols in town. "
    "A second household waste recycling centre will open in the north of the borough.";

TEST_F(DocumentSummaryAction, ModelMapsChunksReducesAndWritesProse) {
    action_.strategy.chunk_tokens = 50;
    ScriptedTextGenerator gen(
        {
            ScriptedReply{"[S1] The council",
                          R"({"key_points": [{"text": "41,000 tonnes collected.", "citations": ["S1", "S3"]}]})", std::nullopt, false},
            ScriptedReply{"[S3] Fly-tipping",
                          R"({"key_points": [{"text": "Fly-tipping fell.", "citations": ["S3"]},
                                             {"text": "Invented.", "citations": ["S1"]}]})", std::nullopt, false},
            ScriptedReply{"key points from consecutive parts",
                          R"({"key_points": [{"text": "Waste and recycling improved.", "citations": ["S1", "S2"]},
                                             {"text": "Fly-tipping fell.", "citations": ["S3"]}]})", std::nullopt, false},
            ScriptedReply{"Write a title", R"({"title": "Waste services", "summary": "Waste fell and recycling rose."})", std::nullopt, false},
        },
        "test");
    auto out = run(ActionInput::from_bytes("waste.txt", std::string(kFour)), &gen, {{"length", "short"}});
    ASSERT_TRUE(out) << out.error().describe();
    EXPECT_EQ(gen.call_count(), 4U);
    EXPECT_EQ(gen.unused_replies(), 0U);
    const auto requests = gen.requests();
    EXPECT_THAT(requests[0].messages.back().content, Not(HasSubstr("[S3]")));
    ASSERT_TRUE(requests[0].json_schema.has_value());
    EXPECT_EQ(out->result["method"], "model: scripted:test");
    EXPECT_EQ(out->method, "model: scripted:test");
    EXPECT_EQ(out->result["title"], "Waste services");
    EXPECT_EQ(out->result["summary"], "Waste fell and recycling rose.");
    const Json& points = out->result["key_points"];
    ASSERT_EQ(points.size(), 2U);
    ASSERT_EQ(points[0]["citations"].size(), 2U);
    EXPECT_EQ(points[0]["citations"][1]["sentence"], 2);
    ASSERT_EQ(points[1]["citations"].size(), 1U);
    EXPECT_EQ(points[1]["citations"][0]["sentence"], 3);
    // S3 cited from chunk 1 and S1 cited from chunk 2 (which removes "Invented."): each warned about.
    EXPECT_GE(out->warnings.size(), 2U);
    std::string all;
    for (const auto& w : out->warnings) all += w + "\n";
    EXPECT_THAT(all, HasSubstr("S3"));
    EXPECT_THAT(requests[2].messages.back().content, Not(HasSubstr("Invented.")));
    EXPECT_THAT(all, Not(HasSubstr("tonnes")));  // warnings never carry document text
}

TEST_F(DocumentSummaryAction, CitingSentencesThatDoNotExistIsRetriedThenModelOutputInvalid) {
    // The schema lists the document's sentence ids, so S40 is invalid output, not a citation to drop.
    const std::string made_up = R"({"key_points": [{"text": "Made up.", "citations": ["S40"]}]})";
    ScriptedTextGenerator gen({
        ScriptedReply{"", made_up, std::nullopt, false},
        ScriptedReply{"", made_up, std::nullopt, false},
        ScriptedReply{"", made_up, std::nullopt, false},
    });
    auto out = run(ActionInput::from_bytes("waste.txt", std::string(kFour)), &gen);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::ModelOutputInvalid);
    EXPECT_EQ(gen.call_count(), 3U);
    const auto requests = gen.requests();
    ASSERT_TRUE(requests[0].json_schema.has_value());
    EXPECT_THAT(dump_json(*requests[0].json_schema), HasSubstr(R"("enum":["S1","S2","S3","S4"])"));
}

}  // namespace
}  // namespace borough::actions::document_summary
