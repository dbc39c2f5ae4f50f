#include "actions/document_summary/document_summary.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "actions/document_summary/document_summary_eval.h"
#include "actions/pipeline.h"
#include "actions/registry.h"
#include "core/strings.h"

namespace borough::actions::document_summary {
namespace {

const char* kReport =
    "# Housing repairs update\n\n"
    "The council received 4,210 repair requests between April and September. "
    "Damp and mould cases rose by a third compared with the same period last year. "
    "Most damp and mould cases were in older blocks on the Riverside estate. "
    "The repairs team cleared 88 per cent of urgent repairs within 24 hours. "
    "Routine repairs took an average of 19 working days against a target of 15. "
    "A new contractor for roofing works starts in January. "
    "Tenants said that booking appointments online was difficult. "
    "The service will trial text message reminders for repair appointments. "
    "Members are asked to note the report.\n";

TEST(DocumentSummary, ExtractiveRunsWithoutModelAndCitesOwnSentences) {
    auto reg = Registry::create(std::nullopt);
    ASSERT_TRUE(reg) << reg.error().message;
    const ActionDefinition* action = reg->find("document-summary");
    ASSERT_NE(action, nullptr);
    ManualClock clock{std::chrono::system_clock::time_point{}};
    NullProgressSink progress;
    ActionContext ctx{nullptr, clock, progress, {}};
    auto out = run_action(*action, ActionInput::from_bytes("repairs.md", kReport), {{"length", "short"}}, ctx);
    ASSERT_TRUE(out) << out.error().describe();
    EXPECT_EQ(out->method, "extractive");
    EXPECT_EQ(out->result["method"], "extractive");
    EXPECT_EQ(out->result["title"], "Housing repairs update");
    const Json& points = out->result["key_points"];
    ASSERT_GE(points.size(), 1U);
    ASSERT_LE(points.size(), 3U);
    const std::string text = kReport;
    std::size_t prev = 0;
    for (const auto& p : points) {
        ASSERT_EQ(p["citations"].size(), 1U);
        auto begin = p["citations"][0]["begin"].get<std::size_t>();
        auto end = p["citations"][0]["end"].get<std::size_t>();
        EXPECT_EQ(text.substr(begin, end - begin), p["text"].get<std::string>());
        EXPECT_GE(begin, prev);  // document order
        prev = begin;
        EXPECT_FALSE(p.contains("unsupported"));
    }
    EXPECT_FALSE(out->result["summary"].get<std::string>().empty());
    EXPECT_NE(out->markdown.find("# Housing repairs update"), std::string::npos);
    EXPECT_NE(out->markdown.find("Method: extractive"), std::string::npos);
    EXPECT_TRUE(out->warnings.empty());

    auto longer = run_action(*action, ActionInput::from_text("repairs.md", kReport), {{"length", "long"}}, ctx);
    ASSERT_TRUE(longer);
    EXPECT_GT(longer->result["key_points"].size(), points.size());

    // A word budget replaces the length: points are added until their words reach it.
    auto budget = run_action(*action, ActionInput::from_text("repairs.md", kReport), {{"words", 50}}, ctx);
    ASSERT_TRUE(budget) << budget.error().message;
    std::size_t words = 0, last = 0;
    for (const auto& p : budget->result["key_points"]) {
        last = count_words(p["text"].get<std::string>());
        words += last;
    }
    EXPECT_GE(words, 50U);
    EXPECT_LT(words - last, 50U);  // the budget was not yet reached before the last point
    auto too_small = run_action(*action, ActionInput::from_text("repairs.md", kReport), {{"words", 10}}, ctx);
    ASSERT_FALSE(too_small);
    EXPECT_EQ(too_small.error().field, "words");
}

TEST(DocumentSummary, LengthToPoints) {
    EXPECT_EQ(points_for_length("short"), 3U);
    EXPECT_EQ(points_for_length("medium"), 5U);
    EXPECT_EQ(points_for_length("long"), 8U);
    EXPECT_EQ(points_for_words(50), 3U);
    EXPECT_EQ(points_for_words(250), 10U);
    EXPECT_EQ(points_for_words(5000), 20U);
    EXPECT_EQ(word_budget(Json{{"words", 300}}), 300U);
    EXPECT_EQ(word_budget(Json{{"length", "long"}}), 0U);
    EXPECT_EQ(word_budget(Json{{"words", "300"}}), 0U);
}

TEST(DocumentSummary, HonoursCancel) {
    SourceText src{"a.txt", "Some text here for the test.", {{0, 28, "Some text here for the test."}}};
    ManualClock clock{std::chrono::system_clock::time_point{}};
    NullProgressSink progress;
    std::stop_source stop;
    stop.request_stop();
    ActionContext ctx{nullptr, clock, progress, stop.get_token()};
    auto r = summarise_extractive(src, Json::object(), ctx);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Cancelled);
}

// A SQuALITY-shaped record written for this test (the real set stays outside the repository).
TEST(DocumentSummaryEval, ScoresEveryMethodOnASqualityShapedFile) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "borough-docsum-eval-test";
    fs::remove_all(dir);
    const fs::path txt = dir / "longdoc_squality" / "data" / "v1-3" / "txt";
    fs::create_directories(txt);
    std::string story;
    for (int i = 0; i < 20; ++i) {
        story +=
            "The council opened a new library in the old town hall. Residents borrowed thousands of books "
            "in the first month. ";
    }
    const Json record{{"document", story},
                      {"questions", Json::array({{{"question_text", "What is the plot of the story?"},
                                                  {"responses", Json::array({{{"response_text",
                                                                               "A council opens a library "
                                                                               "and residents borrow books."}}})}}})}};
    std::ofstream(txt / "test.jsonl") << record.dump() << "\n";
    auto r = evaluate_document_summary(dir);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)["sets"][0]["documents"], 1);
    for (const auto& m : (*r)["sets"][0]["methods"]) EXPECT_GT(m["rouge1"].get<double>(), 0.1) << m.dump();
    std::ofstream(txt / "test.jsonl") << "{\"document\": 1}\n";
    auto bad = evaluate_document_summary(dir);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("test.jsonl:1"), std::string::npos) << bad.error().message;
    fs::remove_all(dir);
    EXPECT_EQ(evaluate_document_summary(dir).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace borough::actions::document_summary
