#include "nlp/sentiment.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace borough::nlp {

// Readable label names in failure messages (GoogleTest looks this name up).
// NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(SentimentLabel label, std::ostream* os) { *os << to_string(label); }

namespace {

class SentimentTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto created = SentimentAnalyzer::create();
        ASSERT_TRUE(created.has_value()) << created.error().describe();
        analyzer_.emplace(std::move(created).value());
    }
    SentimentScore score(std::string_view text) const { return analyzer_->score(text); }
    SentimentLabel label(std::string_view text) const { return analyzer_->score(text).label; }

    std::optional<SentimentAnalyzer> analyzer_;
};

TEST_F(SentimentTest, LoadsTheEmbeddedLexicon) {
    EXPECT_GT(analyzer_->lexicon_size(), 7000U);
    EXPECT_GT(analyzer_->vader_valence("good"), 1.0);
    EXPECT_LT(analyzer_->vader_valence("horrendous"), -2.0);
    // UK additions do not leak into VADER's own valences (the baseline depends on this).
    EXPECT_EQ(analyzer_->vader_valence("rubbish"), 0.0);
    EXPECT_EQ(analyzer_->vader_valence("favourite"), 0.0);
}

TEST_F(SentimentTest, LabelNames) {
    EXPECT_EQ(to_string(SentimentLabel::Positive), "positive");
    EXPECT_EQ(to_string(SentimentLabel::Negative), "negative");
    EXPECT_EQ(to_string(SentimentLabel::Neutral), "neutral");
    EXPECT_EQ(to_string(SentimentLabel::Mixed), "mixed");
}

TEST_F(SentimentTest, EmptyAndFactualAnswersAreNeutral) {
    const SentimentScore empty = score("");
    EXPECT_EQ(empty.label, SentimentLabel::Neutral);
    EXPECT_EQ(empty.compound, 0.0);
    EXPECT_EQ(empty.positive + empty.negative + empty.neutral, 0.0);
    EXPECT_EQ(label("   \n\t "), SentimentLabel::Neutral);
    EXPECT_EQ(label("The bin was collected on Tuesday."), SentimentLabel::Neutral);
    EXPECT_EQ(label("I live in a two bedroom flat on the third floor."), SentimentLabel::Neutral);
    EXPECT_EQ(label("n/a"), SentimentLabel::Neutral);
}

TEST_F(SentimentTest, ProportionsSumToOne) {
    for (std::string_view text : {"good", "the staff were lovely but the repair took months", "a flat in Leeds"}) {
        const SentimentScore s = score(text);
        EXPECT_NEAR(s.positive + s.negative + s.neutral, 1.0, 1e-9) << text;
        EXPECT_GE(s.compound, -1.0);
        EXPECT_LE(s.compound, 1.0);
    }
}

TEST_F(SentimentTest, Negation) {
    EXPECT_EQ(label("good"), SentimentLabel::Positive);
    EXPECT_EQ(label("not good"), SentimentLabel::Negative);
    EXPECT_EQ(label("they were not helpful"), SentimentLabel::Negative);
    EXPECT_EQ(label("I don't think it's good"), SentimentLabel::Negative);
    EXPECT_EQ(label("I don\xE2\x80\x99t think it\xE2\x80\x99s good"), SentimentLabel::Negative);  // curly ’
    // "not bad" is mildly positive: positive, but weaker than plain "good" praise with a booster.
    const SentimentScore not_bad = score("not bad");
    EXPECT_EQ(not_bad.label, SentimentLabel::Positive);
    EXPECT_LT(not_bad.compound, score("very good").compound);
    // Negation does not reach across a sentence boundary.
    EXPECT_EQ(label("It was not good service"), SentimentLabel::Negative);
    EXPECT_EQ(label("It was not. Good service though"), SentimentLabel::Positive);
    // "never so good" is emphasis, not negation.
    EXPECT_GT(score("never so good").compound, score("good").compound);
}

