// Writes random-weight GGUF models (llama, qwen2, bert shapes) for tests and benchmarks, because no
// trained weights can be downloaded here. The vocabulary comes from llama.cpp's vocab-only GGUF files.
// Test support only: no product code may link this.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace borough::test_support {

enum class TestModelKind {
    Tiny,        // llama arch, llama-spm vocab, n_embd 64, 2 layers, F16 matrices (~4 MB)
    TinyQwen2,   // qwen2 arch, qwen2 vocab, n_embd 64, 2 layers, F16 matrices (~20 MB)
    TinyBert,    // bert arch, bert-bge vocab, n_embd 64, 2 layers, mean pooling (embeddings)
    Qwen2Bench,  // Qwen2-0.5B shape (896 x 24 layers), Q8_0 matrices (~500 MB)
};

// "tiny", "tiny-qwen2", "tiny-bert", "qwen2-bench"; nullopt for anything else.
[[nodiscard]] std::optional<TestModelKind> parse_test_model_kind(std::string_view name);
[[nodiscard]] std::string_view to_string(TestModelKind kind);

// The vocab-only GGUF in llama.cpp's models/ folder that `kind` uses unless told otherwise.
[[nodiscard]] std::filesystem::path default_vocab_path(TestModelKind kind);

struct TestModelOptions {
    TestModelKind kind = TestModelKind::Tiny;
    std::filesystem::path vocab_path;  // empty: default_vocab_path(kind)
    std::uint64_t seed = 42;           // same seed and vocab give a byte-identical file
};

struct TestModelSummary {
    std::string architecture;  // "llama", "qwen2", "bert"
    std::int64_t n_vocab = 0;  // rows of token_embd (= tokens in the vocab file)
    std::int64_t n_embd = 0;
    std::int64_t n_tensors = 0;
    std::uint64_t size_bytes = 0;  // size of the written file
};

// Writes the model to `out` (through `out`.tmp, renamed at the end, so a failed run leaves no
// half-written model). Errors: NotFound / InvalidInput for a missing or unusable vocab file (named in
// the message), Internal for a failed write. Not thread-safe with respect to the same `out`.
[[nodiscard]] Result<TestModelSummary> write_test_model(const TestModelOptions& options,
                                                        const std::filesystem::path& out);

}  // namespace borough::test_support
