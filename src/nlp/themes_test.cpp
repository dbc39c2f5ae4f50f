#include "nlp/themes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "nlp/themes_features.h"
#include "nlp/tokenize.h"

namespace borough::nlp {
namespace {

// Answers written for these tests: three planted groups (repairs, parking, noise), 40 each. Each
// answer is a subject, a stock complaint shared by all groups, a detail about its subject and a stock
// ending, drawn at random, so that the subject is the structure to find. Index i is in group i % 3.
std::vector<std::string> planted_answers() {
    const std::vector<std::vector<std::string>> subjects = {
        {"The repairs", "Repairs to my flat", "Boiler repairs", "Window repairs", "Emergency repairs",
         "The repairs service"},
        {"Parking on the estate", "Parking near my block", "Residents parking", "Parking for visitors",
         "Evening parking", "Parking outside the shops"},
        {"Noise from the neighbours", "Noise at night", "Noise from the flat upstairs", "Noise from parties",
         "Building site noise", "Noise after midnight"},
    };
    const std::vector<std::vector<std::string>> details = {
        {"the boiler still leaks", "the repair man never came", "the damp is back",
         "the leak in the kitchen is not fixed", "the repairs team cancelled again", "the window is still broken"},
        {"parking spaces are taken by visitors", "my car gets blocked in", "the car park is full",
         "cars park on the pavement", "residents cannot park", "parking bays are always full"},
        {"the neighbours play loud music", "the dog barks all night", "noisy parties every weekend",
         "shouting on the stairs late at night", "the noise keeps my children awake", "loud drilling upstairs"},
    };
    const std::vector<std::string> complaints = {" is awful", " is getting worse", " is poor", " is a problem"};
    const std::vector<std::string> endings = {" and it is very frustrating.", ", please sort it out.",
                                              " and nobody follows up.", ".", " despite complaints."};
    std::mt19937_64 rng(3);  // fixed: the same 120 answers every run
    std::vector<std::string> answers;
    for (std::size_t i = 0; i < 120; ++i) {
        const std::size_t group = i % 3;
        std::string answer = subjects[group][rng() % subjects[group].size()];
        answer += complaints[rng() % complaints.size()] + "; ";
        answer += details[group][rng() % details[group].size()];
        answer += endings[rng() % endings.size()];
        answers.push_back(std::move(answer));
    }
    return answers;
}

std::vector<std::string_view> views(const std::vector<std::string>& answers) {
    return {answers.begin(), answers.end()};
}

std::unique_ptr<ThemeFinder> make_finder(ThemeOptions options = {}) {
    auto finder = ThemeFinder::create(options);
    EXPECT_TRUE(finder.has_value()) << finder.error().describe();
    return std::move(finder).value();
}

// The theme holding most answers of `group` (index % 3 == group) and the share they make of it.
std::pair<std::size_t, double> dominant_theme(const ThemeResult& result, std::size_t group) {
    std::vector<std::size_t> hits(result.themes.size(), 0);
    for (std::size_t i = group; i < result.answer_themes.size(); i += 3) {
        if (!result.answer_themes[i].empty()) {
            ++hits[result.answer_themes[i].front()];
        }
    }
    const auto best = static_cast<std::size_t>(std::max_element(hits.begin(), hits.end()) - hits.begin());
    return {best, static_cast<double>(hits[best]) / 40.0};
}

TEST(ThemesTest, EmptyInputGivesEmptyResult) {
    const auto result = make_finder()->find({}, {});
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_TRUE(result->themes.empty());
    EXPECT_TRUE(result->answer_themes.empty());
    EXPECT_EQ(0U, result->chosen_k);
}

TEST(ThemesTest, AnswersWithoutContentWordsGetNoTheme) {
    std::vector<std::string> answers = planted_answers();
    answers.emplace_back("It is what it is, and that was it.");
    answers.emplace_back("42");
    const auto result = make_finder()->find(views(answers), {});
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(answers.size(), result->answer_themes.size());
    EXPECT_TRUE(result->answer_themes[120].empty());
    EXPECT_TRUE(result->answer_themes[121].empty());
}

TEST(ThemesTest, RecoversPlantedGroupsAndChoosesKFromData) {
    const auto answers = planted_answers();
    const auto result = make_finder(ThemeOptions{.min_k = 2, .max_k = 10})->find(views(answers), {});
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_GE(result->chosen_k, 3U);
    EXPECT_LE(result->chosen_k, 4U);
    std::set<std::size_t> dominant;
    for (std::size_t group = 0; group < 3; ++group) {
        const auto [theme, share] = dominant_theme(*result, group);
        EXPECT_GE(share, 0.9) << "group " << group;
        dominant.insert(theme);
    }
    EXPECT_EQ(3U, dominant.size()) << "each planted group has its own theme";
    EXPECT_NE(std::string::npos, result->method_note.find("silhouette x seed agreement"));
}

TEST(ThemesTest, LabelsAreSurfaceWordsFromTheAnswers) {
    const auto answers = planted_answers();
    const auto result = make_finder(ThemeOptions{.fixed_k = 3})->find(views(answers), {});
    ASSERT_TRUE(result.has_value());
    std::set<std::string> words;
    for (const auto& a : answers) {
        for (auto& w : word_tokens(a)) {
            words.insert(std::move(w));
        }
    }
    std::set<std::string> labels;
    for (const Theme& theme : result->themes) {
        ASSERT_FALSE(theme.key_phrases.empty());
        EXPECT_EQ(0U, theme.label.find(theme.key_phrases.front())) << theme.label;
        for (const std::string& phrase : theme.key_phrases) {
            for (const std::string& w : word_tokens(phrase)) {
                EXPECT_TRUE(words.count(w) == 1 || w == "more" || w == "less" || w == "no")
                    << "'" << w << "' in '" << phrase << "' is not a word of the answers (a stem?)";
            }
        }
        labels.insert(theme.label);
    }
    // The three themes are named by what they are about.
    const auto has_label_with = [&](const std::string& word) {
        return std::any_of(labels.begin(), labels.end(),
                           [&](const std::string& l) { return l.find(word) != std::string::npos; });
    };
    EXPECT_TRUE(has_label_with("repairs"));
    EXPECT_TRUE(has_label_with("parking"));
    EXPECT_TRUE(has_label_with("noise"));
}

TEST(ThemesTest, ThemesAreSortedAndMembersConsistent) {
    const auto answers = planted_answers();
    const auto result = make_finder(ThemeOptions{.fixed_k = 4})->find(views(answers), {});
    ASSERT_TRUE(result.has_value());
    for (std::size_t t = 0; t < result->themes.size(); ++t) {
        const Theme& theme = result->themes[t];
        if (t > 0 && result->themes[t - 1].parent == theme.parent) {
            EXPECT_GE(result->themes[t - 1].members.size(), theme.members.size());
        }
        if (theme.parent) {
            // Sub-themes follow every top-level theme, grouped by parent, inside their parent.
            ASSERT_LT(*theme.parent, t);
            const Theme& parent = result->themes[*theme.parent];
            EXPECT_FALSE(parent.parent.has_value());
            EXPECT_TRUE(std::includes(parent.members.begin(), parent.members.end(), theme.members.begin(),
                                      theme.members.end()));
            EXPECT_LT(theme.members.size(), parent.members.size());
            if (t > 0 && result->themes[t - 1].parent) {
                EXPECT_LE(*result->themes[t - 1].parent, *theme.parent);
            }
        } else if (t > 0) {
            EXPECT_FALSE(result->themes[t - 1].parent.has_value()) << "top-level theme after a sub-theme";
        }
        EXPECT_TRUE(std::is_sorted(theme.members.begin(), theme.members.end()));
        EXPECT_TRUE(std::binary_search(theme.members.begin(), theme.members.end(), theme.representative));
        EXPECT_GE(answers[theme.representative].size(), 20U);
        EXPECT_GT(theme.cohesion, 0.0);
        for (const std::size_t m : theme.members) {
            const auto& list = result->answer_themes[m];
            EXPECT_NE(list.end(), std::find(list.begin(), list.end(), t));
        }
    }
    for (const auto& list : result->answer_themes) {
        // max_themes_per_answer bounds the top-level themes; each may add one of its sub-themes.
        const auto top = std::count_if(list.begin(), list.end(),
                                       [&](std::size_t t) { return !result->themes[t].parent.has_value(); });
        EXPECT_LE(top, 3);
        EXPECT_LE(list.size(), 2 * static_cast<std::size_t>(top));
        EXPECT_TRUE(std::is_partitioned(list.begin(), list.end(),
                                        [&](std::size_t t) { return !result->themes[t].parent.has_value(); }));
    }
}

TEST(ThemesTest, SameSeedSameOutputWhateverTheThreads) {
    const auto answers = planted_answers();
    const auto a = make_finder(ThemeOptions{.seed = 5})->find(views(answers), {});
    const auto b = make_finder(ThemeOptions{.seed = 5, .threads = 2})->find(views(answers), {});
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->chosen_k, b->chosen_k);
    EXPECT_EQ(a->answer_themes, b->answer_themes);
    ASSERT_EQ(a->themes.size(), b->themes.size());
    for (std::size_t t = 0; t < a->themes.size(); ++t) {
        EXPECT_EQ(a->themes[t].label, b->themes[t].label);
        EXPECT_EQ(a->themes[t].members, b->themes[t].members);
        EXPECT_EQ(a->themes[t].representative, b->themes[t].representative);
    }
    EXPECT_EQ(a->method_note, b->method_note);
}

TEST(ThemesTest, RestartsKeepTheBestClusteringDeterministically) {
    const auto answers = planted_answers();
    const auto a = make_finder(ThemeOptions{.fixed_k = 3, .restarts = 4})->find(views(answers), {});
    const auto b = make_finder(ThemeOptions{.fixed_k = 3, .restarts = 4})->find(views(answers), {});
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->answer_themes, b->answer_themes);
    EXPECT_NE(std::string::npos, a->method_note.find("best of 4 restarts"));
    for (std::size_t group = 0; group < 3; ++group) {
        EXPECT_GE(dominant_theme(*a, group).second, 0.9) << "group " << group;
    }
}

