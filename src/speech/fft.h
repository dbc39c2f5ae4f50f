// A small radix-2 FFT for real frames (the MFCC front end's only transform). Own code rather than a
// library: one fixed size per extractor, no allocation per frame, deterministic across machines.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace borough::speech {

// Power spectrum of real input of a fixed power-of-two length n (>= 4), computed as an n/2-point
// complex FFT plus the split step. Not thread-safe (scratch buffers): one per thread.
class RealFft {
public:
    // n must be a power of two >= 4 (BOROUGH_ASSERT: sizes come from code, not input).
    explicit RealFft(std::size_t n);

    [[nodiscard]] std::size_t size() const { return n_; }

    // out[k] = |X[k]|^2 for k = 0..n/2, where X is the DFT of `in` (in.size() == n,
    // out.size() == n/2 + 1).
    void power_spectrum(std::span<const float> in, std::span<float> out);

private:
    std::size_t n_;
    std::size_t half_;
    std::vector<std::size_t> bit_reverse_;      // half_-point permutation
    std::vector<float> cos_, sin_;              // half_-point butterflies: e^{-2πik/half_}, k < half_/2
    std::vector<float> split_cos_, split_sin_;  // e^{-2πik/n}, k <= half_
    std::vector<float> re_, im_;
};

}  // namespace borough::speech
