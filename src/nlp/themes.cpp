#include "nlp/themes.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <unordered_map>

#include "core/parallel.h"
#include "nlp/kmeans.h"
#include "nlp/tfidf.h"
#include "nlp/themes_features.h"

namespace borough::nlp {
namespace {

constexpr std::size_t kClusterSampleSize = 3000;     // rows clustered for each candidate k
constexpr std::size_t kSilhouetteSampleSize = 1500;  // rows scored by silhouette (O(m^2))
constexpr std::size_t kMaxKeyPhrases = 6;
constexpr double kBigramWeight = 0.5;
constexpr std::size_t kMinDirectionAnswers = 1;
constexpr std::size_t kMaxThemes = 200;
constexpr std::size_t kRepresentativeMinChars = 20;
constexpr std::size_t kRepresentativeMaxChars = 300;
constexpr double kSubMaxDfFraction = 0.3;
constexpr std::size_t kMinSubThemeAnswers = 10;
constexpr double kMinSubThemeShare = 0.01;
constexpr double kSubThemeEqualsParent = 0.8;
constexpr double kSubRowsPerK2 = 10.0;  // sub-theme k = round(sqrt(members / this))
// Above this many answers with words, k-means runs once whatever options.restarts says: restarts buy
// stability on survey-sized inputs, while on very large ones k-means++ draws vary little and each
// restart costs a full clustering.
constexpr std::size_t kMaxRowsForRestarts = 100000;

std::size_t effective_restarts(const ThemeOptions& options, std::size_t rows) {
    return rows > kMaxRowsForRestarts ? 1 : options.restarts;
}
constexpr TfidfOptions kTfidfOptions{.min_df = 2, .max_df_fraction = 0.5, .max_features = 20000, .sublinear_tf = true};

Unexpected<Error> cancelled() { return fail(ErrorCode::Cancelled, "theme analysis was cancelled"); }

// Features and TF-IDF rows of one set of answers, computed once and shared by every clustering run.
struct Prepared {
    std::unique_ptr<ThemeFeaturizer> featurizer;
    TermCounts counts;
    TfidfModel tfidf;
    SparseRows rows;
    std::vector<std::string> surfaces;
    std::vector<std::size_t> live;  // rows with at least one feature
};

// Word pairs mostly repeat what their words already say; at full weight, shared stock phrases ("nobody
// follows up") pull apart answers about one subject. They keep a reduced weight (direction cues keep
// theirs: they are what separates "more parking" from "less parking").
void reweight_bigrams(Prepared& p) {
    const auto weight = static_cast<float>(kBigramWeight);
    std::vector<float> column_weight(p.tfidf.dimensions(), 1.0F);
    for (std::uint32_t c = 0; c < column_weight.size(); ++c) {
        if (p.featurizer->term(p.tfidf.term_of(c)).kind == TermKind::Bigram) {
            column_weight[c] = weight;
        }
    }
    for (std::size_t r = 0; r < p.rows.rows(); ++r) {
        float norm = 0;
        for (std::size_t i = p.rows.offsets[r]; i < p.rows.offsets[r + 1]; ++i) {
            p.rows.values[i] *= column_weight[p.rows.columns[i]];
            norm += p.rows.values[i] * p.rows.values[i];
        }
        norm = std::sqrt(norm);
        for (std::size_t i = p.rows.offsets[r]; i < p.rows.offsets[r + 1]; ++i) {
            p.rows.values[i] /= norm;
        }
    }
}

Result<Prepared> prepare(std::span<const std::string_view> answers, const std::stop_token& stop) {
    Prepared p;
    BOROUGH_TRY(p.featurizer, ThemeFeaturizer::create());
    p.counts.offsets.reserve(answers.size() + 1);
    p.counts.terms.reserve(answers.size() * 8);
    p.counts.counts.reserve(answers.size() * 8);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (i % 4096 == 0 && stop.stop_requested()) {
            return cancelled();
        }
        p.featurizer->add(answers[i], p.counts);
    }
    BOROUGH_TRY(p.tfidf, TfidfModel::fit(p.counts, p.featurizer->term_count(), kTfidfOptions));
    p.rows = p.tfidf.transform(p.counts);
    reweight_bigrams(p);
    for (std::size_t r = 0; r < p.rows.rows(); ++r) {
        if (!p.rows.is_empty_row(r)) {
            p.live.push_back(r);
        }
    }
    p.surfaces = p.featurizer->stem_surfaces();
    return p;
}

// The listed rows with their columns renumbered densely (order kept), so that k-means on a sample
// pays for the sample's vocabulary, not the whole one. `dimensions` receives the new column count.
SparseRows select_rows(const SparseRows& rows, std::span<const std::size_t> which, std::size_t& dimensions) {
    std::vector<std::uint32_t> rank;
    for (const std::size_t r : which) {
        for (const std::uint32_t c : rows.row_columns(r)) {
            if (c >= rank.size()) {
                rank.resize(c + 1, 0);
            }
            rank[c] = 1;
        }
    }
    std::uint32_t next = 0;
    for (std::uint32_t& v : rank) {
        const std::uint32_t used = v;
        v = next;
        next += used;
    }
    dimensions = next;
    SparseRows out;
    for (const std::size_t r : which) {
        for (std::size_t i = rows.offsets[r]; i < rows.offsets[r + 1]; ++i) {
            out.columns.push_back(rank[rows.columns[i]]);
            out.values.push_back(rows.values[i]);
        }
        out.offsets.push_back(out.columns.size());
    }
    return out;
}

// Size-weighted mean best-match Jaccard between two partitions of the same rows, averaged both ways
// (1 = identical; rows labelled kNoCluster in either are ignored).
double partition_agreement(std::span<const std::uint32_t> a, std::size_t ka, std::span<const std::uint32_t> b,
                           std::size_t kb) {
    std::vector<std::size_t> both(ka * kb, 0);
    std::vector<std::size_t> size_a(ka, 0);
    std::vector<std::size_t> size_b(kb, 0);
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == kNoCluster || b[i] == kNoCluster) {
            continue;
        }
        ++both[a[i] * kb + b[i]];
        ++size_a[a[i]];
        ++size_b[b[i]];
        ++n;
    }
    if (n == 0) {
        return 0.0;
    }
    const auto jaccard_of = [&](std::size_t x, std::size_t y) {
        const auto shared = static_cast<double>(both[x * kb + y]);
        const double either = static_cast<double>(size_a[x] + size_b[y]) - shared;
        return either > 0 ? shared / either : 0.0;
    };
    double forward = 0;
    for (std::size_t x = 0; x < ka; ++x) {
        double best = 0;
        for (std::size_t y = 0; y < kb; ++y) {
            best = std::max(best, jaccard_of(x, y));
        }
        forward += best * static_cast<double>(size_a[x]);
    }
    double backward = 0;
    for (std::size_t y = 0; y < kb; ++y) {
        double best = 0;
        for (std::size_t x = 0; x < ka; ++x) {
            best = std::max(best, jaccard_of(x, y));
        }
        backward += best * static_cast<double>(size_b[y]);
    }
    return (forward + backward) / (2.0 * static_cast<double>(n));
}

