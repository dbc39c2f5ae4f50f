#include "nlp/themes_codebook.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace borough::nlp {
namespace {

std::vector<std::string_view> views(const std::vector<std::string>& answers) {
    return {answers.begin(), answers.end()};
}

const std::vector<CodebookEntry>& codebook() {
    static const std::vector<CodebookEntry> entries = {
        {"Repairs", "Repairs and maintenance of council homes", {"repair", "boiler", "damp"}},
        {"Parking", "Parking on estates and permits", {"parking", "parking permit"}},
    };
    return entries;
}

TEST(ThemesCodebookTest, AssignsByKeywordsAndLeavesTheRestUnmatched) {
    const std::vector<std::string> answers = {
        "The boiler was repaired after three weeks",  // repairs (stemmed keyword)
        "Nowhere to park, parking is a nightmare",    // parking
        "Damp in the bedroom and no parking space",   // both
        "The library opening hours are too short",    // neither
        "",                                           // empty
    };
    const auto result = assign_to_codebook(views(answers), codebook(), CodebookOptions{}, {});
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    ASSERT_EQ(5U, result->answer_entries.size());
    EXPECT_EQ(std::vector<std::size_t>{0}, result->answer_entries[0]);
    EXPECT_EQ(std::vector<std::size_t>{1}, result->answer_entries[1]);
    EXPECT_EQ(2U, result->answer_entries[2].size());
    EXPECT_TRUE(result->answer_entries[3].empty());
    EXPECT_EQ((std::vector<std::size_t>{3, 4}), result->unmatched);
    EXPECT_EQ((std::vector<std::size_t>{0, 2}), result->entry_members[0]);
    EXPECT_EQ((std::vector<std::size_t>{1, 2}), result->entry_members[1]);
}

TEST(ThemesCodebookTest, MaxEntriesPerAnswerKeepsTheBest) {
    const std::vector<std::string> answers = {"Damp and a broken boiler, repairs needed, parking is fine"};
    const auto result =
        assign_to_codebook(views(answers), codebook(), CodebookOptions{.max_entries_per_answer = 1}, {});
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(std::vector<std::size_t>{0}, result->answer_entries[0]);
}

TEST(ThemesCodebookTest, RejectsUnusableEntriesNamingThem) {
    const std::vector<std::string> answers = {"anything"};
    const std::vector<CodebookEntry> unnamed = {{"", "desc", {"x"}}};
    const auto a = assign_to_codebook(views(answers), unnamed, CodebookOptions{}, {});
    ASSERT_FALSE(a.has_value());
    EXPECT_EQ("codebook[0].name", a.error().field);
    const std::vector<CodebookEntry> empty = {{"Repairs", "", {"repair"}}, {"The", "it is", {}}};
    const auto b = assign_to_codebook(views(answers), empty, CodebookOptions{}, {});
    ASSERT_FALSE(b.has_value());
    EXPECT_EQ("codebook[1]", b.error().field);
    EXPECT_EQ(ErrorCode::InvalidInput, b.error().code);
}

TEST(ThemesCodebookTest, Cancellation) {
    const std::vector<std::string> answers = {"repairs"};
    std::stop_source stop;
    stop.request_stop();
    const auto result = assign_to_codebook(views(answers), codebook(), CodebookOptions{}, stop.get_token());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(ErrorCode::Cancelled, result.error().code);
}

}  // namespace
}  // namespace borough::nlp
