#include "nlp/kmeans.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <thread>

#include "core/parallel.h"

namespace borough::nlp {
namespace {

// Uniform double in [0, 1) from 53 random bits; unlike std::uniform_real_distribution it is the same
// on every standard library, so a seed means the same themes everywhere.
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

void normalise_centroids(const std::vector<double>& sums, std::size_t dimensions, std::size_t k,
                         std::vector<float>& centroids) {
    // Column-major walk (d outer, c inner) keeps both arrays sequential.
    std::vector<double> norms(k, 0.0);
    for (std::size_t d = 0; d < dimensions; ++d) {
        const double* row = sums.data() + d * k;
        for (std::size_t c = 0; c < k; ++c) {
            norms[c] += row[c] * row[c];
        }
    }
    for (double& norm : norms) {
        norm = norm > 0 ? 1.0 / std::sqrt(norm) : 0.0;
    }
    centroids.resize(dimensions * k);
    for (std::size_t d = 0; d < dimensions; ++d) {
        const double* row = sums.data() + d * k;
        float* out = centroids.data() + d * k;
        for (std::size_t c = 0; c < k; ++c) {
            out[c] = static_cast<float>(row[c] * norms[c]);
        }
    }
}

// Assigns rows [begin, end) to their most similar centroid (ties: lower cluster index).
void assign_range(const SparseRows& rows, const KmeansResult& model, std::size_t begin, std::size_t end,
                  std::vector<std::uint32_t>& assignment, std::vector<float>& similarity) {
    std::vector<float> sims(model.k);
    for (std::size_t r = begin; r < end; ++r) {
        if (rows.is_empty_row(r)) {
            assignment[r] = kNoCluster;
            similarity[r] = 0;
            continue;
        }
        centroid_similarities(rows, r, model, sims);
        const auto best = std::max_element(sims.begin(), sims.end());
        assignment[r] = static_cast<std::uint32_t>(best - sims.begin());
        similarity[r] = *best;
    }
}

void assign_all(const SparseRows& rows, const KmeansResult& model, unsigned threads,
                std::vector<std::uint32_t>& assignment, std::vector<float>& similarity) {
    const std::size_t n = rows.rows();
    const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 1024 + 1));
    if (workers == 1) {
        assign_range(rows, model, 0, n, assignment, similarity);
        return;
    }
    std::vector<std::jthread> pool;
    pool.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
        pool.emplace_back(
            [&, w] { assign_range(rows, model, n * w / workers, n * (w + 1) / workers, assignment, similarity); });
    }
}

}  // namespace

void centroid_similarities(const SparseRows& rows, std::size_t r, const KmeansResult& model, std::span<float> out) {
    // Raw pointers: this is the innermost loop of every step, and checked span/vector indexing
    // makes Debug builds ~5x slower here.
    const std::size_t k = model.k;
    float* sims = out.data();
    std::fill(sims, sims + k, 0.0F);
    const std::uint32_t* columns = rows.columns.data();
    const float* values = rows.values.data();
    const float* centroids = model.centroids.data();
    for (std::size_t i = rows.offsets[r]; i < rows.offsets[r + 1]; ++i) {
        const float* centroid = centroids + static_cast<std::size_t>(columns[i]) * k;
        const float v = values[i];
        for (std::size_t c = 0; c < k; ++c) {
            sims[c] += v * centroid[c];
        }
    }
}

