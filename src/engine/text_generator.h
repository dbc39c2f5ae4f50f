// TextGenerator: the one interface every language-model engine implements (llama, openai, scripted).
// Actions talk only to this. Adapters turn library failures into Error values; nothing throws.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace borough::engine {

struct ChatMessage {
    std::string role;  // "system" | "user" | "assistant"
    std::string content;
};

struct GenerationRequest {
    std::vector<ChatMessage> messages;
    // When set, output is constrained to this JSON Schema and returned parsed in GenerationResult::json.
    std::optional<Json> json_schema;
    int max_tokens = 512;
    float temperature = 0.0F;  // 0 = greedy
    std::uint64_t seed = 0;
    std::vector<std::string> stop;  // stop strings (not included in the text)
    std::stop_token cancel;         // request_stop() ends generation within one decode step
};

enum class FinishReason { Stop, Length, Cancelled };
std::string_view to_string(FinishReason reason);

struct GenerationResult {
    std::string text;
    std::optional<Json> json;  // set exactly when the request had a json_schema
    int prompt_tokens = 0;        // tokens in the full prompt
    int cached_prompt_tokens = 0; // of those, reused from the KV cache instead of evaluated
    int completion_tokens = 0;
    double prompt_ms = 0;
    double generation_ms = 0;
    FinishReason finish_reason = FinishReason::Stop;
    std::string model;  // model name as the engine reports it
};

// Called once per request as each finishes, in completion order, from the engine's thread; must be
// quick and thread-safe with respect to the caller's own state.
using BatchCallback = std::function<void(std::size_t index, Result<GenerationResult> result)>;

class TextGenerator {
public:
    virtual ~TextGenerator() = default;

    // Engine and model, e.g. "llama:qwen2-0.5b-q8_0.gguf" or "openai:gpt-4o-mini". Thread-safe.
    [[nodiscard]] virtual std::string name() const = 0;

    // One request. Blocks until done or cancelled. Thread-safe.
    // Errors: InvalidInput (bad request or schema), Cancelled, Unavailable (engine down),
    // ModelOutputInvalid (schema output still invalid or cut off after bounded retries).
    [[nodiscard]] virtual Result<GenerationResult> generate(const GenerationRequest& request) = 0;

    // Many requests; returns when every callback has run. Engines override this to run requests in
    // parallel (sequences, connections); the default runs them one after another. Thread-safe.
    virtual void generate_batch(std::span<const GenerationRequest> requests, const BatchCallback& on_result);

    // Token count of `text` in this model's tokenizer; engines without one estimate (chars / 4).
    [[nodiscard]] virtual int count_tokens(std::string_view text) const;

    // Context window in tokens (0 when unknown).
    [[nodiscard]] virtual int context_tokens() const { return 0; }
};

// Mean-pooled, L2-normalised sentence embeddings.
class Embedder {
public:
    virtual ~Embedder() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual int dimensions() const = 0;
    // One vector per text, each of dimensions() floats with unit L2 norm. Thread-safe.
    [[nodiscard]] virtual Result<std::vector<std::vector<float>>> embed(std::span<const std::string> texts) = 0;
};

}  // namespace borough::engine
