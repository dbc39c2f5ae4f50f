#include "engine/openai/openai_text_generator.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "support/loopback.h"
#include "support/loopback_server.h"

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace borough::engine::openai {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using test::free_loopback_port;

// A canned OpenAI chat-completions reply.
std::string chat_reply(const std::string& content, const std::string& finish_reason = "stop") {
    Json reply = {{"id", "chatcmpl-1"},
                  {"object", "chat.completion"},
                  {"model", "fake-model"},
                  {"choices", Json::array({Json{{"index", 0},
                                                {"message", {{"role", "assistant"}, {"content", content}}},
                                                {"finish_reason", finish_reason}}})},
                  {"usage", {{"prompt_tokens", 11}, {"completion_tokens", 7}, {"total_tokens", 18}}}};
    return reply.dump();
}

// A scripted OpenAI-compatible endpoint on a loopback port. The handler sees each request and its
// 0-based call number; the endpoint records bodies, headers and the peak number of requests in flight.
class FakeEndpoint {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&, int call)>;

    explicit FakeEndpoint(Handler handler) : handler_(std::move(handler)) {
        server_.server().Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
            const int now = ++in_flight_;
            int seen = max_in_flight_.load();
            while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
            }
            int call = 0;
            {
                const std::lock_guard lock(mutex_);
                call = static_cast<int>(bodies_.size());
                bodies_.push_back(Json::parse(req.body, nullptr, false));
                paths_.push_back(req.path + (req.has_param("api-version")
                                                 ? "?api-version=" + req.get_param_value("api-version")
                                                 : std::string()));
                auth_.push_back(req.get_header_value("Authorization") + "|" + req.get_header_value("api-key"));
            }
            handler_(req, res, call);
            --in_flight_;
        });
        server_.start();
    }
    FakeEndpoint(const FakeEndpoint&) = delete;
    FakeEndpoint& operator=(const FakeEndpoint&) = delete;
    FakeEndpoint(FakeEndpoint&&) = delete;
    FakeEndpoint& operator=(FakeEndpoint&&) = delete;
    // Stops the server before the members its handler uses are destroyed.
    ~FakeEndpoint() { server_.stop(); }

    [[nodiscard]] std::string root_url() const { return server_.url(); }
    [[nodiscard]] std::string base_url() const { return root_url() + "/v1"; }
    int calls() {
        const std::lock_guard lock(mutex_);
        return static_cast<int>(bodies_.size());
    }
    [[nodiscard]] int max_in_flight() const { return max_in_flight_.load(); }
    Json body(std::size_t i) {
        const std::lock_guard lock(mutex_);
        return bodies_.at(i);
    }
    std::string path(std::size_t i) {
        const std::lock_guard lock(mutex_);
        return paths_.at(i);
    }
    std::string auth(std::size_t i) {
        const std::lock_guard lock(mutex_);
        return auth_.at(i);
    }

private:
    Handler handler_;
    test::LoopbackServer server_;
    std::atomic<int> in_flight_{0};
    std::atomic<int> max_in_flight_{0};
    std::mutex mutex_;
    std::vector<Json> bodies_;
    std::vector<std::string> paths_;
    std::vector<std::string> auth_;
};

OpenAiOptions fast_options(const std::string& base_url) {
    OpenAiOptions options;
    options.base_url = base_url;
    options.model = "test-model";
    options.api_key_env = "";  // never pick up a developer's real key
    options.initial_backoff_ms = 5;
    options.max_backoff_ms = 50;
    options.timeout_ms = 30'000;
    return options;
}

std::unique_ptr<OpenAiTextGenerator> make_generator(const OpenAiOptions& options) {
    auto created = OpenAiTextGenerator::create(options);
    EXPECT_TRUE(created.has_value()) << created.error().describe();
    return created.has_value() ? std::move(created).value() : nullptr;
}

GenerationRequest hello_request(int max_tokens = 16) {
    GenerationRequest request;
    request.messages = {{"system", "You are terse."}, {"user", "Say hello."}};
    request.max_tokens = max_tokens;
    return request;
}

Json small_schema() {
    return Json::parse(R"({"type":"object",
        "properties":{"ok":{"type":"boolean"},"kind":{"type":"string","enum":["a","b"]}},
        "required":["ok","kind"],"additionalProperties":false})");
}

// ---------------------------------------------------------------------------------------------
// Fake endpoints: request shape, errors, retries, concurrency.

