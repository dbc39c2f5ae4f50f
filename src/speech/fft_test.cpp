#include "speech/fft.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace borough::speech {
namespace {

std::vector<double> naive_power(const std::vector<float>& x) {
    const std::size_t n = x.size();
    std::vector<double> out(n / 2 + 1);
    for (std::size_t k = 0; k <= n / 2; ++k) {
        double re = 0, im = 0;
        for (std::size_t t = 0; t < n; ++t) {
            const double a = -2.0 * std::numbers::pi * static_cast<double>(k * t) / static_cast<double>(n);
            re += x[t] * std::cos(a);
            im += x[t] * std::sin(a);
        }
        out[k] = re * re + im * im;
    }
    return out;
}

TEST(RealFft, MatchesTheDefinitionOnRandomInput) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.0F, 1.0F);
    for (std::size_t n : {4U, 16U, 512U}) {
        std::vector<float> x(n);
        for (float& v : x) v = u(rng);
        RealFft fft(n);
        std::vector<float> got(n / 2 + 1);
        fft.power_spectrum(x, got);
        const auto want = naive_power(x);
        for (std::size_t k = 0; k <= n / 2; ++k) {
            EXPECT_NEAR(got[k], want[k], 1e-3 * (1.0 + want[k])) << "n=" << n << " k=" << k;
        }
    }
}

TEST(RealFft, SinePeaksAtItsBin) {
    const std::size_t n = 512;
    std::vector<float> x(n);
    for (std::size_t t = 0; t < n; ++t) {
        x[t] = static_cast<float>(std::sin(2.0 * std::numbers::pi * 37.0 * static_cast<double>(t) / n));
    }
    RealFft fft(n);
    std::vector<float> p(n / 2 + 1);
    fft.power_spectrum(x, p);
    std::size_t top = 0;
    for (std::size_t k = 1; k < p.size(); ++k) {
        if (p[k] > p[top]) top = k;
    }
    EXPECT_EQ(top, 37U);
    EXPECT_NEAR(p[37], (n / 2.0) * (n / 2.0), 1.0);
}

}  // namespace
}  // namespace borough::speech
