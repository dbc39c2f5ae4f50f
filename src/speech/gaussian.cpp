#include "speech/gaussian.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/result.h"

namespace borough::speech {
namespace {

// In-place Cholesky of a symmetric positive-definite matrix (lower triangle). Returns false when
// the matrix is not positive definite (only with a zero ridge and degenerate data).
bool cholesky(std::vector<double>& a, std::size_t d) {
    for (std::size_t j = 0; j < d; ++j) {
        double s = a[j * d + j];
        for (std::size_t k = 0; k < j; ++k) s -= a[j * d + k] * a[j * d + k];
        if (s <= 0.0) return false;
        const double l = std::sqrt(s);
        a[j * d + j] = l;
        for (std::size_t i = j + 1; i < d; ++i) {
            double t = a[i * d + j];
            for (std::size_t k = 0; k < j; ++k) t -= a[i * d + k] * a[j * d + k];
            a[i * d + j] = t / l;
        }
    }
    return true;
}

constexpr double kDegenerateLogDet = -1e3;  // for a singular covariance without ridge

// log|Σ| from its Cholesky factor: 2 Σ log L_ii, with one log per 8 factors.
double log_det_of_factor(const std::vector<double>& l, std::size_t d) {
    double s = 0.0, product = 1.0;
    for (std::size_t i = 0; i < d; ++i) {
        product *= l[i * d + i];
        if (i % 8 == 7) {
            s += std::log(product);
            product = 1.0;
        }
    }
    return 2.0 * (s + std::log(product));
}

}  // namespace

GaussianStats::GaussianStats(std::size_t dims) : dims_(dims), sum_(dims, 0.0), cross_(dims * dims, 0.0) {}

void GaussianStats::add(std::span<const float> frame) {
    BOROUGH_ASSERT(frame.size() == dims_, "GaussianStats::add dimension");
    n_ += 1.0;
    for (std::size_t i = 0; i < dims_; ++i) {
        const double xi = frame[i];
        sum_[i] += xi;
        double* row = cross_.data() + i * dims_;
        for (std::size_t j = 0; j <= i; ++j) row[j] += xi * frame[j];
    }
}

void GaussianStats::merge(const GaussianStats& other) {
    BOROUGH_ASSERT(other.dims_ == dims_, "GaussianStats::merge dimension");
    n_ += other.n_;
    for (std::size_t i = 0; i < dims_; ++i) sum_[i] += other.sum_[i];
    for (std::size_t i = 0; i < cross_.size(); ++i) cross_[i] += other.cross_[i];
}

std::vector<double> GaussianStats::covariance(double ridge) const {
    std::vector<double> c(dims_ * dims_, 0.0);
    if (n_ <= 0.0) {
        for (std::size_t i = 0; i < dims_; ++i) c[i * dims_ + i] = 1.0 + ridge;
        return c;
    }
    for (std::size_t i = 0; i < dims_; ++i) {
        const double mi = sum_[i] / n_;
        for (std::size_t j = 0; j <= i; ++j) {
            const double v = cross_[i * dims_ + j] / n_ - mi * (sum_[j] / n_);
            c[i * dims_ + j] = v;
            c[j * dims_ + i] = v;
        }
        c[i * dims_ + i] = std::max(c[i * dims_ + i], 0.0) + ridge;
    }
    return c;
}

double GaussianStats::log_det_full(double ridge) const {
    std::vector<double> c = covariance(ridge);
    if (!cholesky(c, dims_)) return kDegenerateLogDet;
    return log_det_of_factor(c, dims_);
}

double GaussianStats::log_det_diag(double ridge) const {
    double s = 0.0;
    for (std::size_t i = 0; i < dims_; ++i) {
        const double m = n_ > 0.0 ? sum_[i] / n_ : 0.0;
        const double v = n_ > 0.0 ? cross_[i * dims_ + i] / n_ - m * m : 1.0;
        s += std::log(std::max(v, 0.0) + ridge + 1e-12);
    }
    return s;
}

double GaussianStats::merged_log_det_full(const GaussianStats& other, double ridge,
                                          std::vector<double>& scratch) const {
    BOROUGH_ASSERT(other.dims_ == dims_, "GaussianStats::merged_log_det_full dimension");
    const double n = n_ + other.n_;
    if (n <= 0.0) return static_cast<double>(dims_) * std::log(1.0 + ridge);
    scratch.resize(dims_ * dims_);
    for (std::size_t i = 0; i < dims_; ++i) {
        const double mi = (sum_[i] + other.sum_[i]) / n;
        for (std::size_t j = 0; j <= i; ++j) {
            const double mj = (sum_[j] + other.sum_[j]) / n;
            scratch[i * dims_ + j] = (cross_[i * dims_ + j] + other.cross_[i * dims_ + j]) / n - mi * mj;
        }
        scratch[i * dims_ + i] = std::max(scratch[i * dims_ + i], 0.0) + ridge;
    }
    if (!cholesky(scratch, dims_)) return kDegenerateLogDet;
    return log_det_of_factor(scratch, dims_);
}

double GaussianStats::merged_log_det_diag(const GaussianStats& other, double ridge) const {
    BOROUGH_ASSERT(other.dims_ == dims_, "GaussianStats::merged_log_det_diag dimension");
    const double n = n_ + other.n_;
    // One log of the product (in blocks of 8, far from overflow): clustering calls this for
    // every pair of segments.
    double s = 0.0, product = 1.0;
    for (std::size_t i = 0; i < dims_; ++i) {
        const double m = n > 0.0 ? (sum_[i] + other.sum_[i]) / n : 0.0;
        const double v = n > 0.0 ? (cross_[i * dims_ + i] + other.cross_[i * dims_ + i]) / n - m * m : 1.0;
        product *= std::max(v, 0.0) + ridge + 1e-12;
        if (i % 8 == 7) {
            s += std::log(product);
            product = 1.0;
        }
    }
    return s + std::log(product);
}

GaussianStats::Model GaussianStats::model(double ridge) const {
    Model m;
    m.mean.resize(dims_);
    for (std::size_t i = 0; i < dims_; ++i) m.mean[i] = n_ > 0.0 ? sum_[i] / n_ : 0.0;
    std::vector<double> l = covariance(ridge);
    if (!cholesky(l, dims_)) {  // degenerate: fall back to the diagonal
        l.assign(dims_ * dims_, 0.0);
        const std::vector<double> c = covariance(ridge + 1e-6);
        for (std::size_t i = 0; i < dims_; ++i) l[i * dims_ + i] = std::sqrt(std::max(c[i * dims_ + i], 1e-12));
    }
    double log_det = 0.0;
    for (std::size_t i = 0; i < dims_; ++i) log_det += 2.0 * std::log(l[i * dims_ + i]);
    // Invert the lower-triangular factor column by column (forward substitution).
    m.chol_inv.assign(dims_ * dims_, 0.0);
    for (std::size_t col = 0; col < dims_; ++col) {
        for (std::size_t i = col; i < dims_; ++i) {
            double s = i == col ? 1.0 : 0.0;
            for (std::size_t k = col; k < i; ++k) s -= l[i * dims_ + k] * m.chol_inv[k * dims_ + col];
            m.chol_inv[i * dims_ + col] = s / l[i * dims_ + i];
        }
    }
    m.log_norm = -0.5 * (static_cast<double>(dims_) * std::log(2.0 * std::numbers::pi) + log_det);
    return m;
}

double log_likelihood(const GaussianStats::Model& model, std::span<const float> frame) {
    const std::size_t d = model.mean.size();
    double q = 0.0;
    for (std::size_t i = 0; i < d; ++i) {
        double z = 0.0;
        const double* row = model.chol_inv.data() + i * d;
        for (std::size_t k = 0; k <= i; ++k) z += row[k] * (frame[k] - model.mean[k]);
        q += z * z;
    }
    return model.log_norm - 0.5 * q;
}

}  // namespace borough::speech
