// LlamaTextGenerator: the embedded llama.cpp engine. One owner thread per model runs continuous
// batching over n_parallel sequences with prefix KV reuse and grammar-constrained JSON output.
// llama.h stays inside this folder: the public types here carry no llama.cpp types.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/text_generator.h"

namespace borough::engine::llama {

struct LlamaOptions {
    std::string model_path;  // GGUF file, loaded with mmap
    int n_ctx = 4096;        // total KV cache in tokens, shared by all sequences
    int n_parallel = 4;      // sequences (slots) decoded together; each gets n_ctx / n_parallel tokens
    int n_threads = 0;       // 0 = std::thread::hardware_concurrency()
    int n_batch = 512;       // most tokens in one llama_decode call
    std::uint64_t seed = 0;  // mixed into every request's sampling seed
    // Greedy requests with a schema normally run the grammar over the best candidates only, widening
    // until one is allowed; true runs llama.cpp's path (the whole vocabulary). Same tokens either way:
    // tests compare the two.
    bool reference_sampling = false;
};

class LlamaTextGenerator final : public TextGenerator {
public:
    // Loads the model and starts the owner thread. Errors: NotFound (missing file), InvalidInput (not a
    // GGUF, truncated or corrupt, bad options; the message names the path and reason), Internal.
    [[nodiscard]] static Result<std::unique_ptr<LlamaTextGenerator>> create(const LlamaOptions& options);

    // Stops the owner thread; requests still queued or running finish with Unavailable.
    ~LlamaTextGenerator() override;
    LlamaTextGenerator(const LlamaTextGenerator&) = delete;
    LlamaTextGenerator& operator=(const LlamaTextGenerator&) = delete;
    LlamaTextGenerator(LlamaTextGenerator&&) = delete;
    LlamaTextGenerator& operator=(LlamaTextGenerator&&) = delete;

    // "llama:<file name>". Thread-safe.
    [[nodiscard]] std::string name() const override;
    // Thread-safe; blocks until the owner thread has finished the request. A schema-constrained request
    // cut by max_tokens is retried once with a larger budget (bounded by the sequence's context), then
    // fails with ModelOutputInvalid. Cancelled requests fail with Cancelled within one decode step.
    [[nodiscard]] Result<GenerationResult> generate(const GenerationRequest& request) override;
    // Submits all requests at once; they run n_parallel at a time and on_result is called from the owner
    // thread as each finishes. Returns when every callback has run. Thread-safe.
    void generate_batch(std::span<const GenerationRequest> requests, const BatchCallback& on_result) override;
    // Tokens of `text` in the model's tokenizer, without BOS. Thread-safe.
    [[nodiscard]] int count_tokens(std::string_view text) const override;
    // Tokens one sequence may hold (prompt + completion): n_ctx / n_parallel. Thread-safe.
    [[nodiscard]] int context_tokens() const override;

    class Engine;  // owner-thread state; defined in the .cpp

private:
    explicit LlamaTextGenerator(std::unique_ptr<Engine> engine);
    std::unique_ptr<Engine> engine_;
};

}  // namespace borough::engine::llama
