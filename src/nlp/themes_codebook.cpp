#include "nlp/themes_codebook.h"

#include <algorithm>
#include <numeric>

#include "nlp/tfidf.h"
#include "nlp/themes_features.h"

namespace borough::nlp {

Result<CodebookAssignment> assign_to_codebook(std::span<const std::string_view> answers,
                                              std::span<const CodebookEntry> codebook, const CodebookOptions& options,
                                              std::stop_token stop) {
    if (options.max_entries_per_answer < 1) {
        return fail(ErrorCode::InvalidInput, "max_entries_per_answer must be at least 1", "max_entries_per_answer");
    }
    BOROUGH_TRY(auto featurizer, ThemeFeaturizer::create());
    TermCounts counts;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (i % 4096 == 0 && stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "codebook assignment was cancelled");
        }
        featurizer->add(answers[i], counts);
    }
    // Entry texts are featurised after the answers, so that idf comes from the answers only.
    TermCounts entry_counts;
    std::vector<std::vector<std::vector<std::uint32_t>>> keyword_stems(codebook.size());
    for (std::size_t e = 0; e < codebook.size(); ++e) {
        const CodebookEntry& entry = codebook[e];
        const std::string field = "codebook[" + std::to_string(e) + "]";
        if (entry.name.empty()) {
            return fail(ErrorCode::InvalidInput, "codebook entry " + std::to_string(e + 1) + " has no name",
                        field + ".name");
        }
        std::string text = entry.name + ". " + entry.description;
        for (const std::string& keyword : entry.keywords) {
            text += ". " + keyword;
            auto stems = featurizer->content_stems(keyword);
            if (!stems.empty()) {
                keyword_stems[e].push_back(std::move(stems));
            }
        }
        featurizer->add(text, entry_counts);
        if (entry_counts.offsets[e] == entry_counts.offsets[e + 1]) {
            return fail(ErrorCode::InvalidInput,
                        "codebook entry '" + entry.name + "' has no usable words in its name, description or keywords",
                        field);
        }
    }
    // min_df 1: a codebook word that only a few answers use is exactly what should match them.
    const TfidfOptions tfidf_options{.min_df = 1, .max_df_fraction = 1.0, .max_features = 200000, .sublinear_tf = true};
    // Every term must have an id below term_count, including terms only the entries introduced.
    BOROUGH_TRY(const auto model, TfidfModel::fit(counts, featurizer->term_count(), tfidf_options));
    const SparseRows rows = model.transform(counts);
    const SparseRows entry_rows = model.transform(entry_counts);

    CodebookAssignment out;
    out.entry_members.resize(codebook.size());
    out.answer_entries.resize(answers.size());
    std::vector<double> scores(codebook.size());
    std::vector<std::size_t> order(codebook.size());
    std::vector<std::uint32_t> answer_stems;
    for (std::size_t r = 0; r < answers.size(); ++r) {
        if (r % 4096 == 0 && stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "codebook assignment was cancelled");
        }
        answer_stems.clear();
        for (std::size_t i = counts.offsets[r]; i < counts.offsets[r + 1]; ++i) {
            const ThemeTerm& t = featurizer->term(counts.terms[i]);
            if (t.kind == TermKind::Unigram) {
                answer_stems.push_back(t.first);
            }
        }
        std::sort(answer_stems.begin(), answer_stems.end());
        for (std::size_t e = 0; e < codebook.size(); ++e) {
            scores[e] = sparse_dot(rows.row_columns(r), rows.row_values(r), entry_rows.row_columns(e),
                                   entry_rows.row_values(e));
            const bool hit = std::any_of(keyword_stems[e].begin(), keyword_stems[e].end(), [&](const auto& stems) {
                return std::all_of(stems.begin(), stems.end(), [&](std::uint32_t s) {
                    return std::binary_search(answer_stems.begin(), answer_stems.end(), s);
                });
            });
            if (hit) {
                scores[e] += options.keyword_bonus;
            }
        }
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
        for (std::size_t rank = 0; rank < std::min(order.size(), options.max_entries_per_answer); ++rank) {
            if (scores[order[rank]] < options.min_score) {
                break;
            }
            out.entry_members[order[rank]].push_back(r);
            out.answer_entries[r].push_back(order[rank]);
        }
        if (out.answer_entries[r].empty()) {
            out.unmatched.push_back(r);
        }
    }
    return out;
}

}  // namespace borough::nlp