struct KChoice {
    std::size_t k = 0;
    double score = 0;
    double silhouette = 0;
    double agreement = 0;
    std::vector<std::size_t> candidates;
};

// Candidate ks: every k up to 10, then steps of about k/5 (a 20% finer or coarser theme list reads
// much the same), so a wide range stays affordable.
std::vector<std::size_t> candidate_ks(std::size_t low, std::size_t high) {
    std::vector<std::size_t> ks;
    for (std::size_t k = low; k <= high; k += std::max<std::size_t>(1, k / 5)) {
        ks.push_back(k);
    }
    if (ks.back() != high) {
        ks.push_back(high);
    }
    return ks;
}

Result<KChoice> choose_k(const Prepared& p, const ThemeOptions& options, const std::stop_token& stop) {
    KChoice choice;
    const std::size_t live = p.live.size();
    // Fewer than ~5 answers per theme is not a theme a reader can use.
    const std::size_t high = std::min(options.max_k, std::max<std::size_t>(1, live / 5));
    const std::size_t low = std::min(options.min_k, high);
    if (low == high) {
        choice.k = high;
        choice.candidates = {high};
        return choice;
    }
    std::vector<std::size_t> sample = p.live;
    std::mt19937_64 rng(options.seed ^ 0x9E3779B97F4A7C15ULL);
    // Shuffled even when every row is kept: the silhouette rows are the sample's first ones, and input
    // order (by question, by date) must not bias them.
    const std::size_t sample_size = std::min(kClusterSampleSize, sample.size());
    for (std::size_t i = 0; i < sample_size; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng() % (sample.size() - i));
        std::swap(sample[i], sample[j]);
    }
    sample.resize(sample_size);
    std::size_t sub_dimensions = 0;
    const SparseRows sub = select_rows(p.rows, sample, sub_dimensions);
    const std::size_t m = std::min(kSilhouetteSampleSize, sample.size());
    const std::vector<float> sims = similarity_matrix(sub, m, sub_dimensions, options.threads);
    choice.candidates = candidate_ks(low, high);
    // Candidates are independent: they run in parallel (one thread each) and are compared in order.
    struct Scored {
        double separation = 0;
        double agreement = 0;
        std::optional<Error> error;
    };
    std::vector<Scored> scored(choice.candidates.size());
    parallel_for(choice.candidates.size(), options.threads, [&](std::size_t i) {
        KmeansOptions ko{
            .k = choice.candidates[i], .seed = options.seed, .max_iterations = 10, .min_changed_fraction = 1e-3};
        auto model = spherical_kmeans(sub, sub_dimensions, ko, stop);
        ko.seed = options.seed + 1;
        auto other = spherical_kmeans(sub, sub_dimensions, ko, stop);
        if (!model || !other) {
            scored[i].error = !model ? model.error() : other.error();
            return;
        }
        // Silhouette alone keeps rising with k on short answers (near-duplicates form tight small
        // clusters); weighting it by how well a second seed reproduces the partition favours the k
        // whose themes are both separated and reproducible.
        scored[i].agreement = partition_agreement(model->assignment, model->k, other->assignment, other->k);
        scored[i].separation = 0.5 * (silhouette(sims, std::span(model->assignment).first(m), model->k) +
                                      silhouette(sims, std::span(other->assignment).first(m), other->k));
    });
    double best = -2.0;
    for (std::size_t i = 0; i < scored.size(); ++i) {
        if (scored[i].error) {
            return fail(*scored[i].error);
        }
        const double score = scored[i].separation * scored[i].agreement;
        if (score > best + 1e-9) {
            best = score;
            choice.k = choice.candidates[i];
            choice.silhouette = scored[i].separation;
            choice.agreement = scored[i].agreement;
        }
    }
    choice.score = best;
    return choice;
}

