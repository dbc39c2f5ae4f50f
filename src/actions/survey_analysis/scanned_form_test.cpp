#include "actions/survey_analysis/scanned_form.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace borough::actions::survey {
namespace {

const std::vector<std::string> question_headings = {
    "1. How easy was it to contact the housing office?",
    "2. What should the council change about bin collections next year?",
    "3. Any other comments?",
};
const std::vector<std::string> field_labels = {"Reference", "Ward", "Age band"};

engine::OcrPage page_of(const std::vector<std::pair<std::string, float>>& lines) {
    engine::OcrPage page;
    page.page = 4;
    page.source = "forms.pdf";
    int top = 10;
    for (const auto& [text, conf] : lines) {
        page.lines.push_back({text, conf, 10, top, 500, 20});
        top += 30;
    }
    return page;
}

TEST(ScannedForm, SplitsAnswersUnderHeadingsAndReadsFields) {
    const auto page = page_of({
        {"Hartley District Council - Residents Survey", 95},
        {"Reference: R-17", 93},
        {"Ward: Millbank   Age band: 65+ |", 91},
        {"1. How easy was it to contact the housing office?", 96},
        {"Very easy, somebody answered the phone", 88},
        {"within a minute.", 86},
        {"2. What should the council change about bin collections next year?", 95},
        {"Collect the recycling every week", 80},
        {"3. Any other comments?", 97},
    });
    const FormRow row = read_form_page(page, question_headings, field_labels);
    EXPECT_EQ(row.page, 4U);
    ASSERT_EQ(row.answers.size(), 3U);
    EXPECT_EQ(row.answers[0].question, 1U);
    EXPECT_EQ(row.answers[0].text, "Very easy, somebody answered the phone within a minute.");
    EXPECT_FLOAT_EQ(row.answers[0].confidence, 87.F);
    EXPECT_EQ(row.answers[1].text, "Collect the recycling every week");
    EXPECT_EQ(row.answers[2].text, "");  // left blank
    EXPECT_EQ(row.answers[2].confidence, 0.F);
    EXPECT_FLOAT_EQ(row.confidence, (88.F + 86.F + 80.F) / 3.F);
    EXPECT_EQ(row.fields.at("Reference"), "R-17");
    EXPECT_EQ(row.fields.at("Ward"), "Millbank");
    EXPECT_EQ(row.fields.at("Age band"), "65+");
    EXPECT_FALSE(row.needs_check);
    EXPECT_TRUE(row.problems.empty());
}

TEST(ScannedForm, ToleratesOcrErrorsAndWrappedHeadings) {
    const auto page = page_of({
        {"Refernce; R-20", 70},  // damaged label and colon
        {"l. How easv was it to contact the hous1ng office?", 75},
        {"Hard. I waited on hold for an hour. _ ;", 82},  // specks read as marks
        {"2. What should the council change about bin", 90},
        {"collections next year?", 90},
        {"Nothing, they are fine but the main-", 84},
        {"tenance of the bins is poor", 84},
        {"3 Any other comments", 90},
        {"No", 90},
    });
    const FormRow row = read_form_page(page, question_headings, field_labels);
    EXPECT_EQ(row.fields.at("Reference"), "R-20");
    EXPECT_EQ(row.answers[0].text, "Hard. I waited on hold for an hour.");
    // The continuation of the wrapped heading is not part of the answer; a split word is rejoined.
    EXPECT_EQ(row.answers[1].text, "Nothing, they are fine but the maintenance of the bins is poor");
    EXPECT_EQ(row.answers[2].text, "No");
    EXPECT_FALSE(row.needs_check);
}

TEST(ScannedForm, FlagsMissingHeadingsLowConfidenceAndErrors) {
    const auto missing = page_of({
        {"1. How easy was it to contact the housing office?", 96},
        {"Fine", 90},
        {"3. Any other comments?", 96},
        {"The new estate office hours suit me", 90},
    });
    const FormRow a = read_form_page(missing, question_headings, field_labels);
    EXPECT_TRUE(a.needs_check);
    ASSERT_EQ(a.problems.size(), 1U);
    EXPECT_NE(a.problems[0].find("question 2"), std::string::npos);
    EXPECT_EQ(a.answers[2].text, "The new estate office hours suit me");
    EXPECT_TRUE(a.fields.empty());

    // Handwriting-like confidences: kept as they are, and flagged.
    const auto scrawl = page_of({
        {"1. How easy was it to contact the housing office?", 95},
        {"vry eosy thonks", 41},
        {"2. What should the council change about bin collections next year?", 95},
        {"3. Any other comments?", 95},
    });
    const FormRow b = read_form_page(scrawl, question_headings, field_labels);
    EXPECT_FLOAT_EQ(b.confidence, 41.F);
    EXPECT_TRUE(b.needs_check);
    EXPECT_FALSE(read_form_page(scrawl, question_headings, field_labels, 40.F).needs_check);

    engine::OcrPage failed;
    failed.page = 2;
    failed.error = "cannot render forms.pdf page 2";
    const FormRow c = read_form_page(failed, question_headings, field_labels);
    EXPECT_TRUE(c.needs_check);
    EXPECT_EQ(c.answers.size(), 3U);
    EXPECT_EQ(c.confidence, 0.F);
}

TEST(ScannedForm, AnswerTextResemblingAHeadingOnlyMatchesWhenClose) {
    const auto page = page_of({
        {"1. How easy was it to contact the housing office?", 95},
        {"What should the council change? The office, it never answers", 85},
        {"2. What should the council change about bin collections next year?", 95},
        {"3. Any other comments?", 95},
    });
    const FormRow row = read_form_page(page, question_headings, field_labels);
    EXPECT_EQ(row.answers[0].text, "What should the council change? The office, it never answers");
    EXPECT_FALSE(row.needs_check);
}

TEST(ScannedForm, FindsAHeadingFromItsFirstWordsWhenItsTailIsLost) {
    const auto page = page_of({
        {"1. How easy was it to contact the housing office?", 95},
        {"Easy", 90},
        {"2. What should the counci| change ab~ ~~ ~", 60},  // smudged half way
        {"Weekly collections", 88},
        {"3. Any other comments?", 95},
    });
    const FormRow row = read_form_page(page, question_headings, field_labels);
    EXPECT_EQ(row.answers[0].text, "Easy");
    EXPECT_EQ(row.answers[1].text, "Weekly collections");
    EXPECT_TRUE(row.problems.empty());
}

}  // namespace
}  // namespace borough::actions::survey