Result<KmeansResult> spherical_kmeans(const SparseRows& rows, std::size_t dimensions, const KmeansOptions& options,
                                      std::stop_token stop) {
    if (options.k == 0) {
        return fail(ErrorCode::InvalidInput, "k must be at least 1", "k");
    }
    for (std::size_t i = 0; i < rows.columns.size(); ++i) {
        if (rows.columns[i] >= dimensions) {
            return fail(ErrorCode::InvalidInput,
                        "column " + std::to_string(rows.columns[i]) + " at entry " + std::to_string(i) +
                            " is not below dimensions " + std::to_string(dimensions),
                        "rows.columns");
        }
    }
    const std::size_t n = rows.rows();
    std::vector<std::size_t> live;
    for (std::size_t r = 0; r < n; ++r) {
        if (!rows.is_empty_row(r)) {
            live.push_back(r);
        }
    }
    KmeansResult model;
    model.dimensions = dimensions;
    model.assignment.assign(n, kNoCluster);
    model.similarity.assign(n, 0.0F);
    model.k = std::min(options.k, live.size());
    if (model.k == 0) {
        return model;
    }
    const std::size_t k = model.k;

    // k-means++: the next seed is drawn with probability proportional to 1 - (best cosine so far).
    std::mt19937_64 rng(options.seed);
    std::vector<std::size_t> seeds;
    seeds.push_back(live[static_cast<std::size_t>(uniform01(rng) * static_cast<double>(live.size()))]);
    std::vector<float> best(n, -1.0F);
    std::vector<float> scratch(dimensions, 0.0F);
    while (seeds.size() < k) {
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "theme clustering was cancelled");
        }
        const std::size_t s = seeds.back();
        for (std::size_t i = rows.offsets[s]; i < rows.offsets[s + 1]; ++i) {
            scratch[rows.columns[i]] = rows.values[i];
        }
        double total = 0;
        for (const std::size_t r : live) {
            float dot = 0;
            for (std::size_t i = rows.offsets[r]; i < rows.offsets[r + 1]; ++i) {
                dot += rows.values[i] * scratch[rows.columns[i]];
            }
            best[r] = std::max(best[r], dot);
            total += std::max(0.0, 1.0 - static_cast<double>(best[r]));
        }
        for (std::size_t i = rows.offsets[s]; i < rows.offsets[s + 1]; ++i) {
            scratch[rows.columns[i]] = 0.0F;
        }
        std::size_t next = live.front();
        if (total <= 1e-12) {
            break;  // every row equals a seed: fewer distinct rows than k
        }
        double target = uniform01(rng) * total;
        for (const std::size_t r : live) {
            target -= std::max(0.0, 1.0 - static_cast<double>(best[r]));
            next = r;
            if (target < 0 && best[r] < 1.0F) {
                break;
            }
        }
        seeds.push_back(next);
    }
    model.k = seeds.size();
    std::vector<double> sums(dimensions * model.k, 0.0);
    for (std::size_t c = 0; c < model.k; ++c) {
        const std::size_t s = seeds[c];
        for (std::size_t i = rows.offsets[s]; i < rows.offsets[s + 1]; ++i) {
            sums[static_cast<std::size_t>(rows.columns[i]) * model.k + c] = rows.values[i];
        }
    }
    normalise_centroids(sums, dimensions, model.k, model.centroids);

    std::vector<std::uint32_t> previous(n, kNoCluster);
    const auto changed_limit =
        static_cast<std::size_t>(options.min_changed_fraction * static_cast<double>(live.size()));
    for (std::size_t iteration = 0; iteration < std::max<std::size_t>(1, options.max_iterations); ++iteration) {
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "theme clustering was cancelled");
        }
        assign_all(rows, model, options.threads, model.assignment, model.similarity);
        model.iterations = iteration + 1;
        std::size_t changed = 0;
        for (const std::size_t r : live) {
            changed += model.assignment[r] != previous[r] ? 1 : 0;
        }
        previous = model.assignment;

        // Update: sum members in row order (single thread, so the sums do not depend on threads).
        std::fill(sums.begin(), sums.end(), 0.0);
        std::vector<std::size_t> sizes(model.k, 0);
        for (const std::size_t r : live) {
            const std::uint32_t c = model.assignment[r];
            ++sizes[c];
            for (std::size_t i = rows.offsets[r]; i < rows.offsets[r + 1]; ++i) {
                sums[static_cast<std::size_t>(rows.columns[i]) * model.k + c] += rows.values[i];
            }
        }
        // Re-seed empty clusters with the rows least similar to their own centroid.
        std::vector<std::size_t> by_similarity;
        for (std::size_t c = 0; c < model.k; ++c) {
            if (sizes[c] != 0) {
                continue;
            }
            if (by_similarity.empty()) {
                by_similarity = live;
                std::stable_sort(by_similarity.begin(), by_similarity.end(), [&](std::size_t a, std::size_t b) {
                    return model.similarity[a] < model.similarity[b];
                });
            }
            for (const std::size_t r : by_similarity) {
                const std::uint32_t from = model.assignment[r];
                if (sizes[from] <= 1) {
                    continue;
                }
                --sizes[from];
                ++sizes[c];
                for (std::size_t i = rows.offsets[r]; i < rows.offsets[r + 1]; ++i) {
                    const std::size_t d = rows.columns[i];
                    sums[d * model.k + from] -= rows.values[i];
                    sums[d * model.k + c] += rows.values[i];
                }
                model.assignment[r] = static_cast<std::uint32_t>(c);
                model.similarity[r] = 1.0F;  // do not pick it twice
                changed = changed_limit + 1;
                break;
            }
        }
        normalise_centroids(sums, dimensions, model.k, model.centroids);
        if (iteration > 0 && changed <= changed_limit) {
            break;
        }
    }
    assign_all(rows, model, options.threads, model.assignment, model.similarity);
    model.objective = 0;
    for (const std::size_t r : live) {
        model.objective += model.similarity[r];
    }
    return model;
}

