#include "actions/minutes/minutes_eval.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace borough::actions::minutes {
namespace {

namespace fs = std::filesystem;

// A QMSum-shaped meeting written for this test (the real set stays outside the repository).
TEST(MinutesEval, ScoresEveryMethodOnAQmsumShapedFolder) {
    const fs::path dir = fs::temp_directory_path() / "borough-minutes-eval-test";
    fs::remove_all(dir);
    fs::create_directories(dir / "meetings_qmsum" / "data" / "ALL" / "test");
    Json turns = Json::array();
    for (int i = 0; i < 30; ++i) {
        turns.push_back({{"speaker", i % 2 == 0 ? "Chair" : "Officer"},
                         {"content", "We discussed the library opening hours and the budget for the mobile library "
                                     "service in the rural wards. It was agreed that the hours stay the same."}});
    }
    const Json meeting{{"meeting_transcripts", turns},
                       {"general_query_list",
                        Json::array({{{"query", "Summarize the whole meeting."},
                                      {"answer", "The committee discussed library opening hours and the mobile "
                                                 "library budget, and agreed to keep the hours."}}})}};
    std::ofstream(dir / "meetings_qmsum" / "data" / "ALL" / "test" / "m1.json") << meeting.dump();
    auto r = evaluate_minutes(dir);
    ASSERT_TRUE(r) << r.error().message;
    const auto& set = (*r)["sets"][0];
    EXPECT_EQ(set["meetings"], 1);
    ASSERT_EQ(set["methods"].size(), 3U);
    for (const auto& m : set["methods"]) {
        EXPECT_GT(m["rouge1"].get<double>(), 0.2) << m.dump();
        EXPECT_LE(m["rouge1"].get<double>(), 1.0);
    }
    fs::remove_all(dir);
    EXPECT_EQ(evaluate_minutes(dir).error().code, ErrorCode::NotFound);
}

// Quality gate on QMSum when ../shared/eval is next to the checkout (its licence forbids copying it in):
// the minutes' ROUGE-1 is at least the plain TextRank baseline's, as measured in docs/quality.md.
TEST(MinutesEval, AtLeastTextRankOnQmsum) {
    const fs::path dir = fs::path(BOROUGH_SOURCE_DIR) / ".." / "shared" / "eval";
    if (!fs::exists(dir / "meetings_qmsum")) GTEST_SKIP() << "no evaluation data at " << dir;
    auto r = evaluate_minutes(dir);
    ASSERT_TRUE(r) << r.error().message;
    const auto& methods = (*r)["sets"][0]["methods"];
    EXPECT_GE(methods[0]["rouge1"].get<double>(), methods[2]["rouge1"].get<double>()) << r->dump();
}

}  // namespace
}  // namespace borough::actions::minutes
