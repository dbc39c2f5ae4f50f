// TF-IDF over term counts: vocabulary selection by document frequency (min_df, max_df, a feature cap),
// sublinear tf, smoothed idf and L2-normalised sparse rows. Tokenising is the caller's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/result.h"

namespace borough::nlp {

// Compressed rows of (term id, count): row r is [offsets[r], offsets[r+1]). Term ids inside one row are
// distinct. offsets always has rows()+1 entries.
struct TermCounts {
    std::vector<std::size_t> offsets{0};
    std::vector<std::uint32_t> terms;
    std::vector<std::uint32_t> counts;

    [[nodiscard]] std::size_t rows() const { return offsets.size() - 1; }
};

// Compressed sparse rows of (column, weight), columns ascending within a row.
struct SparseRows {
    std::vector<std::size_t> offsets{0};
    std::vector<std::uint32_t> columns;
    std::vector<float> values;

    [[nodiscard]] std::size_t rows() const { return offsets.size() - 1; }
    [[nodiscard]] bool is_empty_row(std::size_t r) const { return offsets[r] == offsets[r + 1]; }
    [[nodiscard]] std::span<const std::uint32_t> row_columns(std::size_t r) const {
        return {columns.data() + offsets[r], offsets[r + 1] - offsets[r]};
    }
    [[nodiscard]] std::span<const float> row_values(std::size_t r) const {
        return {values.data() + offsets[r], offsets[r + 1] - offsets[r]};
    }
};

// Dot product of two rows (of the same or different matrices) with ascending columns.
float sparse_dot(std::span<const std::uint32_t> a_columns, std::span<const float> a_values,
                 std::span<const std::uint32_t> b_columns, std::span<const float> b_values);

struct TfidfOptions {
    std::size_t min_df = 2;            // a term in fewer documents is dropped (>= 1)
    double max_df_fraction = 0.5;      // a term in more than this share of documents is dropped, (0, 1]
    std::size_t max_features = 20000;  // keep at most this many terms, highest df first (ties: lower id)
    bool sublinear_tf = true;          // weight 1 + ln(count) instead of count
};

inline constexpr std::uint32_t kNoColumn = std::numeric_limits<std::uint32_t>::max();

// Fitted vocabulary and idf. Immutable after fit(), so const calls are thread-safe.
class TfidfModel {
public:
    // counts' term ids must be < term_count. idf = ln((1 + n) / (1 + df)) + 1 (smoothed).
    // InvalidInput when an option is out of range or a term id is >= term_count.
    [[nodiscard]] static Result<TfidfModel> fit(const TermCounts& counts, std::size_t term_count,
                                                const TfidfOptions& options);

    // L2-normalised rows; terms outside the vocabulary are ignored, so a row may be empty.
    [[nodiscard]] SparseRows transform(const TermCounts& counts) const;

    [[nodiscard]] std::size_t dimensions() const { return column_terms_.size(); }
    [[nodiscard]] std::uint32_t term_of(std::uint32_t column) const { return column_terms_[column]; }
    // kNoColumn when the term is not in the vocabulary (or unknown).
    [[nodiscard]] std::uint32_t column_of(std::uint32_t term) const {
        return term < term_columns_.size() ? term_columns_[term] : kNoColumn;
    }
    [[nodiscard]] float idf(std::uint32_t column) const { return idf_[column]; }
    [[nodiscard]] std::size_t document_frequency(std::uint32_t column) const { return df_[column]; }
    [[nodiscard]] std::size_t documents() const { return documents_; }

private:
    std::vector<std::uint32_t> column_terms_;  // column -> term id, ascending term id
    std::vector<std::uint32_t> term_columns_;  // term id -> column or kNoColumn
    std::vector<float> idf_;
    std::vector<std::uint32_t> df_;
    std::size_t documents_ = 0;
    bool sublinear_tf_ = true;
};

}  // namespace borough::nlp
