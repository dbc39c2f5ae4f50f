// Themes of free-text survey answers without a model: TF-IDF of stemmed unigrams, bigrams and
// direction cues, spherical k-means with k chosen from the data, c-TF-IDF key-phrase labels,
// multi-label assignment, and stability across seeds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace borough::nlp {

struct ThemeOptions {
    std::uint64_t seed = 42;
    std::size_t fixed_k = 0;  // 0: choose k from the data (see ThemeFinder::find)
    std::size_t min_k = 3;
    std::size_t max_k = 30;
    std::size_t max_themes_per_answer = 3;
    unsigned threads = 1;  // worker threads for the k-means assignment step; output does not depend on it
    // k-means runs on all answers, keeping the one with the highest total similarity. More restarts
    // make themes more stable across seeds (measured on 6,211 NHS answers: 1 -> mean Jaccard 0.54,
    // 5 -> 0.68) at a proportional cost of the final clustering. Sub-theme clustering uses as many.
    // Above 100,000 answers with words one run is made whatever this says (see themes.cpp).
    std::size_t restarts = 3;
    // Multi-label rule on cosine similarity to theme centroids: the best theme counts when its
    // similarity is >= min_similarity; another theme also counts when its similarity is
    // >= secondary_min_similarity and >= secondary_fraction x the best one's.
    double min_similarity = 0.05;
    double secondary_min_similarity = 0.1;
    double secondary_fraction = 0.5;
    // Most sub-themes per top-level theme: 0 (none) or 2-20. See ThemeFinder::find.
    std::size_t max_sub_themes = 6;
};

struct Theme {
    std::string label;                     // top 2-3 key phrases in surface form: "repairs / waiting time"
    std::vector<std::string> key_phrases;  // up to 6, best first (c-TF-IDF)
    std::vector<std::size_t> members;      // answer indices, ascending
    std::size_t representative = 0;        // answer index closest to the centroid (20-300 chars preferred)
    double cohesion = 0;                   // mean cosine of members to the centroid
    // Set only when members express both directions about the same thing: {{"more parking", n},
    // {"less parking", m}} (n, m >= 1 = members saying each; a negated cue counts the other way: "do
    // not build more parking" says less). Empty otherwise.
    std::vector<std::pair<std::string, std::size_t>> directions;
    // Index in ThemeResult::themes of the top-level theme this sub-theme refines ("Repairs" for
    // "damp / mould"); nullopt for a top-level theme. A sub-theme's members are a subset of its parent's.
    std::optional<std::size_t> parent;
};

struct ThemeResult {
    // Top-level themes first (size descending, ties by label), then sub-themes grouped by parent in
    // parent order (each group size descending, ties by label).
    std::vector<Theme> themes;
    // Per answer: indices into `themes`, top-level ones first (best match first), then its sub-themes;
    // empty when the answer has no theme (no content words, or too far from every theme).
    std::vector<std::vector<std::size_t>> answer_themes;
    std::size_t chosen_k = 0;  // top-level k
    std::string method_note;   // one paragraph for the report: features, k rule, thresholds
};

struct StabilityReport {
    double mean_jaccard = 0;        // mean of per_theme over the top-level themes
    std::vector<double> per_theme;  // per theme of the primary run (same order as its themes)
    std::size_t runs = 0;           // runs compared, the primary one included
};

// Immutable after create(); find() and theme_stability() are const and thread-safe (each call owns
// its stemmer and buffers).
class ThemeFinder {
public:
    // InvalidInput naming the option when options are out of range (min_k >= 1, max_k >= min_k,
    // max_k and fixed_k <= 200, restarts 1-20, max_sub_themes 0 or 2-20, threads 1-256, similarities and
    // fraction in [0, 1]).
    [[nodiscard]] static Result<std::unique_ptr<ThemeFinder>> create(ThemeOptions options);

    // Themes of `answers` (UTF-8; non-answers already removed). Deterministic for the same answers
    // and options (threads included or not). k: options.fixed_k when set; otherwise, over candidates in
    // [min_k, min(max_k, answers with words / 5)], each k is clustered twice (seeds seed, seed+1) on a
    // shuffled sample of <= 3,000 answers and scored as mean cosine silhouette (first 1,500 of the
    // sample) x agreement of the two runs (size-weighted best-match Jaccard); the best score wins.
    // Silhouette alone keeps rising with k on short answers. Then each top-level theme with at least
    // 2 x max(10, 1% of answers with words) members is re-clustered into sub-themes on the words that do
    // not already define it (those in > 30% of its members); k = round(sqrt(members / 10)) clamped to
    // [2, max_sub_themes]; each answer joins its closest sub-theme; sub-themes below that size or holding
    // >= 80% of the parent are dropped. Errors: Cancelled when `stop` is
    // requested, Unavailable without a stemmer.
    [[nodiscard]] Result<ThemeResult> find(std::span<const std::string_view> answers, std::stop_token stop) const;

    // Runs find() with `runs` seeds (options.seed, +1, ...), the extra runs at the primary run's k, and
    // reports per primary theme the mean best-match Jaccard of its member set across the other runs.
    // `primary` (optional) receives the primary run's result. runs >= 2, else InvalidInput.
    [[nodiscard]] Result<StabilityReport> theme_stability(std::span<const std::string_view> answers, std::size_t runs,
                                                          std::stop_token stop, ThemeResult* primary = nullptr) const;

    [[nodiscard]] const ThemeOptions& options() const { return options_; }

private:
    explicit ThemeFinder(ThemeOptions options) : options_(options) {}
    ThemeOptions options_;
};

// Jaccard index of two ascending index lists (0 when both are empty).
// Number of indices in both ascending lists.
[[nodiscard]] std::size_t intersection_size(std::span<const std::size_t> a, std::span<const std::size_t> b);
[[nodiscard]] double jaccard(std::span<const std::size_t> a, std::span<const std::size_t> b);

}  // namespace borough::nlp
