#include "nlp/answer_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace borough::nlp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(AnswerChecksNonAnswer, EmptyWhitespaceAndPunctuationOnly) {
    EXPECT_TRUE(is_non_answer(""));
    EXPECT_TRUE(is_non_answer("   \t\r\n"));
    EXPECT_TRUE(is_non_answer("-"));
    EXPECT_TRUE(is_non_answer("--"));
    EXPECT_TRUE(is_non_answer("."));
    EXPECT_TRUE(is_non_answer("?!..."));
    EXPECT_TRUE(is_non_answer("\xE2\x80\x94"));  // em dash
}

TEST(AnswerChecksNonAnswer, ListedPhrasesIgnoringCaseAndPunctuation) {
    for (const char* s : {"n/a",
                          "N/A",
                          "n.a.",
                          "NA",
                          "None",
                          "none.",
                          "NOTHING",
                          "no",
                          "No!",
                          "nope",
                          "nil",
                          "No comment",
                          "no comments",
                          "Nothing to add",
                          "not applicable",
                          "Don't know",
                          "dont know",
                          "don\xE2\x80\x99t know",
                          "DK",
                          "not sure",
                          "No thanks",
                          "nothing else",
                          "  None  "}) {
        EXPECT_TRUE(is_non_answer(s)) << s;
    }
}

TEST(AnswerChecksNonAnswer, RealAnswersAreNotNonAnswers) {
    for (const char* s : {"all good", "Fine", "ok", "yes", "No parking near the shops", "None of the staff called back",
                          "Nothing was done about the damp", "na na na na", "Bins", "not sure why it took so long"}) {
        EXPECT_FALSE(is_non_answer(s)) << s;
    }
}

TEST(AnswerChecksDuplicateKey, FoldsCasePunctuationAndWhitespace) {
    EXPECT_EQ(duplicate_key("  The BINS, were   late!!\n"), "the bins were late");
    EXPECT_EQ(duplicate_key("Don't know"), "dont know");
    EXPECT_EQ(duplicate_key("n/a"), "n a");
    EXPECT_EQ(duplicate_key("Caf\xC3\xA9 closed"), "caf\xC3\xA9 closed");  // non-ASCII kept
    EXPECT_EQ(duplicate_key("---"), "");
}

TEST(AnswerChecksDuplicates, GroupsIdenticalLongSubmissions) {
    const std::string a = "Please fix the potholes on Mill Lane, they are dangerous for cyclists.";
    const std::string a_variant = "please fix the potholes on mill lane they are dangerous for cyclists";
    const std::vector<std::string_view> rows = {
        "good service", a, "good service", "Something else entirely here", a_variant, "", a};
    const auto groups = find_duplicate_submissions(rows);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_THAT(groups[0], ElementsAre(1u, 4u, 6u));
}

TEST(AnswerChecksDuplicates, ShortIdenticalAnswersAreNotDuplicateSubmissions) {
    const std::vector<std::string_view> rows = {"Good service", "good service!", "N/A",
                                                "n/a",          "Very happy",    "very happy"};
    EXPECT_THAT(find_duplicate_submissions(rows), IsEmpty());
}

TEST(AnswerChecksDuplicates, GroupsOrderedByFirstRowAndThresholdIsAdjustable) {
    const std::vector<std::string_view> rows = {"bbbbbbbbbbbbbbbbbbbbbbbbb",
                                                "aaaaaaaaaaaaaaaaaaaaaaaaa",
                                                "aaaaaaaaaaaaaaaaaaaaaaaaa",
                                                "bbbbbbbbbbbbbbbbbbbbbbbbb",
                                                "short one",
                                                "short one"};
    const auto groups = find_duplicate_submissions(rows);
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_THAT(groups[0], ElementsAre(0u, 3u));
    EXPECT_THAT(groups[1], ElementsAre(1u, 2u));
    EXPECT_EQ(find_duplicate_submissions(rows, 5).size(), 3u);
}

}  // namespace
}  // namespace borough::nlp
