// Test-only: formant-like synthetic "voices" (pulse train through vocal-tract resonators, syllable
// envelope, vowel changes) so diarisation tests need no recorded speech. Not part of the library.
#pragma once

#include <cstdint>
#include <vector>

namespace borough::speech::testing {

struct VoiceSpec {
    double f0_hz = 120.0;      // pitch
    double tract_scale = 1.0;  // formant frequencies are multiplied by this (vocal tract length)
    float amplitude = 0.3F;
};

// `seconds` of "speech" at 16 kHz: syllables of ~200 ms cycling through vowels, deterministic for a
// given seed.
std::vector<float> synthetic_voice(const VoiceSpec& voice, double seconds, std::uint32_t seed);

// Low-level noise (a quiet room), deterministic.
std::vector<float> room_noise(double seconds, float amplitude, std::uint32_t seed);

}  // namespace borough::speech::testing
