#include "engine/openai/openai_text_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <thread>
#include <utility>

#include "core/json_schema.h"
#include "core/log.h"

namespace borough::engine::openai {
namespace {

constexpr std::string_view kComponent = "openai";
constexpr std::size_t kMaxServerMessageChars = 300;

bool starts_with_http(std::string_view url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

std::string trim_trailing_slashes(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

// Sleeps for `ms`, waking early when `cancel` is stopped. Returns false when cancelled.
bool sleep_unless_cancelled(std::int64_t ms, const std::stop_token& cancel) {
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    cv.wait_for(lock, cancel, std::chrono::milliseconds(ms), [] { return false; });
    return !cancel.stop_requested();
}

// Retry-After in whole seconds (the HTTP-date form is ignored). 0 when absent or unparsable.
std::int64_t retry_after_ms(const HttpResponse& response) {
    const auto value = response.header("Retry-After");
    if (!value || value->empty() || value->size() > 6) {
        return 0;
    }
    std::int64_t seconds = 0;
    for (const char c : *value) {
        if (c < '0' || c > '9') {
            return 0;
        }
        seconds = seconds * 10 + (c - '0');
    }
    return seconds * 1000;
}

// The server's own error message from an OpenAI-style error body, shortened; else the start of the body.
std::string server_message(const std::string& body) {
    std::string message;
    auto parsed = parse_json(body, "error reply");
    if (parsed && parsed->is_object()) {
        const Json& j = *parsed;
        if (j.contains("error") && j["error"].is_object() && j["error"].contains("message") &&
            j["error"]["message"].is_string()) {
            message = j["error"]["message"].get<std::string>();
        } else if (j.contains("error") && j["error"].is_string()) {
            message = j["error"].get<std::string>();
        } else if (j.contains("message") && j["message"].is_string()) {
            message = j["message"].get<std::string>();
        }
    }
    if (message.empty()) {
        message = body;
    }
    if (message.size() > kMaxServerMessageChars) {
        message.resize(kMaxServerMessageChars);
        message += "...";
    }
    for (auto& c : message) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return message.empty() ? std::string("no message") : message;
}

bool is_retryable_status(long status) { return status == 408 || status == 429 || status >= 500; }

Error http_status_error(long status, const std::string& message, const std::string& endpoint) {
    switch (status) {
        case 401:
            return Error{ErrorCode::Unauthenticated,
                         fmt::format("{} refused the credentials (HTTP 401): {}", endpoint, message), "api_key"};
        case 403:
            return Error{ErrorCode::PermissionDenied,
                         fmt::format("{} denied the request (HTTP 403): {}", endpoint, message), "api_key"};
        case 429:
            return Error{ErrorCode::ResourceExhausted,
                         fmt::format("{} is rate limiting requests (HTTP 429): {}", endpoint, message), ""};
        default:
            break;
    }
    if (is_retryable_status(status)) {
        return Error{ErrorCode::Unavailable, fmt::format("{} failed with HTTP {}: {}", endpoint, status, message), ""};
    }
    return Error{ErrorCode::InvalidInput,
                 fmt::format("{} rejected the request with HTTP {}: {}", endpoint, status, message), ""};
}

std::optional<int> int_at(const Json& object, std::string_view key) {
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    const auto v = it->get<std::int64_t>();
    if (v < 0 || v > std::numeric_limits<int>::max()) {
        return std::nullopt;
    }
    return static_cast<int>(v);
}

std::optional<double> number_at(const Json& object, std::string_view key) {
    if (!object.is_object()) {
        return std::nullopt;
    }
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number()) {
        return std::nullopt;
    }
    return it->get<double>();
}

Result<GenerationResult> parse_chat_reply(const std::string& body, const std::string& endpoint,
                                          std::string_view fallback_model, double elapsed_ms) {
    auto parsed = parse_json(body, "reply");
    if (!parsed) {
        return fail(ErrorCode::ModelOutputInvalid, fmt::format("{} returned a reply that is not JSON ({} bytes): {}",
                                                               endpoint, body.size(), parsed.error().message));
    }
    const Json& reply = *parsed;
    if (!reply.is_object() || !reply.contains("choices") || !reply["choices"].is_array() || reply["choices"].empty() ||
        !reply["choices"][0].is_object()) {
        return fail(ErrorCode::ModelOutputInvalid,
                    fmt::format("{} returned a reply without choices ({} bytes)", endpoint, body.size()), "/choices");
    }
    const Json& choice = reply["choices"][0];
    if (!choice.contains("message") || !choice["message"].is_object()) {
        return fail(ErrorCode::ModelOutputInvalid, fmt::format("{} returned a choice without a message", endpoint),
                    "/choices/0/message");
    }
    const Json& message = choice["message"];
    GenerationResult result;
    if (message.contains("content") && message["content"].is_string()) {
        result.text = message["content"].get<std::string>();
    } else if (message.contains("content") && !message["content"].is_null()) {
        return fail(ErrorCode::ModelOutputInvalid,
                    fmt::format("{} returned message content that is not a string", endpoint),
                    "/choices/0/message/content");
    }
    std::string finish = "stop";
    if (choice.contains("finish_reason") && choice["finish_reason"].is_string()) {
        finish = choice["finish_reason"].get<std::string>();
    }
    if (finish == "length") {
        result.finish_reason = FinishReason::Length;
    } else if (finish == "content_filter") {
        return fail(ErrorCode::ModelOutputInvalid,
                    fmt::format("{} withheld the reply (finish_reason content_filter)", endpoint),
                    "/choices/0/finish_reason");
    } else {
        result.finish_reason = FinishReason::Stop;
    }
    const Json empty = Json::object();
    const Json& usage = reply.contains("usage") ? reply["usage"] : empty;
    result.prompt_tokens = int_at(usage, "prompt_tokens").value_or(0);
    result.completion_tokens = int_at(usage, "completion_tokens").value_or(0);
    if (usage.is_object() && usage.contains("prompt_tokens_details")) {
        result.cached_prompt_tokens = int_at(usage["prompt_tokens_details"], "cached_tokens").value_or(0);
    }
    // llama-server adds its own timings; elsewhere the wall time is all we know.
    const Json& timings = reply.contains("timings") ? reply["timings"] : empty;
    result.prompt_ms = number_at(timings, "prompt_ms").value_or(0.0);
    result.generation_ms = number_at(timings, "predicted_ms").value_or(elapsed_ms - result.prompt_ms);
    if (result.cached_prompt_tokens == 0) {
        result.cached_prompt_tokens = int_at(timings, "cache_n").value_or(0);
    }
    if (reply.contains("model") && reply["model"].is_string()) {
        result.model = reply["model"].get<std::string>();
    } else {
        result.model = std::string(fallback_model);
    }
    return result;
}

}  // namespace

// Counting semaphore whose wait can be abandoned through a stop_token.
class OpenAiTextGenerator::Slots {
public:
    explicit Slots(int count) : free_(count) {}

