#include "nlp/tfidf.h"

#include <gtest/gtest.h>

#include <cmath>

namespace borough::nlp {
namespace {

// rows: lists of term ids (each id once per row, count given separately as 1 unless listed twice).
TermCounts make_counts(const std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>>& rows) {
    TermCounts counts;
    for (const auto& row : rows) {
        for (const auto& [term, count] : row) {
            counts.terms.push_back(term);
            counts.counts.push_back(count);
        }
        counts.offsets.push_back(counts.terms.size());
    }
    return counts;
}

TEST(TfidfTest, DropsRareAndUbiquitousTerms) {
    // term 0 in every row (max_df), term 1 in two rows, term 2 in one row (min_df).
    const auto counts = make_counts({{{0, 1}, {1, 1}}, {{0, 1}, {1, 1}}, {{0, 1}, {2, 1}}, {{0, 1}}});
    auto model = TfidfModel::fit(counts, 3, TfidfOptions{.min_df = 2, .max_df_fraction = 0.9});
    ASSERT_TRUE(model.has_value()) << model.error().describe();
    ASSERT_EQ(1U, model->dimensions());
    EXPECT_EQ(1U, model->term_of(0));
    EXPECT_EQ(kNoColumn, model->column_of(0));
    EXPECT_EQ(kNoColumn, model->column_of(2));
    EXPECT_EQ(2U, model->document_frequency(0));
    const SparseRows rows = model->transform(counts);
    ASSERT_EQ(4U, rows.rows());
    EXPECT_FALSE(rows.is_empty_row(0));
    EXPECT_TRUE(rows.is_empty_row(2));
    EXPECT_TRUE(rows.is_empty_row(3));
}

TEST(TfidfTest, RowsAreUnitLengthWithSmoothedIdfAndSublinearTf) {
    // 4 rows: term 0 in 3 rows, term 1 in 2 rows; row 0 has term 0 three times.
    const auto counts = make_counts({{{0, 3}, {1, 1}}, {{0, 1}, {1, 1}}, {{0, 1}}, {{2, 1}}});
    auto model = TfidfModel::fit(counts, 3, TfidfOptions{.min_df = 1, .max_df_fraction = 1.0});
    ASSERT_TRUE(model.has_value());
    EXPECT_NEAR(std::log(5.0 / 4.0) + 1.0, model->idf(0), 1e-6);
    EXPECT_NEAR(std::log(5.0 / 3.0) + 1.0, model->idf(1), 1e-6);
    const SparseRows rows = model->transform(counts);
    for (std::size_t r = 0; r < rows.rows(); ++r) {
        double norm = 0;
        for (const float v : rows.row_values(r)) {
            norm += static_cast<double>(v) * v;
        }
        EXPECT_NEAR(1.0, norm, 1e-5) << "row " << r;
    }
    const double w0 = (1.0 + std::log(3.0)) * model->idf(0);
    const double w1 = 1.0 * model->idf(1);
    EXPECT_NEAR(w0 / std::sqrt(w0 * w0 + w1 * w1), rows.row_values(0)[0], 1e-5);
}

TEST(TfidfTest, FeatureCapKeepsHighestDocumentFrequency) {
    const auto counts = make_counts({{{0, 1}, {1, 1}, {2, 1}}, {{1, 1}, {2, 1}}, {{2, 1}}});
    auto model = TfidfModel::fit(counts, 3, TfidfOptions{.min_df = 1, .max_df_fraction = 1.0, .max_features = 2});
    ASSERT_TRUE(model.has_value());
    ASSERT_EQ(2U, model->dimensions());
    EXPECT_EQ(1U, model->term_of(0));
    EXPECT_EQ(2U, model->term_of(1));
}

TEST(TfidfTest, RejectsBadOptionsAndTermIds) {
    const auto counts = make_counts({{{0, 1}}, {{5, 1}}});
    auto bad_id = TfidfModel::fit(counts, 3, TfidfOptions{});
    ASSERT_FALSE(bad_id.has_value());
    EXPECT_EQ(ErrorCode::InvalidInput, bad_id.error().code);
    EXPECT_NE(std::string::npos, bad_id.error().message.find("entry 1"));
    auto bad_df = TfidfModel::fit(make_counts({}), 1, TfidfOptions{.max_df_fraction = 0.0});
    ASSERT_FALSE(bad_df.has_value());
    EXPECT_EQ("max_df_fraction", bad_df.error().field);
    auto bad_min = TfidfModel::fit(make_counts({}), 1, TfidfOptions{.min_df = 0});
    ASSERT_FALSE(bad_min.has_value());
    EXPECT_EQ("min_df", bad_min.error().field);
}

TEST(TfidfTest, SparseDotMatchesDense) {
    const std::vector<std::uint32_t> ac{1, 4, 7};
    const std::vector<float> av{0.5F, 1.0F, 2.0F};
    const std::vector<std::uint32_t> bc{0, 4, 7, 9};
    const std::vector<float> bv{3.0F, 2.0F, 0.25F, 1.0F};
    EXPECT_FLOAT_EQ(2.0F + 0.5F, sparse_dot(ac, av, bc, bv));
    EXPECT_FLOAT_EQ(0.0F, sparse_dot(ac, av, {}, {}));
}

}  // namespace
}  // namespace borough::nlp
