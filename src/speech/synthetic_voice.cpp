#include "speech/synthetic_voice.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <random>

namespace borough::speech::testing {
namespace {

constexpr int kRate = 16000;

// Two-pole resonator (formant filter) at `hz` with bandwidth `bw`.
struct Resonator {
    double a1 = 0, a2 = 0, gain = 1, y1 = 0, y2 = 0;
    void tune(double hz, double bw) {
        const double r = std::exp(-std::numbers::pi * bw / kRate);
        a1 = 2 * r * std::cos(2 * std::numbers::pi * hz / kRate);
        a2 = -r * r;
        gain = 1 - r;
    }
    double step(double x) {
        const double y = gain * x + a1 * y1 + a2 * y2;
        y2 = y1;
        y1 = y;
        return y;
    }
};

// F1, F2, F3 of a few vowels (Hz, adult male averages).
constexpr std::array<std::array<double, 3>, 10> kVowels = {{
    {730, 1090, 2440},
    {270, 2290, 3010},
    {530, 1840, 2480},
    {570, 840, 2410},
    {300, 870, 2240},
    {660, 1720, 2410},
    {390, 1990, 2550},
    {440, 1020, 2240},
    {490, 1350, 1690},
    {640, 1190, 2390},
}};

}  // namespace

std::vector<float> synthetic_voice(const VoiceSpec& voice, double seconds, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, kVowels.size() - 1);
    std::uniform_real_distribution<double> jitter(-1.0, 1.0);
    const auto n = static_cast<std::size_t>(seconds * kRate);
    std::vector<float> out(n);
    std::array<Resonator, 3> tract;
    double phase = 0.0;
    std::size_t syllable_left = 0, syllable_len = 1;
    std::array<double, 3> formants = kVowels[0];
    double syllable_f0 = voice.f0_hz;
    double peak = 1e-9;
    std::vector<double> raw(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (syllable_left == 0) {
            syllable_len = static_cast<std::size_t>(kRate * (0.16 + 0.08 * (jitter(rng) + 1.0) / 2.0));
            syllable_left = syllable_len;
            // Each syllable varies its vowel's formants and the pitch a little, as speech does.
            // A point between two random vowels: vowel space covered continuously.
            const auto& v1 = kVowels[pick(rng)];
            const auto& v2 = kVowels[pick(rng)];
            const double mix = (jitter(rng) + 1.0) / 2.0;
            for (std::size_t k = 0; k < 3; ++k) formants[k] = v1[k] * mix + v2[k] * (1.0 - mix);
            for (std::size_t k = 0; k < 3; ++k) {
                tract[k].tune(formants[k] * voice.tract_scale * (1.0 + 0.08 * jitter(rng)),
                              60.0 + 40.0 * static_cast<double>(k));
            }
            syllable_f0 = voice.f0_hz * (1.0 + 0.1 * jitter(rng));
        }
        const double pos = 1.0 - static_cast<double>(syllable_left) / static_cast<double>(syllable_len);
        const double envelope = std::sin(std::numbers::pi * pos);
        --syllable_left;
        const double f0 =
            syllable_f0 * (1.0 + 0.05 * std::sin(2 * std::numbers::pi * 3.0 * static_cast<double>(i) / kRate));
        phase += f0 / kRate;
        double source = 0.0;
        if (phase >= 1.0) {
            phase -= 1.0;
            source = 1.0;  // glottal pulse
        }
        source += 0.08 * jitter(rng);  // breath
        double y = source;
        for (auto& r : tract) y = r.step(y) * 4.0;
        raw[i] = y * envelope;
        peak = std::max(peak, std::abs(raw[i]));
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(raw[i] / peak) * voice.amplitude;
    return out;
}

std::vector<float> room_noise(double seconds, float amplitude, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0F, amplitude);
    std::vector<float> out(static_cast<std::size_t>(seconds * kRate));
    for (float& s : out) s = g(rng);
    return out;
}

}  // namespace borough::speech::testing
