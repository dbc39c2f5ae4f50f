// Sufficient statistics of feature frames (count, sums, cross-products) and the Gaussian quantities
// diarisation needs from them: log-determinants for BIC, log-likelihoods for re-segmentation.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace borough::speech {

// Statistics of d-dimensional frames. Merging two sets is adding their statistics, so clusters
// never revisit frames. Not thread-safe; cheap to copy (d*d doubles).
class GaussianStats {
public:
    explicit GaussianStats(std::size_t dims = 0);

    void add(std::span<const float> frame);  // frame.size() == dims()
    void merge(const GaussianStats& other);

    [[nodiscard]] std::size_t dims() const { return dims_; }
    [[nodiscard]] double count() const { return n_; }

    // log|Σ| of the maximum-likelihood covariance plus `ridge` on the diagonal (so short segments
    // stay well-conditioned). Full: Cholesky; diagonal: only the variances.
    [[nodiscard]] double log_det_full(double ridge) const;
    [[nodiscard]] double log_det_diag(double ridge) const;

    // The same for the union of this set and `other`, without building it: clustering scores
    // every pair this way. `scratch` is reused between calls (d*d doubles).
    [[nodiscard]] double merged_log_det_full(const GaussianStats& other, double ridge,
                                             std::vector<double>& scratch) const;
    [[nodiscard]] double merged_log_det_diag(const GaussianStats& other, double ridge) const;

    // Mean and the inverse-covariance factor for scoring frames with a full Gaussian.
    struct Model {
        std::vector<double> mean;
        std::vector<double> chol_inv;  // L^-1 (lower triangular, row-major), Σ = L Lᵀ
        double log_norm = 0.0;         // -0.5 (d log 2π + log|Σ|)
    };
    [[nodiscard]] Model model(double ridge) const;

private:
    [[nodiscard]] std::vector<double> covariance(double ridge) const;

    std::size_t dims_;
    double n_ = 0.0;
    std::vector<double> sum_;
    std::vector<double> cross_;  // dims x dims, full (upper and lower)
};

// log N(x; model) for a frame.
[[nodiscard]] double log_likelihood(const GaussianStats::Model& model, std::span<const float> frame);

}  // namespace borough::speech
