#include "actions/document_summary/document_summary_eval.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace borough::actions::document_summary {
namespace {

// Regression gate on the public SQuALITY set (outside the repository; skipped when absent): with a word
// budget the action's extractive summary is at least as good as the plain baselines at that length.
TEST(DocumentSummaryEval, AWordBudgetMatchesTheBaselinesOnSquality) {
    const std::filesystem::path dir = std::filesystem::path(BOROUGH_SOURCE_DIR) / ".." / "shared" / "eval";
    if (!std::filesystem::exists(dir / "longdoc_squality")) GTEST_SKIP() << "no evaluation data at " << dir;
    auto r = evaluate_document_summary(dir);
    ASSERT_TRUE(r) << r.error().message;
    std::map<std::string, double> rouge1;
    for (const auto& m : (*r)["sets"][0]["methods"]) rouge1[m["method"].get<std::string>()] = m["rouge1"].get<double>();
    const double budgeted = rouge1.at("borough document-summary (extractive, words = reference length)");
    EXPECT_GE(budgeted, rouge1.at("lead-N")) << (*r)["markdown"];
    EXPECT_GE(budgeted, rouge1.at("TextRank (plain, to length)") - 0.01) << (*r)["markdown"];
    EXPECT_GT(budgeted, rouge1.at("borough document-summary (extractive, long)")) << (*r)["markdown"];
}

}  // namespace
}  // namespace borough::actions::document_summary