    // False when `cancel` was stopped before a slot came free.
    bool acquire(const std::stop_token& cancel) {
        std::unique_lock lock(mutex_);
        if (!cv_.wait(lock, cancel, [this] { return free_ > 0; })) {
            return false;
        }
        --free_;
        return true;
    }
    void release() {
        {
            const std::lock_guard lock(mutex_);
            ++free_;
        }
        cv_.notify_one();
    }

private:
    std::mutex mutex_;
    std::condition_variable_any cv_;
    int free_;
};

Result<Json> build_chat_request(const GenerationRequest& request, std::string_view model, int max_tokens) {
    if (request.messages.empty()) {
        return fail(ErrorCode::InvalidInput, "a generation request needs at least one message", "messages");
    }
    if (max_tokens <= 0) {
        return fail(ErrorCode::InvalidInput, fmt::format("max_tokens must be > 0, got {}", max_tokens), "max_tokens");
    }
    Json messages = Json::array();
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        const auto& m = request.messages[i];
        if (m.role != "system" && m.role != "user" && m.role != "assistant") {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("message {} has role '{}'; expected system, user or assistant", i, m.role),
                        fmt::format("messages/{}/role", i));
        }
        messages.push_back(Json{{"role", m.role}, {"content", m.content}});
    }
    Json body = Json::object();
    if (!model.empty()) {
        body["model"] = std::string(model);
    }
    body["messages"] = std::move(messages);
    body["max_tokens"] = max_tokens;
    body["temperature"] = static_cast<double>(request.temperature);
    body["seed"] = request.seed;
    if (!request.stop.empty()) {
        body["stop"] = request.stop;
    }
    body["stream"] = false;
    if (request.json_schema) {
        if (!request.json_schema->is_object()) {
            return fail(ErrorCode::InvalidInput, "json_schema must be a JSON object", "json_schema");
        }
        body["response_format"] =
            Json{{"type", "json_schema"},
                 {"json_schema", Json{{"name", "output"}, {"strict", true}, {"schema", *request.json_schema}}}};
    }
    return body;
}

