#include "nlp/rouge.h"

#include <gtest/gtest.h>

namespace borough::nlp {
namespace {

TEST(Rouge, HandComputedScores) {
    auto scorer = RougeScorer::create();
    ASSERT_TRUE(scorer) << scorer.error().message;
    // Lin's example: the reference "police killed the gunman".
    const auto s = (*scorer)->score("police kill the gunman", "police killed the gunman");
    EXPECT_DOUBLE_EQ(s.rouge1.recall, 1.0);  // "kill" and "killed" share the stem
    EXPECT_DOUBLE_EQ(s.rouge_l.f1, 1.0);
    const auto t = (*scorer)->score("the gunman police killed", "police killed the gunman");
    EXPECT_DOUBLE_EQ(t.rouge1.f1, 1.0);
    EXPECT_DOUBLE_EQ(t.rouge2.recall, 2.0 / 3.0);  // "police killed" and "the gunman" of 3 bigrams
    EXPECT_DOUBLE_EQ(t.rouge_l.recall, 0.5);       // LCS "police killed" or "the gunman"
}

TEST(Rouge, RepeatedWordsAreClipped) {
    auto scorer = RougeScorer::create();
    ASSERT_TRUE(scorer);
    const auto s = (*scorer)->score("budget budget budget budget", "the budget was agreed");
    EXPECT_DOUBLE_EQ(s.rouge1.precision, 0.25);
    EXPECT_DOUBLE_EQ(s.rouge1.recall, 0.25);
    const auto e = (*scorer)->score("", "the budget");
    EXPECT_EQ(e.rouge1.f1, 0.0);
    EXPECT_EQ(e.rouge_l.f1, 0.0);
}

TEST(Rouge, FirstWords) {
    EXPECT_EQ(first_words("one two  three four", 2), "one two  ");
    EXPECT_EQ(first_words("one two", 5), "one two");
    EXPECT_EQ(first_words("", 3), "");
}

}  // namespace
}  // namespace borough::nlp