struct PhraseScore {
    std::uint32_t column = 0;
    double score = 0;
    double count = 0;
};

// c-TF-IDF key phrases of one cluster; a bigram replaces its unigram when it carries at least half of
// the unigram's occurrences ("waiting time" rather than "waiting").
std::vector<PhraseScore> key_phrases(const Prepared& p, std::span<const double> cluster_counts,
                                     std::span<const double> total_counts, double mean_class_words,
                                     std::size_t cluster_size) {
    double cluster_total = std::accumulate(cluster_counts.begin(), cluster_counts.end(), 0.0);
    if (cluster_total <= 0) {
        return {};
    }
    const double min_count = cluster_size >= 2 ? 2.0 : 1.0;
    std::vector<PhraseScore> ranked;
    for (std::uint32_t c = 0; c < cluster_counts.size(); ++c) {
        if (cluster_counts[c] >= min_count) {
            const double score = cluster_counts[c] / cluster_total * std::log(1.0 + mean_class_words / total_counts[c]);
            ranked.push_back({c, score, cluster_counts[c]});
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const PhraseScore& a, const PhraseScore& b) { return a.score > b.score; });
    if (ranked.size() > 60) {
        ranked.resize(60);
    }
    const auto& featurizer = *p.featurizer;
    const auto term_of = [&](const PhraseScore& s) -> const ThemeTerm& {
        return featurizer.term(p.tfidf.term_of(s.column));
    };
    const auto contains = [&](const ThemeTerm& bigram, std::uint32_t stem) {
        return (bigram.kind == TermKind::Bigram && bigram.first == stem) || bigram.second == stem;
    };
    std::vector<PhraseScore> chosen;
    for (const PhraseScore& s : ranked) {
        PhraseScore candidate = s;
        const ThemeTerm& t = term_of(s);
        if (t.kind == TermKind::Unigram) {
            for (const PhraseScore& b : ranked) {
                const ThemeTerm& bt = term_of(b);
                if (bt.kind != TermKind::Unigram && contains(bt, t.first) && b.count >= 0.5 * s.count) {
                    candidate = b;
                    candidate.score = s.score;
                    break;
                }
            }
        }
        const ThemeTerm& ct = term_of(candidate);
        const bool duplicate = std::any_of(chosen.begin(), chosen.end(), [&](const PhraseScore& c) {
            const ThemeTerm& other = term_of(c);
            if (c.column == candidate.column) {
                return true;
            }
            // A unigram already said by a chosen bigram adds nothing.
            return ct.kind == TermKind::Unigram && other.kind != TermKind::Unigram && contains(other, ct.first);
        });
        if (duplicate) {
            continue;
        }
        // A bigram absorbs an already chosen unigram it contains.
        if (ct.kind != TermKind::Unigram) {
            const auto absorbed = std::find_if(chosen.begin(), chosen.end(), [&](const PhraseScore& c) {
                const ThemeTerm& other = term_of(c);
                return other.kind == TermKind::Unigram && contains(ct, other.first);
            });
            if (absorbed != chosen.end()) {
                absorbed->column = candidate.column;
                continue;
            }
        }
        chosen.push_back(candidate);
        if (chosen.size() == kMaxKeyPhrases) {
            break;
        }
    }
    return chosen;
}