std::vector<float> similarity_matrix(const SparseRows& rows, std::size_t m, std::size_t dimensions, unsigned threads) {
    m = std::min(m, rows.rows());
    std::vector<float> sims(m * m, 0.0F);
    constexpr std::size_t kBlock = 64;
    // Row i scattered into a dense vector, then every later row gathers from it: the same products
    // summed in the same (ascending column) order as sparse_dot, without the merge's branches.
    parallel_for((m + kBlock - 1) / kBlock, threads, [&](std::size_t block) {
        std::vector<float> dense(dimensions, 0.0F);
        for (std::size_t i = block * kBlock; i < std::min(m, (block + 1) * kBlock); ++i) {
            const auto ci = rows.row_columns(i);
            const auto vi = rows.row_values(i);
            for (std::size_t t = 0; t < ci.size(); ++t) dense[ci[t]] = vi[t];
            for (std::size_t j = i; j < m; ++j) {
                float dot = 0;
                for (std::size_t e = rows.offsets[j]; e < rows.offsets[j + 1]; ++e) {
                    dot += rows.values[e] * dense[rows.columns[e]];
                }
                sims[i * m + j] = dot;
                sims[j * m + i] = dot;
            }
            for (const std::uint32_t c : ci) dense[c] = 0.0F;
        }
    });
    return sims;
}

double silhouette(std::span<const float> similarity_matrix, std::span<const std::uint32_t> labels, std::size_t k) {
    const std::size_t n = labels.size();
    std::vector<std::size_t> sizes(k, 0);
    for (const std::uint32_t l : labels) {
        if (l != kNoCluster) {
            ++sizes[l];
        }
    }
    std::vector<double> mean_distance(k);
    double total = 0;
    std::size_t counted = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t own = labels[i];
        if (own == kNoCluster) {
            continue;
        }
        ++counted;
        if (sizes[own] <= 1) {
            continue;
        }
        std::fill(mean_distance.begin(), mean_distance.end(), 0.0);
        const float* row = similarity_matrix.data() + i * n;
        const std::uint32_t* label = labels.data();
        double* distance = mean_distance.data();
        for (std::size_t j = 0; j < n; ++j) {
            if (j != i && label[j] != kNoCluster) {
                distance[label[j]] += 1.0 - static_cast<double>(row[j]);
            }
        }
        const double a = mean_distance[own] / static_cast<double>(sizes[own] - 1);
        double b = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < k; ++c) {
            if (c != own && sizes[c] > 0) {
                b = std::min(b, mean_distance[c] / static_cast<double>(sizes[c]));
            }
        }
        if (std::isfinite(b) && std::max(a, b) > 0) {
            total += (b - a) / std::max(a, b);
        }
    }
    return counted == 0 ? 0.0 : total / static_cast<double>(counted);
}

}  // namespace borough::nlp