TEST(OpenAiTextGenerator, CreateRejectsBadOptions) {
    auto options = fast_options("ftp://example.org/v1");
    auto bad_url = OpenAiTextGenerator::create(options);
    ASSERT_FALSE(bad_url.has_value());
    EXPECT_EQ(bad_url.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(bad_url.error().field, "base_url");

    options = fast_options("http://127.0.0.1:1/v1");
    options.max_concurrency = 0;
    auto bad_concurrency = OpenAiTextGenerator::create(options);
    ASSERT_FALSE(bad_concurrency.has_value());
    EXPECT_EQ(bad_concurrency.error().field, "max_concurrency");

    options = fast_options("http://127.0.0.1:1/v1");
    options.azure_deployment = "gpt4o";
    auto no_version = OpenAiTextGenerator::create(options);
    ASSERT_FALSE(no_version.has_value());
    EXPECT_EQ(no_version.error().field, "azure_api_version");
}

TEST(OpenAiTextGenerator, SendsChatRequestAndParsesUsage) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        Json reply = Json::parse(chat_reply("Hello there."));
        reply["usage"]["prompt_tokens_details"] = {{"cached_tokens", 4}};
        reply["timings"] = {{"prompt_ms", 1.5}, {"predicted_ms", 20.25}};
        res.set_content(reply.dump(), "application/json");
    });
    auto options = fast_options(fake.base_url() + "/");
    options.api_key = "sk-test-123";
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    EXPECT_EQ(gen->name(), "openai:test-model");
    EXPECT_EQ(gen->endpoint(), fake.base_url() + "/chat/completions");

    auto request = hello_request(32);
    request.stop = {"\n\n"};
    request.seed = 7;
    auto result = gen->generate(request);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->text, "Hello there.");
    EXPECT_FALSE(result->json.has_value());
    EXPECT_EQ(result->prompt_tokens, 11);
    EXPECT_EQ(result->completion_tokens, 7);
    EXPECT_EQ(result->cached_prompt_tokens, 4);
    EXPECT_DOUBLE_EQ(result->prompt_ms, 1.5);
    EXPECT_DOUBLE_EQ(result->generation_ms, 20.25);
    EXPECT_EQ(result->finish_reason, FinishReason::Stop);
    EXPECT_EQ(result->model, "fake-model");

    ASSERT_EQ(fake.calls(), 1);
    EXPECT_EQ(fake.path(0), "/v1/chat/completions");
    EXPECT_EQ(fake.auth(0), "Bearer sk-test-123|");
    const Json body = fake.body(0);
    EXPECT_EQ(body["model"], "test-model");
    EXPECT_EQ(body["max_tokens"], 32);
    EXPECT_EQ(body["seed"], 7);
    EXPECT_EQ(body["stream"], false);
    EXPECT_EQ(body["stop"], Json::array({"\n\n"}));
    ASSERT_EQ(body["messages"].size(), 2U);
    EXPECT_EQ(body["messages"][0]["role"], "system");
    EXPECT_EQ(body["messages"][1]["content"], "Say hello.");
    EXPECT_FALSE(body.contains("response_format"));
}

TEST(OpenAiTextGenerator, AzureFormUsesDeploymentPathAndApiKeyHeader) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.set_content(chat_reply("ok"), "application/json");
    });
    auto options = fast_options(fake.root_url());
    options.model = "";
    options.azure_deployment = "gpt-4o-mini";
    options.azure_api_version = "2024-06-01";
    options.api_key = "azure-key";
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    EXPECT_EQ(gen->name(), "openai:gpt-4o-mini");
    auto result = gen->generate(hello_request());
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    ASSERT_EQ(fake.calls(), 1);
    EXPECT_EQ(fake.path(0), "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-06-01");
    EXPECT_EQ(fake.auth(0), "|azure-key");
    EXPECT_FALSE(fake.body(0).contains("model"));
}

TEST(OpenAiTextGenerator, ReadsApiKeyFromNamedEnvironmentVariable) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.set_content(chat_reply("ok"), "application/json");
    });
    ASSERT_EQ(::setenv("BOROUGH_OPENAI_TEST_KEY", "env-key-42", 1), 0);  // NOLINT(concurrency-mt-unsafe)
    auto options = fast_options(fake.base_url());
    options.api_key_env = "BOROUGH_OPENAI_TEST_KEY";
    auto gen = make_generator(options);
    ::unsetenv("BOROUGH_OPENAI_TEST_KEY");  // NOLINT(concurrency-mt-unsafe)
    ASSERT_NE(gen, nullptr);
    ASSERT_TRUE(gen->generate(hello_request()).has_value());
    EXPECT_EQ(fake.auth(0), "Bearer env-key-42|");
}