TEST(ThemesTest, MultiTopicAnswerLandsInBothThemes) {
    auto answers = planted_answers();
    answers.emplace_back("The repairs are slow and the parking is awful");
    const auto result = make_finder(ThemeOptions{.fixed_k = 3})->find(views(answers), {});
    ASSERT_TRUE(result.has_value());
    const auto repairs = dominant_theme(*result, 0).first;
    const auto parking = dominant_theme(*result, 1).first;
    ASSERT_NE(repairs, parking);
    const auto& list = result->answer_themes.back();
    EXPECT_NE(list.end(), std::find(list.begin(), list.end(), repairs));
    EXPECT_NE(list.end(), std::find(list.begin(), list.end(), parking));
}

TEST(ThemesTest, MoreAndLessOfTheSameThingAreNotSilentlyMerged) {
    auto answers = planted_answers();
    const std::vector<std::string> more = {"We need more parking for residents", "More parking please",
                                           "Not enough parking near the shops", "There should be more parking spaces",
                                           "Lack of parking for visitors"};
    const std::vector<std::string> less = {"Less parking and more trees", "Fewer parking spaces, more cycle lanes",
                                           "Too much parking on the green", "We want less parking in the square"};
    for (int round = 0; round < 3; ++round) {
        answers.insert(answers.end(), more.begin(), more.end());
        answers.insert(answers.end(), less.begin(), less.end());
    }
    const auto result = make_finder()->find(views(answers), {});
    ASSERT_TRUE(result.has_value());
    // Either a theme reports the split, or the two camps end up in different themes.
    bool split_reported = false;
    for (const Theme& theme : result->themes) {
        if (theme.directions.size() == 2 && theme.directions[0].first == "more parking" &&
            theme.directions[1].first == "less parking") {
            split_reported = theme.directions[0].second >= 5 && theme.directions[1].second >= 5;
        }
    }
    std::set<std::size_t> more_themes;
    std::set<std::size_t> less_themes;
    for (std::size_t i = 120; i < answers.size(); ++i) {
        if (!result->answer_themes[i].empty()) {
            ((i - 120) % 9 < 5 ? more_themes : less_themes).insert(result->answer_themes[i].front());
        }
    }
    std::vector<std::size_t> shared;
    std::set_intersection(more_themes.begin(), more_themes.end(), less_themes.begin(), less_themes.end(),
                          std::back_inserter(shared));
    EXPECT_TRUE(split_reported || shared.empty());
}