// Key phrases in surface form and a label of the top 2-3 (the third only when it scores at least half
// the first); `fallback` when nothing scored.
void set_label(const Prepared& p, std::span<const PhraseScore> phrases, std::string fallback, Theme& theme) {
    for (const PhraseScore& s : phrases) {
        theme.key_phrases.push_back(p.featurizer->term_label(p.tfidf.term_of(s.column), p.surfaces));
    }
    for (std::size_t i = 0; i < std::min<std::size_t>(3, phrases.size()); ++i) {
        if (i == 2 && phrases[2].score < 0.5 * phrases[0].score) {
            break;
        }
        theme.label += (i == 0 ? "" : " / ") + theme.key_phrases[i];
    }
    if (theme.label.empty()) {
        theme.label = std::move(fallback);
    }
}

// Direction split of one theme: the object most members ask both more and less of, as
// {{"more X", n}, {"less X", m}}; empty when no object has kMinDirectionAnswers members each way.
std::vector<std::pair<std::string, std::size_t>> direction_split(const Prepared& p,
                                                                 std::span<const std::size_t> members) {
    std::unordered_map<std::uint32_t, std::pair<std::size_t, std::size_t>> counts;  // object stem -> more, less
    for (const std::size_t r : members) {
        for (std::size_t i = p.counts.offsets[r]; i < p.counts.offsets[r + 1]; ++i) {
            const ThemeTerm& t = p.featurizer->term(p.counts.terms[i]);
            if (t.kind != TermKind::CueBigram || static_cast<Direction>(t.first) == Direction::Absent) {
                continue;
            }
            auto& entry = counts[t.second];
            (static_cast<Direction>(t.first) == Direction::More ? entry.first : entry.second) += 1;
        }
    }
    std::uint32_t best_object = kNoCluster;
    std::pair<std::size_t, std::size_t> best_split{0, 0};
    for (const auto& [object, split] : counts) {
        // Reported even when one side is a single answer: the counts say how lopsided it is, and a
        // reader must not take a theme for one-sided when it is not.
        if (split.first < kMinDirectionAnswers || split.second < kMinDirectionAnswers) {
            continue;
        }
        const std::size_t weight = std::min(split.first, split.second);
        const std::size_t best_weight = std::min(best_split.first, best_split.second);
        const std::size_t total = split.first + split.second;
        const std::size_t best_total = best_split.first + best_split.second;
        if (weight > best_weight ||
            (weight == best_weight && (total > best_total || (total == best_total && object < best_object)))) {
            best_object = object;
            best_split = split;
        }
    }
    if (best_object == kNoCluster) {
        return {};
    }
    return {{"more " + p.surfaces[best_object], best_split.first},
            {"less " + p.surfaces[best_object], best_split.second}};
}

// Best of `restarts` k-means runs (highest total similarity; ties: the earlier run): one k-means++
// draw often lands in a poor local optimum on sparse text. Restarts run in parallel, one thread
// each; a single run uses all threads in its assignment step.
Result<KmeansResult> best_of_restarts(const SparseRows& rows, std::size_t dimensions, std::size_t k,
                                      std::uint64_t seed, std::size_t restarts, unsigned threads,
                                      const std::stop_token& stop) {
    std::vector<std::optional<Result<KmeansResult>>> runs(restarts);
    parallel_for(restarts, threads, [&](std::size_t restart) {
        const KmeansOptions ko{.k = k,
                               .seed = seed + restart * 0x9E3779B97F4A7C15ULL,
                               .max_iterations = 30,
                               .min_changed_fraction = 1e-3,
                               .threads = restarts == 1 ? threads : 1U};
        runs[restart] = spherical_kmeans(rows, dimensions, ko, stop);
    });
    std::size_t best = 0;
    for (std::size_t i = 0; i < restarts; ++i) {
        if (!*runs[i]) {
            return fail((*runs[i]).error());
        }
        if ((**runs[i]).objective > (**runs[best]).objective) {
            best = i;
        }
    }
    return std::move(*runs[best]);
}

