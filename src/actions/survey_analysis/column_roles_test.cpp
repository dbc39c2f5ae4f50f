#include "actions/survey_analysis/column_roles.h"

#include <gtest/gtest.h>

namespace borough::actions::survey {
namespace {

io::Table make_table() {
    io::Table t;
    t.source = "wave1.csv";
    t.header = {"Response ID", "Submitted", "Ward", "Comments", "Score"};
    const char* wards[] = {"Riverside", "Castle", "Northgate"};
    const char* comments[] = {"The repairs took far too long to be done",
                              "Lovely neighbours and a quiet street",
                              "Nobody called me back about the leak in the roof",
                              "",
                              "Please fix the damp in the bathroom soon"};
    for (int i = 0; i < 30; ++i) {
        io::TableRow row;
        row.line = static_cast<std::size_t>(i + 2);
        row.cells = {"R" + std::to_string(1000 + i), "2026-09-" + std::to_string(10 + i % 18), wards[i % 3],
                     std::string(comments[i % 5]) + (i % 5 == 3 ? "" : " " + std::to_string(i)),
                     std::to_string(i % 5 + 1)};
        t.rows.push_back(row);
    }
    return t;
}

TEST(ColumnRoles, DetectsQuestionIdAndSegments) {
    const auto t = make_table();
    auto roles = resolve_column_roles(t, {});
    ASSERT_TRUE(roles) << roles.error().message;
    EXPECT_EQ(roles->questions, std::vector<std::size_t>{3});
    ASSERT_TRUE(roles->id.has_value());
    EXPECT_EQ(*roles->id, 0U);
    // Ward (3 values) and Score (5 values) are segments; the date column is not.
    EXPECT_EQ(roles->segments, (std::vector<std::size_t>{2, 4}));
    EXPECT_TRUE(roles->detected);
    EXPECT_FALSE(roles->notes.empty());
}

TEST(ColumnRoles, ChosenColumnsByNameOrNumber) {
    const auto t = make_table();
    ColumnChoice choice;
    choice.questions = {"comments"};
    choice.segments = {"3"};
    choice.id = "none";
    auto roles = resolve_column_roles(t, choice);
    ASSERT_TRUE(roles) << roles.error().message;
    EXPECT_EQ(roles->questions, std::vector<std::size_t>{3});
    EXPECT_EQ(roles->segments, std::vector<std::size_t>{2});
    EXPECT_FALSE(roles->id.has_value());
}

TEST(ColumnRoles, UnknownColumnListsTheHeader) {
    const auto t = make_table();
    ColumnChoice choice;
    choice.questions = {"Feedback"};
    auto roles = resolve_column_roles(t, choice);
    ASSERT_FALSE(roles);
    EXPECT_EQ(roles.error().field, "columns");
    EXPECT_NE(roles.error().message.find("\"Feedback\""), std::string::npos);
    EXPECT_NE(roles.error().message.find("\"Comments\""), std::string::npos);
}

TEST(ColumnRoles, ColumnWithTwoRolesIsRejected) {
    const auto t = make_table();
    ColumnChoice choice;
    choice.questions = {"Comments"};
    choice.segments = {"Comments"};
    auto roles = resolve_column_roles(t, choice);
    ASSERT_FALSE(roles);
    EXPECT_EQ(roles.error().field, "segment");
}

TEST(ColumnRoles, NoFreeTextColumnSaysHowToChoose) {
    io::Table t;
    t.source = "codes.csv";
    t.header = {"Ward", "Score"};
    for (int i = 0; i < 10; ++i) t.rows.push_back({static_cast<std::size_t>(i + 2), {"A", "1"}});
    auto roles = resolve_column_roles(t, {});
    ASSERT_FALSE(roles);
    EXPECT_NE(roles.error().message.find("--columns"), std::string::npos);
}

TEST(ColumnRoles, Stats) {
    const auto t = make_table();
    const auto s = column_stats(t, 3);
    EXPECT_EQ(s.non_empty, 24U);
    EXPECT_EQ(s.distinct, 24U);
    EXPECT_GT(s.mean_chars, 30);
    EXPECT_DOUBLE_EQ(s.multi_word_share, 1.0);
    EXPECT_DOUBLE_EQ(column_stats(t, 4).numeric_share, 1.0);
    EXPECT_DOUBLE_EQ(column_stats(t, 1).date_share, 1.0);
}

}  // namespace
}  // namespace borough::actions::survey