TEST(ThemesTest, NegatedMoreIsLess) {
    auto featurizer = ThemeFeaturizer::create();
    ASSERT_TRUE(featurizer.has_value()) << featurizer.error().describe();
    const auto cues = [&](std::string_view text) {
        TermCounts counts;
        (*featurizer)->add(text, counts);
        std::vector<Direction> found;
        for (const std::uint32_t term : counts.terms) {
            if ((*featurizer)->term(term).kind == TermKind::CueBigram) {
                found.push_back(static_cast<Direction>((*featurizer)->term(term).first));
            }
        }
        return found;
    };
    EXPECT_EQ(std::vector<Direction>{Direction::More}, cues("We need more parking"));
    EXPECT_EQ(std::vector<Direction>{Direction::Less}, cues("Please do not build more parking"));
    EXPECT_EQ(std::vector<Direction>{Direction::Less}, cues("Don't want more parking here"));
    EXPECT_EQ(std::vector<Direction>{Direction::Less}, cues("No more parking on the green"));
    EXPECT_EQ(std::vector<Direction>{Direction::More}, cues("Never less parking, we need it"));
    // Too far back to govern the cue.
    EXPECT_EQ(std::vector<Direction>{Direction::More}, cues("It is not the bins, the estate needs more parking"));
}