Result<ThemeResult> cluster_and_describe(const Prepared& p, std::span<const std::string_view> answers,
                                         const ThemeOptions& options, std::size_t k, const std::stop_token& stop) {
    ThemeResult result;
    const std::size_t n = answers.size();
    result.answer_themes.resize(n);
    if (k == 0 || p.live.empty()) {
        return result;
    }
    BOROUGH_TRY(KmeansResult model, best_of_restarts(p.rows, p.tfidf.dimensions(), k, options.seed,
                                                     effective_restarts(options, p.live.size()), options.threads,
                                                     stop));
    k = model.k;
    result.chosen_k = k;

    // Multi-label assignment, representatives and cohesion in one pass.
    std::vector<std::vector<std::size_t>> members(k);
    std::vector<double> similarity_sum(k, 0.0);
    std::vector<std::size_t> representative(k, n);
    std::vector<float> representative_sim(k, -1.0F);
    std::vector<bool> representative_fits(k, false);
    std::vector<std::uint32_t> primary(n, kNoCluster);
    std::vector<float> sims(k);
    std::vector<std::uint32_t> order(k);
    for (const std::size_t r : p.live) {
        if (r % 4096 == 0 && stop.stop_requested()) {
            return cancelled();
        }
        centroid_similarities(p.rows, r, model, sims);
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return sims[a] > sims[b]; });
        const float best = sims[order[0]];
        if (best < options.min_similarity) {
            continue;
        }
        primary[r] = order[0];
        const bool fits = answers[r].size() >= kRepresentativeMinChars && answers[r].size() <= kRepresentativeMaxChars;
        for (std::size_t rank = 0; rank < std::min(k, options.max_themes_per_answer); ++rank) {
            const std::uint32_t c = order[rank];
            const double s = sims[c];
            if (rank > 0 && (s < options.secondary_min_similarity || s < options.secondary_fraction * best)) {
                break;
            }
            members[c].push_back(r);
            result.answer_themes[r].push_back(c);
            similarity_sum[c] += s;
            if ((fits && !representative_fits[c]) ||
                (fits == representative_fits[c] && sims[c] > representative_sim[c])) {
                representative[c] = r;
                representative_sim[c] = sims[c];
                representative_fits[c] = fits;
            }
        }
    }

    // c-TF-IDF over primary members: counts per (column, cluster).
    const std::size_t dims = p.tfidf.dimensions();
    std::vector<double> cluster_counts(k * dims, 0.0);
    std::vector<double> total_counts(dims, 0.0);
    double total_words = 0;
    for (const std::size_t r : p.live) {
        if (primary[r] == kNoCluster) {
            continue;
        }
        for (std::size_t i = p.counts.offsets[r]; i < p.counts.offsets[r + 1]; ++i) {
            const std::uint32_t column = p.tfidf.column_of(p.counts.terms[i]);
            if (column != kNoColumn) {
                const double c = p.counts.counts[i];
                cluster_counts[primary[r] * dims + column] += c;
                total_counts[column] += c;
                total_words += c;
            }
        }
    }
    const double mean_class_words = total_words / static_cast<double>(k);

    std::vector<Theme> themes;
    std::vector<std::size_t> theme_cluster;
    for (std::size_t c = 0; c < k; ++c) {
        if (members[c].empty()) {
            continue;
        }
        Theme theme;
        const auto phrases = key_phrases(p, std::span(cluster_counts).subspan(c * dims, dims), total_counts,
                                         mean_class_words, members[c].size());
        set_label(p, phrases, "theme " + std::to_string(c + 1), theme);
        theme.members = std::move(members[c]);
        theme.representative = representative[c];
        theme.cohesion = similarity_sum[c] / static_cast<double>(theme.members.size());
        theme.directions = direction_split(p, theme.members);
        themes.push_back(std::move(theme));
        theme_cluster.push_back(c);
    }

    std::vector<std::size_t> order_themes(themes.size());
    std::iota(order_themes.begin(), order_themes.end(), 0U);
    std::stable_sort(order_themes.begin(), order_themes.end(), [&](std::size_t a, std::size_t b) {
        if (themes[a].members.size() != themes[b].members.size()) {
            return themes[a].members.size() > themes[b].members.size();
        }
        return themes[a].label < themes[b].label;
    });
    std::vector<std::size_t> cluster_to_theme(k, 0);
    for (std::size_t i = 0; i < order_themes.size(); ++i) {
        cluster_to_theme[theme_cluster[order_themes[i]]] = i;
        result.themes.push_back(std::move(themes[order_themes[i]]));
    }
    for (auto& list : result.answer_themes) {
        for (auto& t : list) {
            t = cluster_to_theme[t];
        }
    }
    return result;
}

