// OpenAiTextGenerator: engine::TextGenerator over any OpenAI-compatible /v1/chat/completions endpoint
// (llama.cpp llama-server, vLLM, Ollama, Azure OpenAI) through core/http_client.h. Retries overload and
// transport failures with backoff; never logs prompts, replies or the API key.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/http_client.h"
#include "core/result.h"
#include "engine/text_generator.h"

namespace borough::engine::openai {

struct OpenAiOptions {
    // Up to and including the version segment, e.g. "http://127.0.0.1:8080/v1"; for Azure the
    // resource root, e.g. "https://council.openai.azure.com".
    std::string base_url;
    std::string model;  // sent as "model"; may be empty for Azure (the deployment picks the model)
    // The key itself, or empty to read the environment variable named api_key_env. No key at all is
    // allowed (local servers); then no auth header is sent.
    std::string api_key;
    std::string api_key_env = "BOROUGH_OPENAI_API_KEY";
    // Azure form when set: {base_url}/openai/deployments/{deployment}/chat/completions?api-version=...,
    // key sent as "api-key" instead of "Authorization: Bearer".
    std::string azure_deployment;
    std::string azure_api_version;
    int max_concurrency = 4;       // requests in flight at once, shared by generate and generate_batch
    int max_retries = 4;           // extra attempts after the first on 429, 5xx, timeouts, refused
    int initial_backoff_ms = 500;  // doubled each retry, with jitter in [50%, 100%]
    int max_backoff_ms = 30'000;   // cap on one wait, Retry-After included
    int timeout_ms = 300'000;      // one HTTP attempt
    int context_tokens = 0;        // reported by context_tokens(); 0 = unknown
};

class OpenAiTextGenerator final : public TextGenerator {
public:
    // Validates the options (InvalidInput naming the field) and resolves the API key. Does not
    // contact the endpoint.
    [[nodiscard]] static Result<std::unique_ptr<OpenAiTextGenerator>> create(OpenAiOptions options);

    // "openai:<model>" (or "openai:<deployment>" for Azure). Thread-safe.
    [[nodiscard]] std::string name() const override;

    // Thread-safe; waits for a free concurrency slot first. Errors: InvalidInput (400/404/422 from the
    // server, with its message), Unauthenticated (401), PermissionDenied (403), ResourceExhausted
    // (429 after retries), Unavailable (5xx or transport after retries), DeadlineExceeded, Cancelled
    // (request.cancel), ModelOutputInvalid (junk reply, or schema output unparsable, invalid or
    // still cut off after one retry with twice the max_tokens).
    [[nodiscard]] Result<GenerationResult> generate(const GenerationRequest& request) override;

    // Runs up to max_concurrency requests at once on worker threads; callbacks are serialised (never
    // two at once) and come in completion order. Thread-safe.
    void generate_batch(std::span<const GenerationRequest> requests, const BatchCallback& on_result) override;

    [[nodiscard]] int context_tokens() const override { return options_.context_tokens; }

    // The chat-completions URL requests go to (no key in it). Thread-safe.
    [[nodiscard]] const std::string& endpoint() const { return endpoint_; }

    ~OpenAiTextGenerator() override;
    OpenAiTextGenerator(const OpenAiTextGenerator&) = delete;
    OpenAiTextGenerator& operator=(const OpenAiTextGenerator&) = delete;
    OpenAiTextGenerator(OpenAiTextGenerator&&) = delete;
    OpenAiTextGenerator& operator=(OpenAiTextGenerator&&) = delete;

private:
    class Slots;

    OpenAiTextGenerator(OpenAiOptions options, std::string endpoint);

    // One chat completion with retries; returns the 2xx reply parsed into a result.
    Result<GenerationResult> call_with_retries(const GenerationRequest& request, int max_tokens);
    [[nodiscard]] std::int64_t backoff_ms(int retry, std::int64_t retry_after_ms);
    [[nodiscard]] std::string redact(std::string text) const;

    OpenAiOptions options_;
    std::string endpoint_;
    std::vector<HttpHeader> headers_;  // auth header when a key is set
    HttpClient http_;
    std::unique_ptr<Slots> slots_;
    std::mutex rng_mutex_;
    std::minstd_rand rng_;  // backoff jitter; guarded by rng_mutex_
};

// The request body for `request` (exposed for tests). Errors: InvalidInput for an empty message list
// or unknown role.
[[nodiscard]] Result<Json> build_chat_request(const GenerationRequest& request, std::string_view model, int max_tokens);

}  // namespace borough::engine::openai