TEST(ThemesTest, LargeThemesGetSubThemesUnderTheirParent) {
    const auto answers = planted_answers();
    const auto with = make_finder(ThemeOptions{.fixed_k = 3})->find(views(answers), {});
    ASSERT_TRUE(with.has_value());
    std::size_t subs = 0;
    for (std::size_t t = 0; t < with->themes.size(); ++t) {
        const Theme& theme = with->themes[t];
        if (!theme.parent) {
            continue;
        }
        ++subs;
        const Theme& parent = with->themes[*theme.parent];
        EXPECT_GE(theme.members.size(), 10U);
        EXPECT_LT(static_cast<double>(theme.members.size()), 0.8 * static_cast<double>(parent.members.size()));
        EXPECT_NE(parent.label, theme.label);
        EXPECT_TRUE(std::binary_search(theme.members.begin(), theme.members.end(), theme.representative));
        for (const std::size_t m : theme.members) {
            const auto& list = with->answer_themes[m];
            EXPECT_NE(list.end(), std::find(list.begin(), list.end(), t));
        }
    }
    // Each planted group's answers carry six different details: at least one group splits.
    EXPECT_GE(subs, 2U);
    EXPECT_EQ(3U, with->chosen_k);
    const auto without = make_finder(ThemeOptions{.fixed_k = 3, .max_sub_themes = 0})->find(views(answers), {});
    ASSERT_TRUE(without.has_value());
    EXPECT_EQ(3U, without->themes.size());
    EXPECT_TRUE(std::none_of(without->themes.begin(), without->themes.end(),
                             [](const Theme& t) { return t.parent.has_value(); }));
}

TEST(ThemesTest, CancellationReturnsCancelled) {
    const auto answers = planted_answers();
    std::stop_source stop;
    stop.request_stop();
    const auto result = make_finder()->find(views(answers), stop.get_token());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(ErrorCode::Cancelled, result.error().code);
}

TEST(ThemesTest, RejectsBadOptionsNamingTheField) {
    const auto bad_k = ThemeFinder::create(ThemeOptions{.min_k = 5, .max_k = 3});
    ASSERT_FALSE(bad_k.has_value());
    EXPECT_EQ("max_k", bad_k.error().field);
    const auto too_many = ThemeFinder::create(ThemeOptions{.fixed_k = 1000});
    ASSERT_FALSE(too_many.has_value());
    EXPECT_EQ("fixed_k", too_many.error().field);
    const auto no_restarts = ThemeFinder::create(ThemeOptions{.restarts = 0});
    ASSERT_FALSE(no_restarts.has_value());
    EXPECT_EQ("restarts", no_restarts.error().field);
    const auto bad_threads = ThemeFinder::create(ThemeOptions{.threads = 0});
    ASSERT_FALSE(bad_threads.has_value());
    EXPECT_EQ("threads", bad_threads.error().field);
    for (const std::size_t subs : {1, 21}) {
        const auto bad_subs = ThemeFinder::create(ThemeOptions{.max_sub_themes = subs});
        ASSERT_FALSE(bad_subs.has_value());
        EXPECT_EQ("max_sub_themes", bad_subs.error().field);
    }
    const auto bad_fraction = ThemeFinder::create(ThemeOptions{.secondary_fraction = 1.5});
    ASSERT_FALSE(bad_fraction.has_value());
    EXPECT_EQ("secondary_fraction", bad_fraction.error().field);
}