TEST_F(SentimentTest, BoostersAndDampeners) {
    EXPECT_GT(score("very good").compound, score("good").compound);
    EXPECT_GT(score("extremely rude").compound, -1.0);
    EXPECT_LT(score("extremely rude").compound, score("rude").compound);
    EXPECT_LT(score("slightly good").compound, score("good").compound);
    EXPECT_LT(score("kind of good").compound, score("good").compound);
    EXPECT_GT(score("bloody brilliant").compound, score("brilliant").compound);
}

TEST_F(SentimentTest, Least) {
    EXPECT_EQ(label("the least helpful officer"), SentimentLabel::Negative);
    EXPECT_EQ(label("at least helpful"), SentimentLabel::Positive);
}

TEST_F(SentimentTest, ButClauseOutweighsWhatCameBefore) {
    const SentimentLabel l = label("the staff were lovely but the repair took months");
    EXPECT_TRUE(l == SentimentLabel::Mixed || l == SentimentLabel::Negative) << to_string(l);
    EXPECT_EQ(label("the repair took months but the staff were lovely"), SentimentLabel::Mixed);
    EXPECT_LT(score("the staff were lovely but the repair was awful").compound,
              score("the staff were lovely and the repair was awful").compound);
}

TEST_F(SentimentTest, MixedAnswers) {
    EXPECT_EQ(label("Not good. Lovely staff though"), SentimentLabel::Mixed);
    EXPECT_EQ(label("The officer was helpful but the damp is still there"), SentimentLabel::Mixed);
    EXPECT_NE(label("great great great service, one tiny problem"), SentimentLabel::Mixed);
}

TEST_F(SentimentTest, CapsEmphasisOnlyInMixedCaseText) {
    EXPECT_GT(score("the service was GOOD").compound, score("the service was good").compound);
    EXPECT_GT(score("VERY good").compound, score("very good").compound);
    // All-caps text has no differential: shouting everything emphasises nothing.
    EXPECT_DOUBLE_EQ(score("THE SERVICE WAS GOOD").compound, score("the service was good").compound);
}

TEST_F(SentimentTest, ExclamationsAddUpToFour) {
    EXPECT_GT(score("good!").compound, score("good").compound);
    EXPECT_GT(score("good!!!").compound, score("good!").compound);
    EXPECT_DOUBLE_EQ(score("good!!!!").compound, score("good!!!!!!!").compound);
    EXPECT_LT(score("awful!!").compound, score("awful").compound);
    EXPECT_EQ(label("!!!"), SentimentLabel::Neutral);
}

TEST_F(SentimentTest, QuestionsAskRatherThanAssert) {
    EXPECT_EQ(label("Is the office open on Saturday?"), SentimentLabel::Neutral);
    EXPECT_LT(score("Is the new kitchen good?").compound, score("The new kitchen is good.").compound);
}

TEST_F(SentimentTest, BritishSpelling) {
    EXPECT_DOUBLE_EQ(score("my favourite officer").compound, score("my favorite officer").compound);
    EXPECT_EQ(label("my favourite"), SentimentLabel::Positive);
    EXPECT_EQ(label("the mould is horrendous"), SentimentLabel::Negative);
    EXPECT_EQ(label("very disorganised"), SentimentLabel::Negative);
    EXPECT_EQ(label("it was an honour"), SentimentLabel::Positive);
}

TEST_F(SentimentTest, BritishAndCouncilWords) {
    EXPECT_EQ(label("the repair team were prompt and polite"), SentimentLabel::Positive);
    EXPECT_EQ(label("chuffed with the new kitchen"), SentimentLabel::Positive);
    EXPECT_EQ(label("repairs took months"), SentimentLabel::Negative);
    EXPECT_EQ(label("nobody called back"), SentimentLabel::Negative);
    EXPECT_EQ(label("no one called back"), SentimentLabel::Negative);
    EXPECT_EQ(label("it was a shambles"), SentimentLabel::Negative);
    EXPECT_EQ(label("rubbish service, fobbed off every time"), SentimentLabel::Negative);
    EXPECT_EQ(label("damp and mould in the bedroom"), SentimentLabel::Negative);
    EXPECT_EQ(label("still waiting for the boiler"), SentimentLabel::Negative);
    EXPECT_EQ(label("kept informed throughout"), SentimentLabel::Positive);
    EXPECT_LT(score("shocking").compound, -0.5);  // strongly negative in UK usage
}

