// Internal to engine/llama: loading a GGUF (one-time backend init, llama log capture and routing) and
// the tokenizer calls shared by the generator and the embedder. Not for use outside this folder.
#pragma once

#include <llama.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough::engine::llama {

struct ModelDeleter {
    void operator()(llama_model* model) const { llama_model_free(model); }
};
struct ContextDeleter {
    void operator()(llama_context* ctx) const { llama_free(ctx); }
};
using ModelPtr = std::unique_ptr<llama_model, ModelDeleter>;
using ContextPtr = std::unique_ptr<llama_context, ContextDeleter>;

// Calls llama_backend_init once per process and routes llama's log to BOROUGH_LOG_DEBUG. Thread-safe.
void init_backend();

// Loads the GGUF at `path` with mmap. Errors: NotFound (no such file), InvalidInput (not a GGUF,
// truncated or corrupt; the message names the path and llama's reason). Thread-safe.
[[nodiscard]] Result<ModelPtr> load_model(const std::string& path);

// Tokens of `text`; special tokens in the text are parsed (chat templates use them). Thread-safe.
[[nodiscard]] std::vector<llama_token> tokenize(const llama_vocab* vocab, std::string_view text, bool add_special);

// Bytes of one token as generated text (special tokens render as nothing). Thread-safe.
[[nodiscard]] std::string token_piece(const llama_vocab* vocab, llama_token token);

// File name of `path` ("models/x.gguf" → "x.gguf").
[[nodiscard]] std::string model_file_name(const std::string& path);

}  // namespace borough::engine::llama
