#include "nlp/textrank.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace borough::nlp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<Sentence> make(const std::vector<std::string>& texts) {
    std::vector<Sentence> out;
    std::size_t offset = 0;
    for (const std::string& t : texts) {
        out.push_back(Sentence{offset, offset + t.size(), t});
        offset += t.size() + 1;
    }
    return out;
}

double total(const std::vector<ScoredSentence>& scored) {
    double sum = 0;
    for (const auto& s : scored) {
        sum += s.score;
    }
    return sum;
}

// Six sentences about the housing budget (indices 0-5) and two unrelated outliers (6, 7).
std::vector<Sentence> housing_document() {
    return make({
        "The council housing budget will fund repairs to council homes next year.",
        "Tenants asked the council to spend the housing budget on damp repairs.",
        "The weather in Spain was pleasant during the summer holiday next year.",
        "Repairs to council homes are the largest item in the housing budget.",
        "Officers expect the housing budget to cover repairs and new council homes.",
        "A local football club thanked the council after winning its cup final.",
        "The housing budget for council homes rises by five per cent.",
        "Damp and mould repairs in council homes need more housing budget.",
    });
}

TEST(RankSentences, EmptyInput) {
    EXPECT_THAT(rank_sentences({}, TextRankOptions{}), IsEmpty());
    EXPECT_THAT(select_summary({}, TextRankOptions{}), IsEmpty());
}

TEST(RankSentences, SingleSentence) {
    const auto one = make({"The council approved the annual housing budget today."});
    const auto scored = rank_sentences(one, TextRankOptions{});
    ASSERT_EQ(scored.size(), 1u);
    EXPECT_EQ(scored[0].index, 0u);
    EXPECT_DOUBLE_EQ(scored[0].score, 1.0);
    EXPECT_THAT(select_summary(one, TextRankOptions{}), ElementsAre(0u));
}

TEST(RankSentences, OneScorePerSentenceInInputOrderSummingToOne) {
    const auto doc = housing_document();
    const auto scored = rank_sentences(doc, TextRankOptions{});
    ASSERT_EQ(scored.size(), doc.size());
    for (std::size_t i = 0; i < scored.size(); ++i) {
        EXPECT_EQ(scored[i].index, i);
    }
    EXPECT_NEAR(total(scored), 1.0, 1e-9);
}

TEST(RankSentences, Deterministic) {
    const auto doc = housing_document();
    const auto a = rank_sentences(doc, TextRankOptions{});
    const auto b = rank_sentences(doc, TextRankOptions{});
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].score, b[i].score);
    }
    EXPECT_EQ(select_summary(doc, TextRankOptions{}), select_summary(doc, TextRankOptions{}));
}

TEST(RankSentences, CentralSentencesOutrankOutliers) {
    const auto doc = housing_document();
    const auto scored = rank_sentences(doc, TextRankOptions{});
    for (const std::size_t outlier : {2u, 5u}) {
        for (const std::size_t central : {0u, 1u, 3u, 4u, 6u, 7u}) {
            EXPECT_GT(scored[central].score, scored[outlier].score)
                << "central " << central << " vs outlier " << outlier;
        }
    }
    TextRankOptions options;
    options.max_sentences = 3;
    options.max_redundancy = 1.0;
    const auto chosen = select_summary(doc, options);
    ASSERT_EQ(chosen.size(), 3u);
    for (const std::size_t c : chosen) {
        EXPECT_TRUE(c != 2u && c != 5u) << c;
    }
}

TEST(SelectSummary, AWordBudgetStopsOnceReached) {
    const auto doc = housing_document();
    TextRankOptions options;
    options.max_sentences = doc.size();
    options.max_redundancy = 1.0;
    options.max_words = 1;  // the best sentence alone passes it
    EXPECT_EQ(select_summary(doc, options).size(), 1u);
    options.max_words = 20;  // every sentence here has 11-13 words: two are needed
    EXPECT_EQ(select_summary(doc, options).size(), 2u);
    options.max_words = 1000;  // more than the document: every sentence but the outliers' limit
    EXPECT_EQ(select_summary(doc, options).size(), doc.size());
    options.max_sentences = 3;  // the count still caps it
    EXPECT_EQ(select_summary(doc, options).size(), 3u);
}

TEST(SelectSummary, RedundancyControlDropsNearDuplicates) {
    const auto doc = make({
        "The council approved the new housing budget for next year.",
        "The council approved the new housing budget for the next year.",
        "Residents raised concerns about parking charges near the high street.",
        "The housing budget includes funding for damp repairs in council homes.",
        "Parking charges near the high street will be reviewed by officers.",
    });
    TextRankOptions options;
    options.max_sentences = 5;
    const auto chosen = select_summary(doc, options);
    const bool has0 = std::find(chosen.begin(), chosen.end(), 0u) != chosen.end();
    const bool has1 = std::find(chosen.begin(), chosen.end(), 1u) != chosen.end();
    EXPECT_TRUE(has0 != has1) << "exactly one of the near-duplicates is kept";
    EXPECT_TRUE(std::is_sorted(chosen.begin(), chosen.end()));

    options.max_redundancy = 1.01;  // redundancy control off: both duplicates come back
    EXPECT_THAT(select_summary(doc, options), ElementsAre(0u, 1u, 2u, 3u, 4u));
}