TEST(ThemesTest, PlantedThemesAreStableAcrossSeeds) {
    const auto answers = planted_answers();
    ThemeResult primary;
    const auto report =
        make_finder(ThemeOptions{.min_k = 2, .max_k = 6})->theme_stability(views(answers), 5, {}, &primary);
    ASSERT_TRUE(report.has_value()) << report.error().describe();
    EXPECT_EQ(5U, report->runs);
    EXPECT_EQ(primary.themes.size(), report->per_theme.size());
    EXPECT_GT(report->mean_jaccard, 0.8);
    const auto too_few = make_finder()->theme_stability(views(answers), 1, {});
    ASSERT_FALSE(too_few.has_value());
    EXPECT_EQ("runs", too_few.error().field);
}

TEST(ThemesTest, JaccardOfIndexLists) {
    const std::vector<std::size_t> a{1, 2, 3, 4};
    const std::vector<std::size_t> b{3, 4, 5};
    EXPECT_DOUBLE_EQ(2.0 / 5.0, jaccard(a, b));
    EXPECT_DOUBLE_EQ(1.0, jaccard(a, a));
    EXPECT_DOUBLE_EQ(0.0, jaccard({}, {}));
}

// Council-style answers generated from phrase lists (not from any evaluation set), about 60 bytes each.
std::vector<std::string> generated_answers(std::size_t n, std::uint64_t seed) {
    const std::vector<std::string> subjects = {"the bins",
                                               "street lighting",
                                               "potholes on our road",
                                               "the local library",
                                               "parking permits",
                                               "the park",
                                               "repairs to my flat",
                                               "council tax",
                                               "the bus service",
                                               "noise from neighbours",
                                               "fly tipping",
                                               "the leisure centre",
                                               "housing benefit claims",
                                               "the recycling centre",
                                               "anti-social behaviour",
                                               "school places",
                                               "planning applications",
                                               "the housing officer",
                                               "graffiti in the underpass",
                                               "dog fouling"};
    const std::vector<std::string> comments = {"is getting worse every year", "needs more investment",
                                               "is much better than before",  "takes far too long to sort out",
                                               "is not good enough",          "should be a higher priority",
                                               "is well run, thank you",      "needs fewer delays",
                                               "is a real problem here",      "has improved a lot recently"};
    const std::vector<std::string> extras = {"", " Please act.", " Staff were helpful.", " Nobody replied to my email.",
                                             " Thanks."};
    const std::vector<std::string> syllables = {"ash", "bel", "cor", "dun", "elm", "fen", "gar", "hol", "ick", "jor",
                                                "kel", "lin", "mor", "nor", "ock", "pen", "ros", "sel", "tor", "wyn"};
    std::mt19937_64 rng(seed);
    std::vector<std::string> answers;
    answers.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::string a = subjects[rng() % subjects.size()];
        a[0] = static_cast<char>(a[0] - ('a' - 'A'));
        a += " " + comments[rng() % comments.size()] + "." + extras[rng() % extras.size()];
        if (rng() % 2 == 0) {
            // A made-up street name (8,000 possible) so that the vocabulary keeps growing like real text.
            a += " Near ";
            for (int s = 0; s < 3; ++s) {
                a += syllables[rng() % syllables.size()];
            }
            a += " Road.";
        }
        answers.push_back(std::move(a));
    }
    return answers;
}

// Benchmark (run in a Release build): --gtest_also_run_disabled_tests --gtest_filter=*Million*
TEST(ThemesTest, DISABLED_MillionGeneratedAnswers) {
    const auto answers = generated_answers(1'000'000, 1);
    const auto start = std::chrono::steady_clock::now();
    const auto result = make_finder(ThemeOptions{.threads = 2})->find(views(answers), {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    std::printf("1,000,000 answers: %.2f s, k = %zu\n", seconds, result->chosen_k);
    EXPECT_LT(seconds, 60.0);
}

TEST(ThemesTest, GeneratedAnswersAreThemedBySubject) {
    const auto answers = generated_answers(1200, 2);
    const auto result = make_finder(ThemeOptions{.max_k = 30})->find(views(answers), {});
    ASSERT_TRUE(result.has_value());
    EXPECT_GE(result->chosen_k, 5U);
    std::size_t themed = 0;
    for (const auto& list : result->answer_themes) {
        themed += list.empty() ? 0 : 1;
    }
    EXPECT_GT(themed, 1160U);
}

}  // namespace
}  // namespace borough::nlp
