// LlamaEmbedder: sentence embeddings from a GGUF embedding model (BERT-style or decoder) through
// llama.cpp, mean-pooled and L2-normalised. llama.h stays inside this folder.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/text_generator.h"

namespace borough::engine::llama {

class LlamaEmbedder final : public Embedder {
public:
    // Loads `model_path` (mmap). n_threads 0 = hardware threads. Errors: NotFound, InvalidInput (not a
    // GGUF, truncated, corrupt), Internal.
    [[nodiscard]] static Result<std::unique_ptr<LlamaEmbedder>> create(const std::string& model_path,
                                                                       int n_threads = 0);
    ~LlamaEmbedder() override;
    LlamaEmbedder(const LlamaEmbedder&) = delete;
    LlamaEmbedder& operator=(const LlamaEmbedder&) = delete;
    LlamaEmbedder(LlamaEmbedder&&) = delete;
    LlamaEmbedder& operator=(LlamaEmbedder&&) = delete;

    // "llama:<file name>". Thread-safe.
    [[nodiscard]] std::string name() const override;
    // Embedding width of the model. Thread-safe.
    [[nodiscard]] int dimensions() const override;
    // One unit-norm vector per text. Texts longer than the model's context fail with InvalidInput
    // naming the text's index. Thread-safe (calls are serialised).
    [[nodiscard]] Result<std::vector<std::vector<float>>> embed(std::span<const std::string> texts) override;

    struct State;  // llama model and context; defined in the .cpp

private:
    explicit LlamaEmbedder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace borough::engine::llama
