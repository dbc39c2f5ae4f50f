// Deterministic speech-like audio for the transcriber's tests and bench/whisper_bench.cpp. No
// recordings are checked in, and random-weight test models cannot tell speech from a buzz anyway.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace borough::engine::whisper {

// `seconds` of 16 kHz mono: a voiced buzz (120 Hz and harmonics) switched on and off at syllable rate
// with pauses every few seconds, plus a little noise from a fixed-seed LCG. Deterministic.
inline std::vector<float> speech_like_audio(double seconds) {
    constexpr double kRate = 16000.0;
    constexpr double kPi = 3.141592653589793;
    const auto n = static_cast<std::size_t>(seconds * kRate);
    std::vector<float> out(n);
    std::uint32_t lcg = 12345;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / kRate;
        const double pitch = 120.0 + 20.0 * std::sin(2.0 * kPi * 0.3 * t);
        double v = 0.0;
        for (int h = 1; h <= 5; ++h) {
            v += std::sin(2.0 * kPi * pitch * h * t) / h;
        }
        const double syllable = 0.5 + 0.5 * std::sin(2.0 * kPi * 4.0 * t);
        const bool pause = std::fmod(t, 4.0) > 3.2;
        lcg = lcg * 1664525U + 1013904223U;
        const double noise = (static_cast<double>(lcg >> 8U) / 16777216.0 - 0.5) * 0.02;
        out[i] = static_cast<float>((pause ? 0.0 : 0.3 * syllable * v) + noise);
    }
    return out;
}

}  // namespace borough::engine::whisper
