// Writes random-weight whisper models in whisper.cpp's legacy ggml `.bin` format (the format of
// ggml-tiny.en.bin), because no trained whisper weights can be downloaded here. They load and run in
// whisper.cpp but transcribe nothing meaningful: use them for plumbing and speed, never accuracy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace borough::test_support {

enum class WhisperModelSize {
    Micro,  // tiny.en with 32 state, 2 heads, 1+1 layers: ~4 MB, loads in milliseconds (unit tests)
    Tiny,   // the real tiny.en shapes: 384 state, 6 heads, 4+4 layers, 80 mels, F16 (~75 MB, benchmarks)
};

// "micro", "tiny"; nullopt for anything else.
[[nodiscard]] std::optional<WhisperModelSize> parse_whisper_model_size(std::string_view name);
[[nodiscard]] std::string_view to_string(WhisperModelSize size);

struct WhisperModelOptions {
    WhisperModelSize size = WhisperModelSize::Micro;
    std::uint64_t seed = 42;  // the same seed gives a byte-identical file
};

struct WhisperModelSummary {
    std::int32_t n_vocab = 0;       // hparams n_vocab (51864, English-only like tiny.en)
    std::int32_t n_vocab_file = 0;  // tokens stored in the file (whisper.cpp adds the specials)
    std::int32_t n_state = 0;
    std::int32_t n_tensors = 0;
    std::uint64_t size_bytes = 0;  // size of the written file
};

// Writes the model to `out` (through `out`.tmp, renamed at the end, so a failed run leaves no
// half-written model). The layout is whisper_model_load's: magic "ggml", 11 int32 hparams, the mel
// filterbank (80 x 201 floats, a real Slaney-style bank), the vocabulary (length-prefixed bytes; it
// holds " " because whisper.cpp's suppress_blank looks it up), then each tensor as n_dims, name
// length, type, shape, name, data. Errors: Internal for a failed write (the message names the path).
[[nodiscard]] Result<WhisperModelSummary> write_whisper_model(const WhisperModelOptions& options,
                                                              const std::filesystem::path& out);

}  // namespace borough::test_support