// Sub-themes: each top-level theme's members re-clustered on the words that do not already define it
// (features in more than kSubMaxDfFraction of its members are dropped, so the split follows what else
// they talk about: "repairs" -> "damp / mould", "waiting time"). k per theme = round(sqrt(members / 10))
// clamped to [2, options.max_sub_themes]; one label per answer (its closest sub-centroid). Sub-themes
// smaller than max(10, 1% of answers with words), or holding >= kSubThemeEqualsParent of the parent,
// are dropped. Appended after the top-level themes, grouped by parent, size descending.
Status add_sub_themes(const Prepared& p, std::span<const std::string_view> answers, const ThemeOptions& options,
                      ThemeResult& result, const std::stop_token& stop) {
    const std::size_t top = result.themes.size();
    if (options.max_sub_themes == 0 || top == 0) {
        return {};
    }
    const std::size_t min_size =
        std::max(kMinSubThemeAnswers,
                 static_cast<std::size_t>(std::ceil(kMinSubThemeShare * static_cast<double>(p.live.size()))));
    const std::size_t dims = p.tfidf.dimensions();
    // Parents are independent: each is split on its own thread; the results are appended in order.
    std::vector<std::vector<Theme>> per_parent(top);
    std::vector<std::optional<Error>> errors(top);
    parallel_for(top, options.threads, [&](std::size_t t) {
        const std::vector<std::size_t>& parent = result.themes[t].members;
        if (parent.size() < 2 * min_size) {
            return;
        }
        std::vector<std::uint32_t> df(dims, 0);
        for (const std::size_t r : parent) {
            for (const std::uint32_t c : p.rows.row_columns(r)) {
                ++df[c];
            }
        }
        const double cut = kSubMaxDfFraction * static_cast<double>(parent.size());
        const auto kept = [&](std::uint32_t c) { return static_cast<double>(df[c]) <= cut; };
        SparseRows local;
        std::vector<std::size_t> local_rows;  // answer index of each local row
        for (const std::size_t r : parent) {
            const std::size_t start = local.columns.size();
            float norm = 0;
            for (std::size_t i = p.rows.offsets[r]; i < p.rows.offsets[r + 1]; ++i) {
                if (kept(p.rows.columns[i])) {
                    local.columns.push_back(p.rows.columns[i]);
                    local.values.push_back(p.rows.values[i]);
                    norm += p.rows.values[i] * p.rows.values[i];
                }
            }
            if (norm <= 0) {
                continue;  // says only what the parent says
            }
            norm = std::sqrt(norm);
            for (std::size_t i = start; i < local.values.size(); ++i) {
                local.values[i] /= norm;
            }
            local.offsets.push_back(local.columns.size());
            local_rows.push_back(r);
        }
        if (local_rows.size() < 2 * min_size) {
            return;
        }
        const auto by_size = std::lround(std::sqrt(static_cast<double>(local_rows.size()) / kSubRowsPerK2));
        const auto k = std::clamp<std::size_t>(static_cast<std::size_t>(by_size), 2, options.max_sub_themes);
        auto clustered = best_of_restarts(local, dims, k, options.seed + (t + 1) * 7919,
                                          effective_restarts(options, local_rows.size()), 1, stop);
        if (!clustered) {
            errors[t] = clustered.error();
            return;
        }
        const KmeansResult& model = *clustered;
        const std::size_t kk = model.k;
        std::vector<std::vector<std::size_t>> members(kk);
        std::vector<double> similarity_sum(kk, 0.0);
        std::vector<std::size_t> representative(kk, 0);
        std::vector<float> representative_sim(kk, -1.0F);
        std::vector<bool> representative_fits(kk, false);
        std::vector<double> cluster_counts(kk * dims, 0.0);
        std::vector<double> total_counts(dims, 0.0);
        double total_words = 0;
        for (std::size_t j = 0; j < local_rows.size(); ++j) {
            const std::uint32_t c = model.assignment[j];
            if (c == kNoCluster) {
                continue;
            }
            const std::size_t r = local_rows[j];
            members[c].push_back(r);
            const float sim = model.similarity[j];
            similarity_sum[c] += sim;
            const bool fits =
                answers[r].size() >= kRepresentativeMinChars && answers[r].size() <= kRepresentativeMaxChars;
            if ((fits && !representative_fits[c]) || (fits == representative_fits[c] && sim > representative_sim[c])) {
                representative[c] = r;
                representative_sim[c] = sim;
                representative_fits[c] = fits;
            }
            for (std::size_t i = p.counts.offsets[r]; i < p.counts.offsets[r + 1]; ++i) {
                const std::uint32_t column = p.tfidf.column_of(p.counts.terms[i]);
                if (column != kNoColumn && kept(column)) {
                    const double count = p.counts.counts[i];
                    cluster_counts[c * dims + column] += count;
                    total_counts[column] += count;
                    total_words += count;
                }
            }
        }
        std::vector<Theme> these;
        for (std::size_t c = 0; c < kk; ++c) {
            if (members[c].size() < min_size ||
                static_cast<double>(members[c].size()) >= kSubThemeEqualsParent * static_cast<double>(parent.size())) {
                continue;
            }
            Theme sub;
            const auto phrases = key_phrases(p, std::span(cluster_counts).subspan(c * dims, dims), total_counts,
                                             total_words / static_cast<double>(kk), members[c].size());
            set_label(p, phrases, result.themes[t].label + " " + std::to_string(c + 1), sub);
            sub.members = std::move(members[c]);
            sub.representative = representative[c];
            sub.cohesion = similarity_sum[c] / static_cast<double>(sub.members.size());
            sub.directions = direction_split(p, sub.members);
            sub.parent = t;
            these.push_back(std::move(sub));
        }
        std::stable_sort(these.begin(), these.end(), [](const Theme& a, const Theme& b) {
            return a.members.size() != b.members.size() ? a.members.size() > b.members.size() : a.label < b.label;
        });
        per_parent[t] = std::move(these);
    });
    for (const auto& error : errors) {
        if (error) {
            return fail(*error);
        }
    }
    std::vector<Theme> subs;
    for (auto& these : per_parent) {
        for (Theme& sub : these) {
            subs.push_back(std::move(sub));
        }
    }
    for (Theme& sub : subs) {
        const std::size_t index = result.themes.size();
        for (const std::size_t m : sub.members) {
            result.answer_themes[m].push_back(index);
        }
        result.themes.push_back(std::move(sub));
    }
    return {};
}

