#include "actions/document_summary/document_summary.h"

#include <gtest/gtest.h>

#include "actions/pipeline.h"
#include "actions/registry.h"

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
}

TEST(DocumentSummary, LengthToPoints) {
    EXPECT_EQ(points_for_length("short"), 3U);
    EXPECT_EQ(points_for_length("medium"), 5U);
    EXPECT_EQ(points_for_length("long"), 8U);
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

}  // namespace
}  // namespace borough::actions::document_summary