TEST(OpenAiTextGenerator, StructuredOutputSendsJsonSchemaAndParsesReply) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.set_content(chat_reply(R"({"ok": true, "kind": "b"})"), "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto request = hello_request();
    request.json_schema = small_schema();
    auto result = gen->generate(request);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    ASSERT_TRUE(result->json.has_value());
    EXPECT_EQ((*result->json)["kind"], "b");
    const Json format = fake.body(0)["response_format"];
    EXPECT_EQ(format["type"], "json_schema");
    EXPECT_EQ(format["json_schema"]["name"], "output");
    EXPECT_EQ(format["json_schema"]["strict"], true);
    EXPECT_EQ(format["json_schema"]["schema"], small_schema());
}

TEST(OpenAiTextGenerator, SchemaOutputCutOffIsRetriedOnceWithMoreTokens) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int call) {
        res.set_content(call == 0 ? chat_reply(R"({"ok": tr)", "length") : chat_reply(R"({"ok":false,"kind":"a"})"),
                        "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto request = hello_request(50);
    request.json_schema = small_schema();
    auto result = gen->generate(request);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ((*result->json)["ok"], false);
    ASSERT_EQ(fake.calls(), 2);
    EXPECT_EQ(fake.body(0)["max_tokens"], 50);
    EXPECT_EQ(fake.body(1)["max_tokens"], 100);
}

TEST(OpenAiTextGenerator, SchemaOutputCutOffTwiceIsModelOutputInvalid) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.set_content(chat_reply(R"({"ok": tr)", "length"), "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto request = hello_request(50);
    request.json_schema = small_schema();
    auto result = gen->generate(request);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::ModelOutputInvalid);
    EXPECT_EQ(fake.calls(), 2);
}

TEST(OpenAiTextGenerator, SchemaViolatingOutputIsModelOutputInvalid) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.set_content(chat_reply(R"({"ok": "yes", "kind": "a"})"), "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto request = hello_request();
    request.json_schema = small_schema();
    auto result = gen->generate(request);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::ModelOutputInvalid);
    EXPECT_EQ(result.error().field, "/ok");
}

TEST(OpenAiTextGenerator, JunkRepliesAreModelOutputInvalidNamingEndpoint) {
    const std::vector<std::string> junk = {"<html>Bad gateway page</html>", R"({"object":"chat.completion"})",
                                           R"({"choices":[]})", R"({"choices":[{"message":{"content":5}}]})"};
    for (const auto& reply : junk) {
        FakeEndpoint fake([&reply](const httplib::Request&, httplib::Response& res, int) {
            res.set_content(reply, "application/json");
        });
        auto gen = make_generator(fast_options(fake.base_url()));
        ASSERT_NE(gen, nullptr);
        auto result = gen->generate(hello_request());
        ASSERT_FALSE(result.has_value()) << reply;
        EXPECT_EQ(result.error().code, ErrorCode::ModelOutputInvalid) << reply;
        EXPECT_NE(result.error().message.find(gen->endpoint()), std::string::npos) << result.error().message;
        EXPECT_EQ(fake.calls(), 1) << "junk must not be retried: " << reply;
    }
}

TEST(OpenAiTextGenerator, RetriesInjected503ThenSucceeds) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int call) {
        if (call < 3) {
            res.status = 503;
            res.set_content(R"({"error":{"message":"Loading model"}})", "application/json");
            return;
        }
        res.set_content(chat_reply("finally"), "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request());
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->text, "finally");
    EXPECT_EQ(fake.calls(), 4);
}

TEST(OpenAiTextGenerator, HonoursRetryAfterOn429) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int call) {
        if (call == 0) {
            res.status = 429;
            res.set_header("Retry-After", "1");
            res.set_content(R"({"error":{"message":"slow down"}})", "application/json");
            return;
        }
        res.set_content(chat_reply("ok"), "application/json");
    });
    auto options = fast_options(fake.base_url());
    options.max_backoff_ms = 5'000;
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    const auto start = steady_clock::now();
    auto result = gen->generate(hello_request());
    const auto elapsed = steady_clock::now() - start;
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(fake.calls(), 2);
    EXPECT_GE(elapsed, milliseconds(950));  // waited for Retry-After, not the 5 ms backoff
}

