// Seeded random numbers for generated test files (models, scanned forms) that must be byte-identical
// for the same seed on every platform and standard library. std distributions are not, so the draws
// are made here from the raw 64-bit output of a generator.
#pragma once

#include <cmath>
#include <cstdint>

namespace borough::test_support {

// splitmix64: tiny, fast, and the same sequence everywhere. A UniformRandomBitGenerator.
class SplitMix64 {
public:
    using result_type = std::uint64_t;

    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }

private:
    std::uint64_t state_;
};

// Uniform in (0, 1] from the top 53 bits of one 64-bit draw of `rng` (SplitMix64, std::mt19937_64).
template <class Generator>
double uniform_open_closed(Generator& rng) {
    return (static_cast<double>(rng() >> 11U) + 1.0) * 0x1.0p-53;
}

// N(0, std_dev) by Box-Muller from two draws (the first gives the radius, the second the angle). One
// value per call keeps the sequence simple.
template <class Generator>
float normal(Generator& rng, float std_dev) {
    const double u1 = uniform_open_closed(rng);
    const double u2 = uniform_open_closed(rng);
    const double r = std::sqrt(-2.0 * std::log(u1));
    return static_cast<float>(r * std::cos(6.283185307179586 * u2)) * std_dev;
}

}  // namespace borough::test_support
