#include "actions/news_angles/figures.h"

#include <gtest/gtest.h>

namespace borough::actions::news_angles {
namespace {

struct Expect {
    FigureKind kind;
    std::string text;
    std::optional<double> value;
    std::string unit;
};

void expect_figures(std::string_view sentence, const std::vector<Expect>& want) {
    const auto got = find_figures(sentence);
    std::string texts;
    for (const auto& f : got) texts += "[" + f.text + "] ";
    ASSERT_EQ(got.size(), want.size()) << sentence << " gave " << texts;
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i].kind, want[i].kind) << sentence << " #" << i;
        EXPECT_EQ(got[i].text, want[i].text) << sentence;
        EXPECT_EQ(sentence.substr(got[i].begin, got[i].end - got[i].begin), got[i].text);
        if (want[i].value) {
            ASSERT_TRUE(got[i].value.has_value()) << got[i].text;
            EXPECT_DOUBLE_EQ(*got[i].value, *want[i].value) << got[i].text;
        } else {
            EXPECT_FALSE(got[i].value.has_value()) << got[i].text;
        }
        EXPECT_EQ(got[i].unit, want[i].unit) << got[i].text;
    }
}

TEST(Figures, MoneyWithMultipliers) {
    expect_figures("The budget is \xC2\xA3" "8.7m, down \xC2\xA3" "450,000 and \xC2\xA3" "2bn overall.",
                   {{FigureKind::Money, "\xC2\xA3" "8.7m", 8.7e6, "GBP"},
                    {FigureKind::Money, "\xC2\xA3" "450,000", 450000, "GBP"},
                    {FigureKind::Money, "\xC2\xA3" "2bn", 2e9, "GBP"}});
    expect_figures("A budget of 3.1 million pounds.", {{FigureKind::Money, "3.1 million pounds", 3.1e6, "GBP"}});
}

TEST(Figures, PercentagesCountsAndChanges) {
    expect_figures("Visits rose to 1.2 million, up 14 per cent, and lessons doubled.",
                   {{FigureKind::Count, "1.2 million", 1.2e6, ""},
                    {FigureKind::Percent, "14 per cent", 14, "%"},
                    {FigureKind::Change, "doubled", std::nullopt, ""}});
    expect_figures("It attracted 18,400 children and 340 housebound residents; 22% more.",
                   {{FigureKind::Count, "18,400 children", 18400, "children"},
                    {FigureKind::Count, "340 housebound residents", 340, "housebound residents"},
                    {FigureKind::Percent, "22%", 22, "%"}});
    expect_figures("We built 120 new homes.", {{FigureKind::Count, "120 new homes", 120, "new homes"}});
    expect_figures("Now 11 villages have buses and 212 road casualties.",
                   {{FigureKind::Count, "11 villages", 11, "villages"},
                    {FigureKind::Count, "212 road casualties", 212, "road casualties"}});
}

TEST(Figures, DatesYearsAndFinancialYears) {
    expect_figures("From 1 April 2026 and in April 2027, compared with 2024 and 2025/26.",
                   {{FigureKind::Date, "1 April 2026", std::nullopt, ""},
                    {FigureKind::Date, "April 2027", std::nullopt, ""},
                    {FigureKind::Date, "2024", std::nullopt, ""},
                    {FigureKind::Date, "2025/26", std::nullopt, ""}});
}

TEST(Figures, CodesParagraphNumbersAndSmallBareNumbersAreNot) {
    expect_figures("See paragraph 3.2.1 on the B1234 road after COVID-19 and item 4.", {});
    expect_figures("Two of the 3.", {});
    expect_figures("Pick 3 options.", {{FigureKind::Count, "3 options", 3, "options"}});
}

TEST(Figures, ContextKeepsTheWordsAroundWithinTheClause) {
    const std::string s = "Energy costs for the pools were \xC2\xA3" "640,000; this was over budget.";
    const auto f = find_figures(s);
    ASSERT_EQ(f.size(), 1U);
    EXPECT_EQ(figure_context(s, f[0].begin, f[0].end), "Energy costs for the pools were \xC2\xA3" "640,000");
}

}  // namespace
}  // namespace borough::actions::news_angles