TEST(OpenAiTextGenerator, GivesUpAfterMaxRetries) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.status = 502;
        res.set_content("upstream down", "text/plain");
    });
    auto options = fast_options(fake.base_url());
    options.max_retries = 2;
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unavailable);
    EXPECT_NE(result.error().message.find("502"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("upstream down"), std::string::npos) << result.error().message;
    EXPECT_EQ(fake.calls(), 3);
}

TEST(OpenAiTextGenerator, BadRequestIsNotRetried) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.status = 400;
        res.set_content(R"({"error":{"message":"the request exceeds the available context size"}})",
                        "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(result.error().message.find("exceeds the available context size"), std::string::npos);
    EXPECT_EQ(fake.calls(), 1);
}

TEST(OpenAiTextGenerator, UnauthorisedNeverEchoesTheKey) {
    FakeEndpoint fake([](const httplib::Request& req, httplib::Response& res, int) {
        res.status = 401;
        res.set_content(
            R"({"error":{"message":"Incorrect API key provided: )" + req.get_header_value("Authorization") + R"("}})",
            "application/json");
    });
    auto options = fast_options(fake.base_url());
    options.api_key = "sk-very-secret-value";
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unauthenticated);
    EXPECT_EQ(result.error().message.find("sk-very-secret-value"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("Incorrect API key"), std::string::npos) << result.error().message;
    EXPECT_EQ(fake.calls(), 1);
}

TEST(OpenAiTextGenerator, ForbiddenIsPermissionDenied) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        res.status = 403;
        res.set_content(R"({"error":{"message":"model not allowed"}})", "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(fake.calls(), 1);
}

TEST(OpenAiTextGenerator, BatchHonoursConcurrencyLimit) {
    FakeEndpoint fake([](const httplib::Request& req, httplib::Response& res, int) {
        std::this_thread::sleep_for(milliseconds(60));
        const Json body = Json::parse(req.body);
        res.set_content(chat_reply("reply to " + body["messages"][0]["content"].get<std::string>()),
                        "application/json");
    });
    auto options = fast_options(fake.base_url());
    options.max_concurrency = 3;
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    std::vector<GenerationRequest> requests(12);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        requests[i].messages = {{"user", std::to_string(i)}};
    }

    std::mutex mu;
    std::multiset<std::size_t> seen;
    bool all_ok = true;
    gen->generate_batch(requests, [&](std::size_t index, Result<GenerationResult> result) {
        const std::lock_guard lock(mu);
        seen.insert(index);
        all_ok = all_ok && result.has_value() && result->text == "reply to " + std::to_string(index);
    });
    EXPECT_TRUE(all_ok);
    ASSERT_EQ(seen.size(), 12U);
    for (std::size_t i = 0; i < 12; ++i) {
        EXPECT_EQ(seen.count(i), 1U) << i;
    }
    EXPECT_EQ(fake.calls(), 12);
    EXPECT_EQ(fake.max_in_flight(), 3);
}

TEST(OpenAiTextGenerator, ConcurrencyLimitIsSharedByGenerateAndBatch) {
    FakeEndpoint fake([](const httplib::Request&, httplib::Response& res, int) {
        std::this_thread::sleep_for(milliseconds(60));
        res.set_content(chat_reply("ok"), "application/json");
    });
    auto options = fast_options(fake.base_url());
    options.max_concurrency = 2;
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    std::vector<GenerationRequest> requests(6, hello_request());
    std::atomic<int> ok{0};
    std::vector<std::jthread> singles;
    singles.reserve(3);
    for (int i = 0; i < 3; ++i) {
        singles.emplace_back([&] {
            if (gen->generate(hello_request()).has_value()) {
                ++ok;
            }
        });
    }
    gen->generate_batch(requests, [&](std::size_t, const Result<GenerationResult>& r) {
        if (r.has_value()) {
            ++ok;
        }
    });
    singles.clear();
    EXPECT_EQ(ok.load(), 9);
    EXPECT_EQ(fake.max_in_flight(), 2);
}

