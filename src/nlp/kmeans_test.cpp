#include "nlp/kmeans.h"

#include <gtest/gtest.h>

#include <cmath>

namespace borough::nlp {
namespace {

// Unit rows from dense vectors (zeros skipped).
SparseRows make_rows(const std::vector<std::vector<float>>& dense) {
    SparseRows rows;
    for (const auto& v : dense) {
        float norm = 0;
        for (const float x : v) {
            norm += x * x;
        }
        for (std::uint32_t c = 0; c < v.size(); ++c) {
            if (v[c] != 0) {
                rows.columns.push_back(c);
                rows.values.push_back(v[c] / std::sqrt(norm));
            }
        }
        rows.offsets.push_back(rows.columns.size());
    }
    return rows;
}

// Two directions (columns 0-1 and 2-3) with small variations, plus one empty row.
SparseRows two_groups() {
    return make_rows({{1, 0.2F, 0, 0},
                      {0.9F, 0.1F, 0, 0},
                      {1, 0.3F, 0.05F, 0},
                      {},
                      {0, 0, 1, 0.2F},
                      {0, 0.05F, 0.8F, 0.3F},
                      {0, 0, 1, 0.1F}});
}

TEST(KmeansTest, SeparatesTwoGroupsAndSkipsEmptyRows) {
    const SparseRows rows = two_groups();
    auto model = spherical_kmeans(rows, 4, KmeansOptions{.k = 2, .seed = 7}, {});
    ASSERT_TRUE(model.has_value()) << model.error().describe();
    ASSERT_EQ(2U, model->k);
    const auto& a = model->assignment;
    EXPECT_EQ(kNoCluster, a[3]);
    EXPECT_EQ(a[0], a[1]);
    EXPECT_EQ(a[0], a[2]);
    EXPECT_EQ(a[4], a[5]);
    EXPECT_EQ(a[4], a[6]);
    EXPECT_NE(a[0], a[4]);
    for (std::size_t r : {0U, 1U, 2U, 4U, 5U, 6U}) {
        EXPECT_GT(model->similarity[r], 0.9F) << "row " << r;
    }
}

TEST(KmeansTest, DeterministicForSeedAndIndependentOfThreads) {
    std::vector<std::vector<float>> dense;
    for (int i = 0; i < 3000; ++i) {
        std::vector<float> v(6, 0.0F);
        v[static_cast<std::size_t>(i % 3) * 2] = 1.0F;
        v[static_cast<std::size_t>((i * 7) % 6)] += 0.3F;
        dense.push_back(v);
    }
    const SparseRows rows = make_rows(dense);
    auto one = spherical_kmeans(rows, 6, KmeansOptions{.k = 3, .seed = 11, .threads = 1}, {});
    auto again = spherical_kmeans(rows, 6, KmeansOptions{.k = 3, .seed = 11, .threads = 1}, {});
    auto threaded = spherical_kmeans(rows, 6, KmeansOptions{.k = 3, .seed = 11, .threads = 3}, {});
    ASSERT_TRUE(one && again && threaded);
    EXPECT_EQ(one->assignment, again->assignment);
    EXPECT_EQ(one->centroids, again->centroids);
    EXPECT_EQ(one->assignment, threaded->assignment);
    EXPECT_EQ(one->centroids, threaded->centroids);
}

TEST(KmeansTest, ShrinksKToDistinctRows) {
    const SparseRows rows = make_rows({{1, 0}, {1, 0}, {0, 1}});
    auto model = spherical_kmeans(rows, 2, KmeansOptions{.k = 10}, {});
    ASSERT_TRUE(model.has_value());
    EXPECT_LE(model->k, 3U);
    EXPECT_GE(model->k, 2U);
    EXPECT_NE(model->assignment[0], model->assignment[2]);
}

TEST(KmeansTest, RejectsBadInputAndHonoursCancellation) {
    const SparseRows rows = two_groups();
    auto zero = spherical_kmeans(rows, 4, KmeansOptions{.k = 0}, {});
    ASSERT_FALSE(zero.has_value());
    EXPECT_EQ("k", zero.error().field);
    auto narrow = spherical_kmeans(rows, 3, KmeansOptions{.k = 2}, {});
    ASSERT_FALSE(narrow.has_value());
    EXPECT_EQ(ErrorCode::InvalidInput, narrow.error().code);
    std::stop_source stop;
    stop.request_stop();
    auto cancelled = spherical_kmeans(rows, 4, KmeansOptions{.k = 2}, stop.get_token());
    ASSERT_FALSE(cancelled.has_value());
    EXPECT_EQ(ErrorCode::Cancelled, cancelled.error().code);
}

TEST(KmeansTest, SilhouetteRewardsTheRightPartition) {
    const SparseRows rows = make_rows({{1, 0.1F, 0}, {1, 0, 0.1F}, {0, 1, 0.1F}, {0.1F, 1, 0}});
    std::vector<float> sims(16);
    for (std::size_t i = 0; i < 4; ++i) {
        for (std::size_t j = 0; j < 4; ++j) {
            sims[i * 4 + j] =
                sparse_dot(rows.row_columns(i), rows.row_values(i), rows.row_columns(j), rows.row_values(j));
        }
    }
    const std::vector<std::uint32_t> good{0, 0, 1, 1};
    const std::vector<std::uint32_t> bad{0, 1, 0, 1};
    EXPECT_GT(silhouette(sims, good, 2), 0.8);
    EXPECT_LT(silhouette(sims, bad, 2), 0.0);
    const std::vector<std::uint32_t> with_skipped{0, 0, kNoCluster, 1};
    EXPECT_GT(silhouette(sims, with_skipped, 2), 0.0);
}

}  // namespace
}  // namespace borough::nlp