std::string method_note(const Prepared& p, const ThemeOptions& options, const KChoice& choice, bool fixed) {
    std::ostringstream note;
    note << "Extractive themes: TF-IDF (sublinear tf, smoothed idf) over " << p.tfidf.dimensions()
         << " features (Snowball-stemmed words, adjacent word pairs and more/less cues; min_df " << kTfidfOptions.min_df
         << ", max_df " << kTfidfOptions.max_df_fraction << "), spherical k-means "
         << "(k-means++ seed " << options.seed << ", best of " << effective_restarts(options, p.live.size())
         << " restarts). ";
    if (fixed) {
        note << "k = " << choice.k << " was set by option. ";
    } else {
        note << "k = " << choice.k << " was chosen from " << options.min_k << "-" << options.max_k
             << " as the best silhouette x seed agreement (silhouette " << choice.silhouette << ", agreement "
             << choice.agreement << "; silhouette on up to " << kSilhouetteSampleSize
             << " answers, two seeds clustering up to " << kClusterSampleSize << "). ";
    }
    note << "An answer joins its closest theme (cosine >= " << options.min_similarity << ") and up to "
         << options.max_themes_per_answer - 1 << " more whose cosine is >= " << options.secondary_min_similarity
         << " and >= " << options.secondary_fraction << " x the best. Labels are c-TF-IDF key phrases. "
         << "Sub-themes: each large theme re-clustered (up to " << options.max_sub_themes
         << ") on the words that do not already define it. " << (p.rows.rows() - p.live.size())
         << " answers had no usable words and have no theme.";
    return note.str();
}

Result<ThemeResult> run(const Prepared& p, std::span<const std::string_view> answers, const ThemeOptions& options,
                        const std::stop_token& stop) {
    KChoice choice;
    const bool fixed = options.fixed_k != 0;
    if (fixed) {
        choice.k = std::min(options.fixed_k, p.live.size());
    } else if (!p.live.empty()) {
        BOROUGH_TRY(choice, choose_k(p, options, stop));
    }
    BOROUGH_TRY(auto result, cluster_and_describe(p, answers, options, choice.k, stop));
    BOROUGH_TRY_STATUS(add_sub_themes(p, answers, options, result, stop));
    result.method_note = method_note(p, options, choice, fixed);
    return result;
}

}  // namespace

std::size_t intersection_size(std::span<const std::size_t> a, std::span<const std::size_t> b) {
    std::size_t both = 0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++both;
            ++i;
            ++j;
        }
    }
    return both;
}