TEST(OpenAiTextGenerator, UnreachableEndpointIsUnavailableInBoundedTime) {
    const int port = free_loopback_port();  // nothing listens there: connections are refused
    ASSERT_NE(port, 0);
    auto options = fast_options("http://127.0.0.1:" + std::to_string(port) + "/v1");
    options.max_retries = 2;
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    const auto start = steady_clock::now();
    auto result = gen->generate(hello_request());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unavailable);
    EXPECT_NE(result.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find("3 attempts"), std::string::npos) << result.error().message;
    EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(OpenAiTextGenerator, CancellationAbortsTheRequest) {
    std::atomic<bool> release{false};
    FakeEndpoint fake([&release](const httplib::Request&, httplib::Response& res, int) {
        for (int i = 0; i < 500 && !release; ++i) {
            std::this_thread::sleep_for(milliseconds(10));
        }
        res.set_content(chat_reply("late"), "application/json");
    });
    auto gen = make_generator(fast_options(fake.base_url()));
    ASSERT_NE(gen, nullptr);
    std::stop_source stop;
    auto request = hello_request();
    request.cancel = stop.get_token();
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(milliseconds(100));
        stop.request_stop();
    });
    const auto start = steady_clock::now();
    auto result = gen->generate(request);
    const auto elapsed = steady_clock::now() - start;
    release = true;
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Cancelled);
    EXPECT_LT(elapsed, milliseconds(1500));
}

// ---------------------------------------------------------------------------------------------
// The real thing: llama.cpp's own llama-server serving the generated tiny model.

#if defined(BOROUGH_LLAMA_SERVER)

using test::read_tail;

// Owns one llama-server child process for the whole suite.
class LlamaServerProcess {
public:
    ~LlamaServerProcess() { stop(); }
    LlamaServerProcess() = default;
    LlamaServerProcess(const LlamaServerProcess&) = delete;
    LlamaServerProcess& operator=(const LlamaServerProcess&) = delete;
    LlamaServerProcess(LlamaServerProcess&&) = delete;
    LlamaServerProcess& operator=(LlamaServerProcess&&) = delete;

    // Empty on success, else why it could not start.
    std::string start(const fs::path& binary, const fs::path& model, const fs::path& log_path) {
        port_ = free_loopback_port();
        if (port_ == 0) {
            return "no free loopback port";
        }
        log_path_ = log_path;
        // The tiny model has no chat template. llama-server's chatml fallback primes the JSON grammar
        // with "<|im_start|>assistant", which the llama-spm vocab cannot match ("Failed to initialize
        // samplers"), so use the llama2 template.
        std::vector<std::string> args = {binary.string(), "-m", model.string(), "--port", std::to_string(port_)};
        for (const char* flag : {"--host", "127.0.0.1", "-np", "4", "-c", "4096", "-t", "2", "--no-webui", "--seed",
                                 "1", "--chat-template", "llama2"}) {
            args.emplace_back(flag);
        }
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));  // NOLINT: POSIX signature
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            pid_ = -1;
            return "posix_spawn failed: " + std::error_code(rc, std::generic_category()).message();
        }
        httplib::Client client("127.0.0.1", port_);
        client.set_connection_timeout(1);
        const auto deadline = steady_clock::now() + std::chrono::seconds(90);
        while (steady_clock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return "llama-server exited during start-up:\n" + read_tail(log_path_, 3000);
            }
            if (auto res = client.Get("/health"); res && res->status == 200) {
                return {};
            }
            std::this_thread::sleep_for(milliseconds(100));
        }
        return "llama-server did not become healthy in 90 s:\n" + read_tail(log_path_, 3000);
    }

    void stop() {
        if (pid_ <= 0) {
            return;
        }
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 100; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(milliseconds(50));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
    [[nodiscard]] std::string log_tail() const { return read_tail(log_path_, 3000); }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    fs::path log_path_;
};

class LlamaServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const fs::path binary = BOROUGH_LLAMA_SERVER;
        const fs::path model = BOROUGH_TINY_MODEL;
        if (!fs::exists(binary)) {
            skip_reason() = "llama-server not built at " + binary.string();
            return;
        }
        if (!fs::exists(model)) {
            skip_reason() = "tiny test model not generated at " + model.string();
            return;
        }
        dir() = fs::temp_directory_path() / ("borough_openai_llama_" + std::to_string(::getpid()));
        fs::create_directories(dir());
        server() = std::make_unique<LlamaServerProcess>();
        start_error() = server()->start(binary, model, dir() / "llama-server.log");
    }
    static void TearDownTestSuite() {
        server().reset();
        if (!dir().empty()) {
            fs::remove_all(dir());
        }
    }
    void SetUp() override {
        if (!skip_reason().empty()) {
            GTEST_SKIP() << skip_reason();
        }
        ASSERT_TRUE(start_error().empty()) << start_error();
    }

    static std::unique_ptr<LlamaServerProcess>& server() {
        static std::unique_ptr<LlamaServerProcess> s;
        return s;
    }
    static std::string& skip_reason() {
        static std::string s;
        return s;
    }
    static std::string& start_error() {
        static std::string s;
        return s;
    }
    static fs::path& dir() {
        static fs::path p;
        return p;
    }

    static OpenAiOptions llama_options(const std::string& base_url) {
        auto options = fast_options(base_url);
        options.model = "tiny";
        options.timeout_ms = 60'000;
        return options;
    }
};