TEST(SelectSummary, ReturnsDocumentOrderNotScoreOrder) {
    const auto doc = housing_document();
    TextRankOptions options;
    options.max_sentences = 4;
    options.max_redundancy = 1.0;
    const auto chosen = select_summary(doc, options);
    ASSERT_EQ(chosen.size(), 4u);
    EXPECT_TRUE(std::is_sorted(chosen.begin(), chosen.end()));
    // They are the four best by score.
    const auto scored = rank_sentences(doc, options);
    double worst_chosen = 1;
    for (const std::size_t c : chosen) {
        worst_chosen = std::min(worst_chosen, scored[c].score);
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) {
            EXPECT_LE(scored[i].score, worst_chosen);
        }
    }
}

TEST(SelectSummary, ShortSentencesAreNeverChosen) {
    const auto doc =
        make({"Agenda", "It is.", "Budget approved.", "The council approved the housing budget after a long debate."});
    TextRankOptions options;
    options.max_sentences = 4;
    EXPECT_THAT(select_summary(doc, options), ElementsAre(3u));
    options.min_content_words = 1;
    options.max_redundancy = 1.0;
    EXPECT_THAT(select_summary(doc, options), ElementsAre(0u, 2u, 3u));  // "It is." has no content word
    options.max_sentences = 0;
    EXPECT_THAT(select_summary(doc, options), IsEmpty());
}

TEST(SelectSummary, AllIdenticalSentences) {
    const std::vector<std::string> same(10, "The council approved the housing budget today.");
    const auto doc = make(same);
    const auto scored = rank_sentences(doc, TextRankOptions{});
    for (const auto& s : scored) {
        EXPECT_NEAR(s.score, 0.1, 1e-12);
    }
    EXPECT_THAT(select_summary(doc, TextRankOptions{}), ElementsAre(0u));
}

TEST(RankSentences, NoSharedTermsAndStopwordOnlySentences) {
    const auto doc = make({"It is what it is.", "Apples grow on trees.", "Bicycles need oil.", ""});
    const auto scored = rank_sentences(doc, TextRankOptions{});
    ASSERT_EQ(scored.size(), 4u);
    for (const auto& s : scored) {
        EXPECT_NEAR(s.score, 0.25, 1e-12);
    }
}

TEST(RankSentences, OutOfRangeOptionsDoNotBreakScores) {
    const auto doc = housing_document();
    for (const double damping : {-1.0, 0.0, 1.0, 7.0, std::numeric_limits<double>::quiet_NaN()}) {
        TextRankOptions options;
        options.damping = damping;
        const auto scored = rank_sentences(doc, options);
        EXPECT_NEAR(total(scored), 1.0, 1e-9) << damping;
    }
    TextRankOptions no_iterations;
    no_iterations.max_iterations = 0;
    for (const auto& s : rank_sentences(doc, no_iterations)) {
        EXPECT_NEAR(s.score, 1.0 / 8, 1e-12);
    }
}

TEST(RankSentences, VeryLongSentence) {
    std::string longest;
    for (int i = 0; i < 50000; ++i) {
        longest += "word" + std::to_string(i % 997) + " ";
    }
    const auto doc = make({longest, "The council approved the housing budget today.", longest});
    const auto scored = rank_sentences(doc, TextRankOptions{});
    EXPECT_NEAR(total(scored), 1.0, 1e-9);
    EXPECT_THAT(select_summary(doc, TextRankOptions{}), ElementsAre(0u, 1u));
}

// 5,000 sentences from a Zipf-like vocabulary with a few words shared by nearly all of them, the
// worst case for a similarity graph (almost complete). Prints the time; the bound is loose because
// this runs under ASan on a shared machine.
TEST(RankSentences, FiveThousandSentencesQuickly) {
    std::mt19937 rng(20251122);
    std::vector<std::string> texts;
    for (int s = 0; s < 5000; ++s) {
        std::string t = "The council";
        const auto words = static_cast<std::uint32_t>(10 + rng() % 16);
        for (std::uint32_t w = 0; w < words; ++w) {
            const auto a = static_cast<std::uint32_t>(rng() % 3000);
            const auto b = static_cast<std::uint32_t>(rng() % (a + 1));  // skew to small ids
            t += " term" + std::to_string(b);
        }
        texts.push_back(t + " budget.");
    }
    const auto doc = make(texts);
    const auto start = std::chrono::steady_clock::now();
    const auto scored = rank_sentences(doc, TextRankOptions{});
    const auto chosen = select_summary(doc, TextRankOptions{});
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::printf("rank_sentences + select_summary, 5000 sentences: %lld ms\n", static_cast<long long>(ms));
    EXPECT_NEAR(total(scored), 1.0, 1e-9);
    EXPECT_EQ(chosen.size(), 5u);
    EXPECT_LT(ms, 5000);
}

}  // namespace
}  // namespace borough::nlp