Result<std::unique_ptr<OpenAiTextGenerator>> OpenAiTextGenerator::create(OpenAiOptions options) {
    options.base_url = trim_trailing_slashes(std::move(options.base_url));
    if (!starts_with_http(options.base_url) || options.base_url.find('?') != std::string::npos) {
        return fail(ErrorCode::InvalidInput,
                    "base_url must be an http:// or https:// URL without a query, e.g. http://127.0.0.1:8080/v1",
                    "base_url");
    }
    const bool azure = !options.azure_deployment.empty();
    if (azure && options.azure_api_version.empty()) {
        return fail(ErrorCode::InvalidInput, "azure_api_version is required with azure_deployment",
                    "azure_api_version");
    }
    const auto is_url_safe = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
        });
    };
    if (!is_url_safe(options.azure_deployment) || !is_url_safe(options.azure_api_version)) {
        return fail(ErrorCode::InvalidInput,
                    "azure_deployment and azure_api_version may contain only letters, digits, '-', '_' and '.'",
                    "azure_deployment");
    }
    if (!azure && options.model.empty()) {
        return fail(ErrorCode::InvalidInput, "model must name the model the endpoint should run", "model");
    }
    if (options.max_concurrency < 1 || options.max_concurrency > 256) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("max_concurrency must be 1..256, got {}", options.max_concurrency), "max_concurrency");
    }
    if (options.max_retries < 0 || options.max_retries > 20) {
        return fail(ErrorCode::InvalidInput, fmt::format("max_retries must be 0..20, got {}", options.max_retries),
                    "max_retries");
    }
    if (options.initial_backoff_ms < 0 || options.max_backoff_ms < options.initial_backoff_ms) {
        return fail(ErrorCode::InvalidInput, "initial_backoff_ms must be >= 0 and no more than max_backoff_ms",
                    "initial_backoff_ms");
    }
    if (options.timeout_ms <= 0) {
        return fail(ErrorCode::InvalidInput, fmt::format("timeout_ms must be > 0, got {}", options.timeout_ms),
                    "timeout_ms");
    }
    if (options.api_key.empty() && !options.api_key_env.empty()) {
        // Read once at start-up, before worker threads exist.
        const char* value = std::getenv(options.api_key_env.c_str());  // NOLINT(concurrency-mt-unsafe)
        if (value != nullptr) {
            options.api_key = value;
        }
    }
    if (options.api_key.find_first_of("\r\n") != std::string::npos) {
        return fail(ErrorCode::InvalidInput, "the API key contains a line break", "api_key");
    }
    std::string endpoint = azure ? fmt::format("{}/openai/deployments/{}/chat/completions?api-version={}",
                                               options.base_url, options.azure_deployment, options.azure_api_version)
                                 : options.base_url + "/chat/completions";
    return std::unique_ptr<OpenAiTextGenerator>(new OpenAiTextGenerator(std::move(options), std::move(endpoint)));
}

OpenAiTextGenerator::OpenAiTextGenerator(OpenAiOptions options, std::string endpoint)
    : options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      slots_(std::make_unique<Slots>(options_.max_concurrency)),
      rng_(std::random_device{}()) {
    if (!options_.api_key.empty()) {
        if (options_.azure_deployment.empty()) {
            headers_.push_back(HttpHeader{"Authorization", "Bearer " + options_.api_key});
        } else {
            headers_.push_back(HttpHeader{"api-key", options_.api_key});
        }
    }
}

OpenAiTextGenerator::~OpenAiTextGenerator() = default;

std::string OpenAiTextGenerator::name() const {
    return "openai:" + (options_.azure_deployment.empty() ? options_.model : options_.azure_deployment);
}

std::string OpenAiTextGenerator::redact(std::string text) const {
    if (options_.api_key.empty()) {
        return text;
    }
    for (auto pos = text.find(options_.api_key); pos != std::string::npos; pos = text.find(options_.api_key, pos)) {
        text.replace(pos, options_.api_key.size(), "[redacted]");
    }
    return text;
}

std::int64_t OpenAiTextGenerator::backoff_ms(int retry, std::int64_t retry_after) {
    const std::int64_t cap = options_.max_backoff_ms;
    std::int64_t base = options_.initial_backoff_ms;
    for (int i = 0; i < retry && base < cap; ++i) {
        base *= 2;
    }
    base = std::min(base, cap);
    double factor = 1.0;
    {
        const std::lock_guard lock(rng_mutex_);
        factor = std::uniform_real_distribution<double>(0.5, 1.0)(rng_);
    }
    const auto jittered = static_cast<std::int64_t>(static_cast<double>(base) * factor);
    return std::min(std::max(jittered, retry_after), cap);
}