TEST_F(SentimentTest, CounterfactualsAndRequests) {
    EXPECT_EQ(label("The response could have been better"), SentimentLabel::Negative);
    EXPECT_EQ(label("could not have been better"), SentimentLabel::Positive);
    EXPECT_EQ(label("The officer couldn't have been more helpful"), SentimentLabel::Positive);
    EXPECT_EQ(label("I would recommend the service"), SentimentLabel::Positive);
    EXPECT_EQ(label("More staff"), SentimentLabel::Negative);
    EXPECT_EQ(label("Faster repairs please."), SentimentLabel::Negative);
    EXPECT_EQ(label("More than happy with the work"), SentimentLabel::Positive);
}

TEST_F(SentimentTest, HandlesLinksMentionsAndEmoticons) {
    EXPECT_DOUBLE_EQ(score("@united the seat was fine").compound, score("the seat was fine").compound);
    EXPECT_EQ(label("see https://example.org/great-news"), SentimentLabel::Neutral);
    EXPECT_EQ(label("new boiler :)"), SentimentLabel::Positive);
    EXPECT_EQ(label("the boiler broke down again :("), SentimentLabel::Negative);
    EXPECT_EQ(label("new boiler \xF0\x9F\x98\x8A"), SentimentLabel::Positive);  // smiling face emoji
    EXPECT_EQ(label("boiler still broken \xF0\x9F\x98\xA1"), SentimentLabel::Negative);
    // HTML entities are markup: "&gt;" is not the word "gt".
    EXPECT_DOUBLE_EQ(score("kitchen &gt; bathroom &amp; hall").compound, 0.0);
}

TEST_F(SentimentTest, InformalWriting) {
    EXPECT_EQ(label("soooo gooood"), SentimentLabel::Positive);  // elongated letters
    EXPECT_GT(score("loooove it").compound, 0.5);
    EXPECT_EQ(label("#NeverAgain"), SentimentLabel::Negative);  // camel-case hashtag
    EXPECT_EQ(label("#fail"), SentimentLabel::Negative);
    EXPECT_EQ(label("Zzzzz 1111"), SentimentLabel::Neutral);
}

TEST_F(SentimentTest, ButStaysInItsSentence) {
    // The "but" in the second sentence does not halve the praise in the first.
    EXPECT_DOUBLE_EQ(score("Great staff. The repair was slow but done.").compound,
                     score("Great staff. The repair was slow, but done.").compound);
    EXPECT_GT(score("Great staff. The repair was slow but done.").compound,
              score("Great staff and the repair was slow but done.").compound);
}

TEST_F(SentimentTest, ServiceFeedbackReadings) {
    EXPECT_EQ(label("I will never use this contractor again"), SentimentLabel::Negative);
    EXPECT_EQ(label("no one at the housing office"), SentimentLabel::Negative);
    EXPECT_EQ(label("on hold for two hours"), SentimentLabel::Negative);
    EXPECT_EQ(label("The housing team need to be more helpful"), SentimentLabel::Negative);
    // "like" as a preposition is not praise; as a verb it is.
    EXPECT_EQ(label("It looks like a building site"), SentimentLabel::Neutral);
    EXPECT_EQ(label("We really like the new windows"), SentimentLabel::Positive);
    EXPECT_EQ(label("I don't like the new bins"), SentimentLabel::Negative);
    // Answer particles carry no valence of their own.
    EXPECT_EQ(label("Yes"), SentimentLabel::Neutral);
    // "no" still negates.
    EXPECT_EQ(label("no problems at all"), SentimentLabel::Positive);
}

