// What the random-weight model writers (test_model_writer.cpp: GGUF; whisper_model_writer.cpp: whisper.cpp's
// ggml .bin) share: how a tensor's values are drawn and how the file is written. Test support only.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string_view>

#include "core/result.h"
#include "support/seeded_random.h"

namespace borough::test_support {

enum class Fill { Normal, Ones, Zeros };

// The seed of one tensor's random stream: `seed` mixed with an FNV-1a hash of the tensor's name, so
// its values do not depend on the order tensors are written in.
[[nodiscard]] inline std::uint64_t tensor_seed(std::uint64_t seed, std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : name) {
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
    }
    return h ^ (seed * 0x9E3779B97F4A7C15ULL);
}

// The next value of a tensor filled with `fill`: N(0, std_dev) from `rng` for Fill::Normal (two
// draws), else 1 or 0 (no draw).
template <class Generator>
float fill_value(Fill fill, Generator& rng, float std_dev) {
    if (fill != Fill::Normal) {
        return fill == Fill::Ones ? 1.0F : 0.0F;
    }
    return normal(rng, std_dev);
}

// Creates `out`.tmp, lets `write` stream the file's bytes into it (it returns false when a write
// failed), then renames it over `out`, so a failed run leaves no half-written model. Unlike core's
// write_file_atomic nothing is held in memory (the bench model is ~500 MB) and nothing is fsynced (the
// build makes these files again). Returns the size of `out` in bytes. Errors: Internal, naming the
// path, for a failed create, write or rename (field "out").
[[nodiscard]] Result<std::uint64_t> write_model_file(const std::filesystem::path& out,
                                                     const std::function<bool(std::FILE*)>& write);

}  // namespace borough::test_support