TEST_F(LlamaServerTest, PlainChatCountsUsage) {
    auto gen = make_generator(llama_options(server()->base_url()));
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request(12));
    ASSERT_TRUE(result.has_value()) << result.error().describe() << "\n" << server()->log_tail();
    EXPECT_GT(result->prompt_tokens, 0);
    EXPECT_GT(result->completion_tokens, 0);
    EXPECT_LE(result->completion_tokens, 12);
    if (result->finish_reason == FinishReason::Length) {
        EXPECT_EQ(result->completion_tokens, 12);
    }
    EXPECT_FALSE(result->model.empty());
    EXPECT_GT(result->generation_ms, 0.0);
    EXPECT_FALSE(result->json.has_value());
}

TEST_F(LlamaServerTest, StructuredOutputParsesAgainstSchema) {
    auto gen = make_generator(llama_options(server()->base_url()));
    ASSERT_NE(gen, nullptr);
    auto request = hello_request(96);
    request.json_schema = small_schema();
    auto result = gen->generate(request);
    ASSERT_TRUE(result.has_value()) << result.error().describe() << "\n" << server()->log_tail();
    ASSERT_TRUE(result->json.has_value());
    const Json& json = *result->json;
    ASSERT_TRUE(json.is_object()) << json.dump();
    EXPECT_TRUE(json["ok"].is_boolean()) << json.dump();
    EXPECT_TRUE(json["kind"] == "a" || json["kind"] == "b") << json.dump();
    EXPECT_GT(result->completion_tokens, 0);
}

TEST_F(LlamaServerTest, BatchRunsInParallelSlots) {
    auto options = llama_options(server()->base_url());
    options.max_concurrency = 4;
    auto gen = make_generator(options);
    ASSERT_NE(gen, nullptr);
    std::vector<GenerationRequest> requests;
    for (int i = 0; i < 4; ++i) {
        GenerationRequest r;
        r.messages = {{"user", "Number " + std::to_string(i)}};
        r.max_tokens = 8;
        requests.push_back(r);
    }
    std::atomic<int> ok{0};
    std::string first_error;
    std::mutex mu;
    gen->generate_batch(requests, [&](std::size_t, Result<GenerationResult> r) {
        if (r.has_value() && r->completion_tokens > 0) {
            ++ok;
        } else if (!r.has_value()) {
            const std::lock_guard lock(mu);
            first_error = r.error().describe();
        }
    });
    EXPECT_EQ(ok.load(), 4) << first_error;
}

TEST_F(LlamaServerTest, RetriesThrough503ProxyInFrontOfLlamaServer) {
    const int upstream = server()->port();
    FakeEndpoint proxy([upstream](const httplib::Request& req, httplib::Response& res, int call) {
        if (call < 2) {
            res.status = 503;
            res.set_content(R"({"error":{"message":"Loading model","type":"unavailable_error"}})", "application/json");
            return;
        }
        httplib::Client client("127.0.0.1", upstream);
        client.set_read_timeout(60);
        auto forwarded = client.Post(req.path, req.body, "application/json");
        if (!forwarded) {
            res.status = 599;
            return;
        }
        res.status = forwarded->status;
        res.set_content(forwarded->body, "application/json");
    });
    auto gen = make_generator(llama_options(proxy.base_url()));
    ASSERT_NE(gen, nullptr);
    auto result = gen->generate(hello_request(8));
    ASSERT_TRUE(result.has_value()) << result.error().describe() << "\n" << server()->log_tail();
    EXPECT_EQ(proxy.calls(), 3);
    EXPECT_GT(result->completion_tokens, 0);
}

#endif  // BOROUGH_LLAMA_SERVER

}  // namespace
}  // namespace borough::engine::openai