TEST_F(SentimentTest, Utf8Safety) {
    // Invalid, truncated and overlong sequences are skipped; no crash, and the good word still counts.
    const std::array<std::string_view, 6> texts = {
        "caf\xC3",           "\xFF\xFE good \xE2\x80",   "\xC0\xAF good",
        "good \xF0\x9F\x98", "\xE2\x80\x99\xE2\x80\x99", "tr\xC3\xA8s good \xF0\x9F\x98\x80",
    };
    for (std::string_view t : texts) {
        const SentimentScore s = score(t);
        EXPECT_TRUE(std::isfinite(s.compound)) << t;
        if (t.find("good") != std::string_view::npos) {
            EXPECT_EQ(s.label, SentimentLabel::Positive) << t;
        }
    }
    const std::string nul_inside("good\0bad", 8);
    EXPECT_TRUE(std::isfinite(score(nul_inside).compound));
}

TEST_F(SentimentTest, LongAnswers) {
    std::string text;
    for (int i = 0; i < 5000; ++i) {
        text += "The repair was good but the wait was long. ";
    }
    text += std::string(300, 'x');  // one very long token
    const SentimentScore s = score(text);
    EXPECT_TRUE(std::isfinite(s.compound));
    EXPECT_NEAR(s.positive + s.negative + s.neutral, 1.0, 1e-9);
}

TEST_F(SentimentTest, ScoresFromTwoThreadsAgreeWithOneThread) {
    const std::vector<std::string> texts = {
        "the repair team were prompt and polite",
        "nobody called back",
        "not bad at all",
        "More staff",
        "the staff were lovely but the repair took months",
        "",
        "could have been better",
        "GREAT service!!",
    };
    std::vector<double> expected;
    expected.reserve(texts.size());
    for (const auto& t : texts) {
        expected.push_back(score(t).compound);
    }
    std::array<std::vector<double>, 2> got;
    std::vector<std::thread> threads;
    threads.reserve(got.size());
    const SentimentAnalyzer& shared = *analyzer_;
    for (auto& out : got) {
        threads.emplace_back([&texts, &shared, &out] {
            out.reserve(200 * texts.size());
            for (int round = 0; round < 200; ++round) {
                for (const auto& t : texts) {
                    out.push_back(shared.score(t).compound);
                }
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    for (const auto& g : got) {
        ASSERT_EQ(g.size(), 200 * texts.size());
        for (std::size_t k = 0; k < g.size(); ++k) {
            ASSERT_EQ(g[k], expected[k % texts.size()]);
        }
    }
}

TEST_F(SentimentTest, ThresholdsAreConfigurable) {
    SentimentThresholds strict;
    strict.positive_compound = 0.9;
    auto created = SentimentAnalyzer::create(strict);
    ASSERT_TRUE(created.has_value());
    EXPECT_EQ(created->score("good").label, SentimentLabel::Neutral);
    EXPECT_EQ(score("good").label, SentimentLabel::Positive);
}

TEST_F(SentimentTest, PlainBaselineCountsWordsWithoutRules) {
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "good"), SentimentLabel::Positive);
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "not good"), SentimentLabel::Positive);     // no negation
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "my favourite"), SentimentLabel::Neutral);  // no UK spelling
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "rubbish"), SentimentLabel::Neutral);       // no UK words
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "good good bad"), SentimentLabel::Positive);
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "good bad"), SentimentLabel::Neutral);
    EXPECT_EQ(plain_lexicon_label(*analyzer_, "horrendous"), SentimentLabel::Negative);
    EXPECT_EQ(plain_lexicon_label(*analyzer_, ""), SentimentLabel::Neutral);
}

// ---- Evaluation on the shared sets (manual): prints accuracy and macro-F1 for score() and the
// baseline. Run with --gtest_also_run_disabled_tests --gtest_filter='SentimentEval.*'; the sets are
// found under $BOROUGH_EVAL_DIR (default: <source>/../shared/eval). Not a regression test: the data
// sets are licensed for evaluation only and are not in the repository.

