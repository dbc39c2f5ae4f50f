// `borough eval survey-analysis`: measures the action's sentiment and themes on labelled public sets
// (read from a folder outside the repository; their licences forbid copying them in) next to a plain
// lexicon baseline computed in the same run. Metrics follow issue #3; docs/quality.md records results.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace borough::actions::survey {

struct ClassScores {
    double accuracy = 0;
    double macro_f1 = 0;
    std::vector<double> f1;  // per class, in the order of the labels given
};

// Accuracy and macro-F1 of `predicted` against `gold` over `labels` (all three same length).
ClassScores score_classes(const std::vector<int>& gold, const std::vector<int>& predicted, std::size_t labels);

struct ThemeScores {
    std::size_t gold_themes = 0;     // gold themes with at least min_gold_size answers
    std::size_t matched = 0;         // of those, matched by a produced theme with Jaccard >= 0.3
    double recall = 0;               // matched / gold_themes
    double micro_precision = 0;      // after the best one-to-one matching (maximum total overlap)
    double micro_recall = 0;
    double micro_f1 = 0;
    std::vector<std::pair<std::string, double>> best_jaccard;  // per counted gold theme
};

// `produced` and `gold` are answer-index sets (ascending). Gold themes smaller than min_gold_size are
// left out of recall but kept in micro-F1.
ThemeScores score_themes(const std::vector<std::vector<std::size_t>>& produced,
                         const std::vector<std::vector<std::size_t>>& gold, const std::vector<std::string>& gold_names,
                         std::size_t min_gold_size = 30, double match_jaccard = 0.3);

// The best theme recall any word-based method could reach on these answers: for each gold theme
// (>= min_gold_size answers), a theme defined as "answers containing any of these word stems" with
// up to max_stems stems chosen greedily *with the gold labels* to maximise Jaccard. An oracle, so an
// upper bound for methods whose themes are sets of words (key-phrase themes, TF-IDF clusters read
// as their key phrases), not a method. `texts` and `gold` index the same rows.
struct WordSetCeiling {
    std::size_t gold_themes = 0;
    std::size_t matched = 0;  // gold themes whose oracle word set reaches match_jaccard
    double recall = 0;
};
[[nodiscard]] Result<WordSetCeiling> word_set_ceiling(const std::vector<std::string_view>& texts,
                                                      const std::vector<std::vector<std::size_t>>& gold,
                                                      std::size_t max_stems = 6, std::size_t min_gold_size = 30,
                                                      double match_jaccard = 0.3);

// Maximum-weight one-to-one assignment (Hungarian method): result[i] = column matched to row i, or -1.
std::vector<int> best_assignment(const std::vector<std::vector<double>>& weight);

// Runs every evaluation whose data is present under `eval_dir` and returns the figures as JSON
// ({"sets": [...]}) with a Markdown table in "markdown". Errors: NotFound when no set is present.
[[nodiscard]] Result<Json> evaluate_survey_analysis(const std::filesystem::path& eval_dir, std::uint64_t seed = 42);

}  // namespace borough::actions::survey