double jaccard(std::span<const std::size_t> a, std::span<const std::size_t> b) {
    if (a.empty() && b.empty()) {
        return 0.0;
    }
    const std::size_t both = intersection_size(a, b);
    return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

Result<std::unique_ptr<ThemeFinder>> ThemeFinder::create(ThemeOptions options) {
    if (options.min_k < 1) {
        return fail(ErrorCode::InvalidInput, "min_k must be at least 1", "min_k");
    }
    if (options.max_k < options.min_k) {
        return fail(ErrorCode::InvalidInput, "max_k must be at least min_k", "max_k");
    }
    // Beyond this a theme list stops being a summary, and k x features centroids grow large.
    if (options.max_k > kMaxThemes) {
        return fail(ErrorCode::InvalidInput, "max_k must be at most " + std::to_string(kMaxThemes), "max_k");
    }
    if (options.fixed_k > kMaxThemes) {
        return fail(ErrorCode::InvalidInput, "fixed_k must be at most " + std::to_string(kMaxThemes), "fixed_k");
    }
    if (options.max_themes_per_answer < 1) {
        return fail(ErrorCode::InvalidInput, "max_themes_per_answer must be at least 1", "max_themes_per_answer");
    }
    // One sub-theme per theme would be the theme again.
    if (options.max_sub_themes == 1 || options.max_sub_themes > 20) {
        return fail(ErrorCode::InvalidInput, "max_sub_themes must be 0 (none) or 2-20", "max_sub_themes");
    }
    if (options.restarts < 1 || options.restarts > 20) {
        return fail(ErrorCode::InvalidInput, "restarts must be between 1 and 20", "restarts");
    }
    if (options.threads < 1 || options.threads > 256) {
        return fail(ErrorCode::InvalidInput, "threads must be between 1 and 256", "threads");
    }
    const auto in_unit = [](double v) { return v >= 0.0 && v <= 1.0; };
    if (!in_unit(options.min_similarity)) {
        return fail(ErrorCode::InvalidInput, "min_similarity must be in [0, 1]", "min_similarity");
    }
    if (!in_unit(options.secondary_min_similarity)) {
        return fail(ErrorCode::InvalidInput, "secondary_min_similarity must be in [0, 1]", "secondary_min_similarity");
    }
    if (!in_unit(options.secondary_fraction)) {
        return fail(ErrorCode::InvalidInput, "secondary_fraction must be in [0, 1]", "secondary_fraction");
    }
    return std::unique_ptr<ThemeFinder>(new ThemeFinder(options));
}

Result<ThemeResult> ThemeFinder::find(std::span<const std::string_view> answers, std::stop_token stop) const {
    if (stop.stop_requested()) {
        return cancelled();
    }
    BOROUGH_TRY(const auto prepared, prepare(answers, stop));
    return run(prepared, answers, options_, stop);
}

Result<StabilityReport> ThemeFinder::theme_stability(std::span<const std::string_view> answers, std::size_t runs,
                                                     std::stop_token stop, ThemeResult* primary) const {
    if (runs < 2) {
        return fail(ErrorCode::InvalidInput, "stability needs at least 2 runs", "runs");
    }
    BOROUGH_TRY(const auto prepared, prepare(answers, stop));
    BOROUGH_TRY(auto first, run(prepared, answers, options_, stop));
    StabilityReport report;
    report.runs = runs;
    report.per_theme.assign(first.themes.size(), 0.0);
    // The other seeds' runs are independent: one thread each, compared in seed order.
    std::vector<std::optional<Result<ThemeResult>>> others(runs - 1);
    parallel_for(runs - 1, options_.threads, [&](std::size_t i) {
        ThemeOptions other = options_;
        other.fixed_k = std::max<std::size_t>(1, first.chosen_k);
        other.seed = options_.seed + i + 1;
        other.threads = runs - 1 >= options_.threads ? 1U : options_.threads;
        others[i] = run(prepared, answers, other, stop);
    });
    for (auto& again_or_error : others) {
        if (!*again_or_error) {
            return fail((*again_or_error).error());
        }
        const ThemeResult& again = **again_or_error;
        for (std::size_t t = 0; t < first.themes.size(); ++t) {
            double best = 0;
            for (const Theme& candidate : again.themes) {
                best = std::max(best, jaccard(first.themes[t].members, candidate.members));
            }
            report.per_theme[t] += best / static_cast<double>(runs - 1);
        }
    }
    // Sub-themes are finer and so less reproducible; the headline figure is about the top level.
    std::size_t top = 0;
    double sum = 0;
    for (std::size_t t = 0; t < first.themes.size(); ++t) {
        if (!first.themes[t].parent) {
            sum += report.per_theme[t];
            ++top;
        }
    }
    if (top > 0) {
        report.mean_jaccard = sum / static_cast<double>(top);
    }
    if (primary != nullptr) {
        *primary = std::move(first);
    }
    return report;
}

}  // namespace borough::nlp
