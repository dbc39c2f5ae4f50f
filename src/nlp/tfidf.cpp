#include "nlp/tfidf.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace borough::nlp {

float sparse_dot(std::span<const std::uint32_t> a_columns, std::span<const float> a_values,
                 std::span<const std::uint32_t> b_columns, std::span<const float> b_values) {
    // Raw pointers keep this hot loop fast in Debug builds too.
    const std::uint32_t* ac = a_columns.data();
    const std::uint32_t* bc = b_columns.data();
    const std::size_t an = a_columns.size();
    const std::size_t bn = b_columns.size();
    float sum = 0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < an && j < bn) {
        if (ac[i] < bc[j]) {
            ++i;
        } else if (bc[j] < ac[i]) {
            ++j;
        } else {
            sum += a_values.data()[i++] * b_values.data()[j++];
        }
    }
    return sum;
}

Result<TfidfModel> TfidfModel::fit(const TermCounts& counts, std::size_t term_count, const TfidfOptions& options) {
    if (options.min_df < 1) {
        return fail(ErrorCode::InvalidInput, "min_df must be at least 1", "min_df");
    }
    if (!(options.max_df_fraction > 0.0 && options.max_df_fraction <= 1.0)) {
        return fail(ErrorCode::InvalidInput, "max_df_fraction must be in (0, 1]", "max_df_fraction");
    }
    if (options.max_features == 0) {
        return fail(ErrorCode::InvalidInput, "max_features must be at least 1", "max_features");
    }
    if (term_count >= kNoColumn) {
        return fail(ErrorCode::InvalidInput, "too many distinct terms for 32-bit term ids", "term_count");
    }
    std::vector<std::uint32_t> df(term_count, 0);
    for (std::size_t k = 0; k < counts.terms.size(); ++k) {
        const std::uint32_t t = counts.terms[k];
        if (t >= term_count) {
            return fail(ErrorCode::InvalidInput,
                        "term id " + std::to_string(t) + " at entry " + std::to_string(k) +
                            " is not below term_count " + std::to_string(term_count),
                        "counts.terms");
        }
        ++df[t];
    }
    const std::size_t n = counts.rows();
    const double max_df = options.max_df_fraction * static_cast<double>(n);
    std::vector<std::uint32_t> kept;
    for (std::uint32_t t = 0; t < term_count; ++t) {
        if (df[t] >= options.min_df && static_cast<double>(df[t]) <= max_df) {
            kept.push_back(t);
        }
    }
    if (kept.size() > options.max_features) {
        std::stable_sort(kept.begin(), kept.end(), [&](std::uint32_t a, std::uint32_t b) { return df[a] > df[b]; });
        kept.resize(options.max_features);
        std::sort(kept.begin(), kept.end());
    }
    TfidfModel model;
    model.documents_ = n;
    model.sublinear_tf_ = options.sublinear_tf;
    model.term_columns_.assign(term_count, kNoColumn);
    model.column_terms_ = kept;
    model.idf_.reserve(kept.size());
    model.df_.reserve(kept.size());
    for (std::size_t c = 0; c < kept.size(); ++c) {
        model.term_columns_[kept[c]] = static_cast<std::uint32_t>(c);
        const double d = df[kept[c]];
        model.idf_.push_back(static_cast<float>(std::log((1.0 + static_cast<double>(n)) / (1.0 + d)) + 1.0));
        model.df_.push_back(df[kept[c]]);
    }
    return model;
}

SparseRows TfidfModel::transform(const TermCounts& counts) const {
    SparseRows out;
    out.offsets.reserve(counts.rows() + 1);
    out.columns.reserve(counts.terms.size());
    out.values.reserve(counts.terms.size());
    std::vector<std::pair<std::uint32_t, float>> row;
    for (std::size_t r = 0; r < counts.rows(); ++r) {
        row.clear();
        for (std::size_t k = counts.offsets[r]; k < counts.offsets[r + 1]; ++k) {
            const std::uint32_t column = column_of(counts.terms[k]);
            if (column == kNoColumn || counts.counts[k] == 0) {
                continue;
            }
            const auto count = static_cast<float>(counts.counts[k]);
            const float tf = sublinear_tf_ ? 1.0F + std::log(count) : count;
            row.emplace_back(column, tf * idf_[column]);
        }
        std::sort(row.begin(), row.end());
        float norm = 0;
        for (const auto& [column, value] : row) {
            norm += value * value;
        }
        norm = std::sqrt(norm);
        for (const auto& [column, value] : row) {
            out.columns.push_back(column);
            out.values.push_back(value / norm);
        }
        out.offsets.push_back(out.columns.size());
    }
    return out;
}

}  // namespace borough::nlp