Result<GenerationResult> OpenAiTextGenerator::call_with_retries(const GenerationRequest& request, int max_tokens) {
    BOROUGH_TRY(const Json body_json, build_chat_request(request, options_.model, max_tokens));
    const std::string body = dump_json(body_json);
    const std::string host = url_host(endpoint_);
    const auto cancelled = [this] {
        return fail(ErrorCode::Cancelled, fmt::format("request to {} was cancelled", endpoint_));
    };
    for (int attempt = 0;; ++attempt) {
        if (!slots_->acquire(request.cancel)) {
            return cancelled();
        }
        const auto start = std::chrono::steady_clock::now();
        auto reply = http_.post_json(endpoint_, body, headers_, options_.timeout_ms, request.cancel);
        slots_->release();
        const double elapsed_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

        Error error;
        bool retryable = false;
        std::int64_t retry_after = 0;
        if (!reply) {
            error = std::move(reply).error();
            if (error.code == ErrorCode::Cancelled) {
                return cancelled();
            }
            retryable = error.code == ErrorCode::Unavailable || error.code == ErrorCode::DeadlineExceeded;
        } else if (reply->status >= 200 && reply->status < 300) {
            BOROUGH_LOG_DEBUG(kComponent, "{} answered in {:.0f} ms ({} bytes)", host, elapsed_ms, reply->body.size());
            return parse_chat_reply(reply->body, endpoint_, options_.model, elapsed_ms);
        } else {
            error = http_status_error(reply->status, redact(server_message(reply->body)), endpoint_);
            retryable = is_retryable_status(reply->status);
            retry_after = retry_after_ms(*reply);
        }
        if (!retryable || attempt >= options_.max_retries) {
            if (retryable && attempt > 0) {
                error.message += fmt::format(" (gave up after {} attempts)", attempt + 1);
            }
            return fail(std::move(error));
        }
        const std::int64_t wait_ms = backoff_ms(attempt, retry_after);
        BOROUGH_LOG_WARN(kComponent, "{}: {} on attempt {} of {}; retrying in {} ms", host, to_string(error.code),
                         attempt + 1, options_.max_retries + 1, wait_ms);
        if (!sleep_unless_cancelled(wait_ms, request.cancel)) {
            return cancelled();
        }
    }
}

Result<GenerationResult> OpenAiTextGenerator::generate(const GenerationRequest& request) {
    int max_tokens = request.max_tokens;
    const Json* schema = request.json_schema ? &*request.json_schema : nullptr;
    const bool validate = schema != nullptr && check_schema(*schema).has_value();
    for (int length_retry = 0;; ++length_retry) {
        BOROUGH_TRY(GenerationResult result, call_with_retries(request, max_tokens));
        if (schema == nullptr) {
            return result;
        }
        if (result.finish_reason == FinishReason::Length) {
            if (length_retry == 0 && max_tokens <= std::numeric_limits<int>::max() / 2) {
                BOROUGH_LOG_DEBUG(kComponent, "structured output hit max_tokens {}; retrying with {}", max_tokens,
                                  max_tokens * 2);
                max_tokens *= 2;
                continue;
            }
            return fail(ErrorCode::ModelOutputInvalid,
                        fmt::format("structured output from {} was cut off at max_tokens {}", endpoint_, max_tokens),
                        "max_tokens");
        }
        auto parsed = parse_json(result.text, "model output");
        if (!parsed) {
            return fail(ErrorCode::ModelOutputInvalid,
                        fmt::format("structured output from {} is not JSON: {}", endpoint_, parsed.error().message));
        }
        if (validate) {
            const Status valid = validate_json(*parsed, *schema);
            if (!valid) {
                return fail(ErrorCode::ModelOutputInvalid,
                            fmt::format("structured output from {} does not match the schema: {}", endpoint_,
                                        valid.error().message),
                            valid.error().field);
            }
        }
        result.json = std::move(parsed).value();
        return result;
    }
}

void OpenAiTextGenerator::generate_batch(std::span<const GenerationRequest> requests, const BatchCallback& on_result) {
    if (requests.empty()) {
        return;
    }
    std::atomic<std::size_t> next{0};
    std::mutex callback_mutex;
    const auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < requests.size(); i = next.fetch_add(1)) {
            Result<GenerationResult> result = generate(requests[i]);
            const std::lock_guard lock(callback_mutex);
            on_result(i, std::move(result));
        }
    };
    const std::size_t workers = std::min(requests.size(), static_cast<std::size_t>(options_.max_concurrency));
    std::vector<std::jthread> threads;
    threads.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w) {
        threads.emplace_back(work);
    }
    work();  // the calling thread is one of the workers
}

}  // namespace borough::engine::openai
