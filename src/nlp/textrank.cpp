#include "nlp/textrank.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/strings.h"
#include "nlp/tokenize.h"

namespace borough::nlp {
namespace {

// One sentence as an L2-normalised sparse TF-IDF vector, sorted by term id.
struct SparseVector {
    std::vector<std::pair<std::uint32_t, double>> entries;
    std::size_t content_words = 0;
};

struct Model {
    std::vector<SparseVector> vectors;
    std::size_t term_count = 0;
};

// Sublinear term frequency (1 + ln tf) times smoothed IDF (ln((1 + n) / (1 + df)) + 1, always > 0).
// Term ids follow first appearance, so the result does not depend on hash order.
Model build_model(std::span<const Sentence> sentences) {
    Model model;
    model.vectors.resize(sentences.size());
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::size_t> df;
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        const std::vector<std::string> tokens = content_tokens(sentences[s].text);
        std::vector<std::uint32_t> term_ids;
        term_ids.reserve(tokens.size());
        for (const std::string& token : tokens) {
            const auto [it, added] = ids.try_emplace(token, static_cast<std::uint32_t>(ids.size()));
            if (added) {
                df.push_back(0);
            }
            term_ids.push_back(it->second);
        }
        std::sort(term_ids.begin(), term_ids.end());
        auto& entries = model.vectors[s].entries;
        for (std::size_t k = 0; k < term_ids.size();) {
            std::size_t run = k;
            while (run < term_ids.size() && term_ids[run] == term_ids[k]) {
                ++run;
            }
            entries.emplace_back(term_ids[k], 1.0 + std::log(static_cast<double>(run - k)));
            ++df[term_ids[k]];
            k = run;
        }
        model.vectors[s].content_words = tokens.size();
    }
    model.term_count = ids.size();
    const auto n = static_cast<double>(sentences.size());
    for (SparseVector& v : model.vectors) {
        double norm2 = 0;
        for (auto& [term, weight] : v.entries) {
            weight *= std::log((1.0 + n) / (1.0 + static_cast<double>(df[term]))) + 1.0;
            norm2 += weight * weight;
        }
        const double norm = std::sqrt(norm2);
        if (norm > 0) {
            for (auto& entry : v.entries) {
                entry.second /= norm;
            }
        }
    }
    return model;
}

double cosine(const SparseVector& a, const SparseVector& b) {
    double dot = 0;
    auto i = a.entries.begin();
    auto j = b.entries.begin();
    while (i != a.entries.end() && j != b.entries.end()) {
        if (i->first < j->first) {
            ++i;
        } else if (j->first < i->first) {
            ++j;
        } else {
            dot += i->second * j->second;
            ++i;
            ++j;
        }
    }
    return dot;
}

// r_i = sum over j != i of sim(i, j) * y_j, where sim = V V^T. Computed as V (V^T y) minus the
// diagonal term per entry, so the cost is O(non-zeros) and no n x n graph is ever built. Subtracting
// per term (z_t - v_it * y_i) makes a sentence that shares no term with any other give exactly 0.
void multiply_similarity(const Model& model, const std::vector<double>& y, std::vector<double>& z,
                         std::vector<double>& r) {
    std::fill(z.begin(), z.end(), 0.0);
    for (std::size_t j = 0; j < model.vectors.size(); ++j) {
        for (const auto& [term, weight] : model.vectors[j].entries) {
            z[term] += weight * y[j];
        }
    }
    for (std::size_t i = 0; i < model.vectors.size(); ++i) {
        double sum = 0;
        for (const auto& [term, weight] : model.vectors[i].entries) {
            sum += weight * std::max(0.0, z[term] - weight * y[i]);
        }
        r[i] = sum;
    }
}

std::vector<ScoredSentence> rank_with_model(const Model& model, const TextRankOptions& options) {
    const std::size_t n = model.vectors.size();
    std::vector<ScoredSentence> scored(n);
    for (std::size_t i = 0; i < n; ++i) {
        scored[i].index = i;
    }
    if (n == 0) {
        return scored;
    }
    const double uniform = 1.0 / static_cast<double>(n);
    double damping = options.damping;
    if (!(damping >= 0.0)) {
        damping = 0.0;  // also catches NaN
    }
    damping = std::min(damping, 1.0);

    std::vector<double> z(model.term_count);
    std::vector<double> degree(n);
    multiply_similarity(model, std::vector<double>(n, 1.0), z, degree);

    std::vector<double> score(n, uniform);
    std::vector<double> y(n);
    std::vector<double> r(n);
    for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
        // Sentences with no edges spread their score evenly (standard PageRank dangling nodes).
        double dangling = 0;
        for (std::size_t j = 0; j < n; ++j) {
            if (degree[j] > 0) {
                y[j] = score[j] / degree[j];
            } else {
                y[j] = 0;
                dangling += score[j];
            }
        }
        multiply_similarity(model, y, z, r);
        double change = 0;
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double next = (1.0 - damping) * uniform + damping * (r[i] + dangling * uniform);
            change += std::fabs(next - score[i]);
            score[i] = next;
            total += next;
        }
        // Renormalise against rounding drift so scores keep summing to 1.
        if (total > 0) {
            for (double& s : score) {
                s /= total;
            }
        }
        if (change < options.tolerance) {
            break;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        scored[i].score = score[i];
    }
    return scored;
}

}  // namespace

std::vector<ScoredSentence> rank_sentences(std::span<const Sentence> sentences, const TextRankOptions& options) {
    return rank_with_model(build_model(sentences), options);
}

std::vector<std::size_t> select_summary(std::span<const Sentence> sentences, const TextRankOptions& options) {
    std::vector<std::size_t> chosen;
    if (sentences.empty() || options.max_sentences == 0) {
        return chosen;
    }
    const Model model = build_model(sentences);
    const std::vector<ScoredSentence> scored = rank_with_model(model, options);
    std::vector<std::size_t> order(scored.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scored[a].score > scored[b].score; });
    std::size_t words = 0;
    for (const std::size_t candidate : order) {
        if (chosen.size() >= options.max_sentences || (options.max_words > 0 && words >= options.max_words)) {
            break;
        }
        const SparseVector& v = model.vectors[candidate];
        if (v.content_words < options.min_content_words || v.entries.empty()) {
            continue;
        }
        const bool redundant = std::any_of(chosen.begin(), chosen.end(), [&](std::size_t c) {
            return cosine(v, model.vectors[c]) > options.max_redundancy;
        });
        if (!redundant) {
            chosen.push_back(candidate);
            words += count_words(sentences[candidate].text);
        }
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

}  // namespace borough::nlp