std::vector<std::vector<std::string>> read_csv_rows(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string s = ss.str();
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = s.starts_with("\xEF\xBB\xBF") ? 3 : 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c != '"') {
                field += c;
            } else if (i + 1 < s.size() && s[i + 1] == '"') {
                field += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

// Classes: 0 positive, 1 negative, 2 neutral (our Mixed counts as neutral, the sets' "3" class).
struct Confusion {
    std::array<std::array<int, 3>, 3> m{};
    static std::size_t of(SentimentLabel l) {
        return l == SentimentLabel::Positive ? 0 : (l == SentimentLabel::Negative ? 1 : 2);
    }
    void print(const char* name) const {
        int total = 0;
        int correct = 0;
        double f1_sum = 0;
        for (std::size_t c = 0; c < 3; ++c) {
            const int tp = m[c][c];
            int fp = 0;
            int fn = 0;
            for (std::size_t k = 0; k < 3; ++k) {
                total += m[c][k];
                if (k != c) {
                    fp += m[k][c];
                    fn += m[c][k];
                }
            }
            correct += tp;
            const double p = tp + fp > 0 ? double(tp) / (tp + fp) : 0;
            const double r = tp + fn > 0 ? double(tp) / (tp + fn) : 0;
            f1_sum += p + r > 0 ? 2 * p * r / (p + r) : 0;
        }
        std::printf("  %-8s n=%d accuracy=%.4f macro-F1=%.4f\n", name, total, double(correct) / total, f1_sum / 3);
    }
};

std::string eval_dir() {
    if (const char* dir = std::getenv("BOROUGH_EVAL_DIR")) {  // NOLINT(concurrency-mt-unsafe): test setup
        return dir;
    }
    return std::string(BOROUGH_SOURCE_DIR) + "/../shared/eval";
}

void evaluate(const SentimentAnalyzer& a, const std::string& path, std::string_view text_col,
              std::string_view label_col, int (*gold_of)(const std::string&)) {
    const auto rows = read_csv_rows(path);
    if (rows.empty()) {
        GTEST_SKIP() << "missing " << path;
    }
    std::size_t ti = rows[0].size();
    std::size_t li = rows[0].size();
    for (std::size_t k = 0; k < rows[0].size(); ++k) {
        if (rows[0][k] == text_col) {
            ti = k;
        }
        if (rows[0][k] == label_col) {
            li = k;
        }
    }
    ASSERT_LT(ti, rows[0].size());
    ASSERT_LT(li, rows[0].size());
    Confusion ours;
    Confusion base;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() <= std::max(ti, li)) {
            continue;  // short row
        }
        const int gold = gold_of(rows[r][li]);
        if (gold < 0) {
            continue;  // unlabelled
        }
        const auto g = static_cast<std::size_t>(gold);
        ours.m[g][Confusion::of(a.score(rows[r][ti]).label)]++;
        base.m[g][Confusion::of(plain_lexicon_label(a, rows[r][ti]))]++;
    }
    std::printf("%s\n", path.c_str());
    ours.print("ours");
    base.print("baseline");
}

TEST(SentimentEval, DISABLED_SharedEvaluationSets) {
    auto a = SentimentAnalyzer::create();
    ASSERT_TRUE(a.has_value());
    evaluate(*a, eval_dir() + "/nhs_fft_pxtextmining/datasets/v6framework_230831.csv", "FFT answer",
             "Comment sentiment", [](const std::string& v) {
                 // 1-2 positive, 3 neutral/mixed, 4-5 negative; unlabelled rows skipped.
                 if (v.size() != 1 || v[0] < '1' || v[0] > '5') {
                     return -1;
                 }
                 return v[0] <= '2' ? 0 : (v[0] == '3' ? 2 : 1);
             });
    evaluate(
        *a, eval_dir() + "/sentiment_twitter_us_airline/Tweets.csv", "text", "airline_sentiment",
        [](const std::string& v) { return v == "positive" ? 0 : (v == "negative" ? 1 : (v == "neutral" ? 2 : -1)); });
}

}  // namespace
}  // namespace borough::nlp
