// Spherical k-means (cosine similarity) over L2-normalised sparse rows, with k-means++ seeding, plus
// the silhouette score used to choose k. Deterministic for the same input, options and seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stop_token>
#include <vector>

#include "core/result.h"
#include "nlp/tfidf.h"

namespace borough::nlp {

inline constexpr std::uint32_t kNoCluster = std::numeric_limits<std::uint32_t>::max();

struct KmeansOptions {
    std::size_t k = 8;
    std::uint64_t seed = 42;  // seeds the std::mt19937_64 used by k-means++
    std::size_t max_iterations = 30;
    double min_changed_fraction = 1e-3;  // stop when fewer rows than this share change cluster
    unsigned threads = 1;                // threads for the assignment step; the result does not depend on it
};

struct KmeansResult {
    std::size_t k = 0;
    std::size_t dimensions = 0;
    // Unit-length centroids, column-major: centroids[column * k + cluster], so that one row's
    // similarities to every centroid read contiguous memory.
    std::vector<float> centroids;
    std::vector<std::uint32_t> assignment;  // per row; kNoCluster for empty rows
    std::vector<float> similarity;          // cosine to its centroid; 0 for empty rows
    double objective = 0;                   // sum of similarities
    std::size_t iterations = 0;
};

// Clusters the non-empty rows (unit length, columns < dimensions) into k clusters. When fewer
// non-empty rows than k exist, k shrinks to their number. A cluster that empties is re-seeded with the
// row farthest from its centroid. Errors: InvalidInput (k == 0, a column >= dimensions), Cancelled.
[[nodiscard]] Result<KmeansResult> spherical_kmeans(const SparseRows& rows, std::size_t dimensions,
                                                    const KmeansOptions& options, std::stop_token stop);

// Cosine similarity of row r to each of the k centroids of `model`, written to out (size k).
void centroid_similarities(const SparseRows& rows, std::size_t r, const KmeansResult& model, std::span<float> out);

// Cosine similarities of the first m rows with each other, as an m x m row-major matrix (unit-length
// rows, columns < dimensions). Equal to sparse_dot of each pair; computed on up to `threads` threads.
[[nodiscard]] std::vector<float> similarity_matrix(const SparseRows& rows, std::size_t m, std::size_t dimensions,
                                                   unsigned threads);

// Mean silhouette (cosine distance) of the rows listed in `sample` under `labels` (one label per
// sample entry, kNoCluster entries ignored), from a precomputed sample x sample similarity matrix
// (row-major). Singleton clusters score 0, as in Rousseeuw's definition.
[[nodiscard]] double silhouette(std::span<const float> similarity_matrix, std::span<const std::uint32_t> labels,
                                std::size_t k);

}  // namespace borough::nlp
