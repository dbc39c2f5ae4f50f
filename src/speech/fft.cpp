#include "speech/fft.h"

#include <cmath>
#include <numbers>

#include "core/result.h"

namespace borough::speech {

RealFft::RealFft(std::size_t n) : n_(n), half_(n / 2) {
    BOROUGH_ASSERT(n >= 4 && (n & (n - 1)) == 0, "RealFft size must be a power of two >= 4");
    bit_reverse_.resize(half_);
    std::size_t bits = 0;
    while ((std::size_t{1} << bits) < half_) ++bits;
    for (std::size_t i = 0; i < half_; ++i) {
        std::size_t r = 0;
        for (std::size_t b = 0; b < bits; ++b) {
            if ((i >> b) & 1U) r |= std::size_t{1} << (bits - 1 - b);
        }
        bit_reverse_[i] = r;
    }
    cos_.resize(half_ / 2);
    sin_.resize(half_ / 2);
    for (std::size_t k = 0; k < half_ / 2; ++k) {
        const double a = -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(half_);
        cos_[k] = static_cast<float>(std::cos(a));
        sin_[k] = static_cast<float>(std::sin(a));
    }
    split_cos_.resize(half_ + 1);
    split_sin_.resize(half_ + 1);
    for (std::size_t k = 0; k <= half_; ++k) {
        const double a = -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n_);
        split_cos_[k] = static_cast<float>(std::cos(a));
        split_sin_[k] = static_cast<float>(std::sin(a));
    }
    re_.resize(half_);
    im_.resize(half_);
}

void RealFft::power_spectrum(std::span<const float> in, std::span<float> out) {
    BOROUGH_ASSERT(in.size() == n_ && out.size() == half_ + 1, "RealFft::power_spectrum sizes");
    // Pack even samples as real and odd samples as imaginary parts, in bit-reversed order.
    for (std::size_t i = 0; i < half_; ++i) {
        const std::size_t j = bit_reverse_[i];
        re_[j] = in[2 * i];
        im_[j] = in[2 * i + 1];
    }
    // Iterative radix-2 decimation in time.
    for (std::size_t len = 2; len <= half_; len <<= 1) {
        const std::size_t step = half_ / len;
        const std::size_t h = len / 2;
        for (std::size_t start = 0; start < half_; start += len) {
            for (std::size_t k = 0; k < h; ++k) {
                const float wr = cos_[k * step];
                const float wi = sin_[k * step];
                const std::size_t a = start + k;
                const std::size_t b = a + h;
                const float tr = re_[b] * wr - im_[b] * wi;
                const float ti = re_[b] * wi + im_[b] * wr;
                re_[b] = re_[a] - tr;
                im_[b] = im_[a] - ti;
                re_[a] += tr;
                im_[a] += ti;
            }
        }
    }
    // Split: X[k] = E[k] + W^k O[k], with E = (Z[k] + conj Z[h-k]) / 2, O = (Z[k] - conj Z[h-k]) / 2i.
    for (std::size_t k = 0; k <= half_; ++k) {
        const std::size_t a = k % half_;
        const std::size_t b = (half_ - k) % half_;
        const float zr = re_[a], zi = im_[a];
        const float cr = re_[b], ci = -im_[b];  // conj Z[h-k]
        const float er = 0.5F * (zr + cr), ei = 0.5F * (zi + ci);
        // (Z - conjZ') / 2i = (dr + i di) / 2i = (di - i dr) / 2
        const float dr = zr - cr, di = zi - ci;
        const float orr = 0.5F * di, oi = -0.5F * dr;
        const float wr = split_cos_[k], wi = split_sin_[k];
        const float xr = er + orr * wr - oi * wi;
        const float xi = ei + orr * wi + oi * wr;
        out[k] = xr * xr + xi * xi;
    }
}

}  // namespace borough::speech
