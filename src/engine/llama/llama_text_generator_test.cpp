// Tests of LlamaTextGenerator on the random-weight tiny model that tests/support generates: real
// llama.cpp, no mocks. Outputs are meaningless text; the tests check the engine's contracts.
#include "engine/llama/llama_text_generator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>

#include "core/json.h"

namespace borough::engine::llama {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

fs::path model_path() { return BOROUGH_TINY_MODEL; }

GenerationRequest chat(std::string system, std::string user, int max_tokens = 16) {
    GenerationRequest r;
    r.messages = {{"system", std::move(system)}, {"user", std::move(user)}};
    r.max_tokens = max_tokens;
    return r;
}

Json label_schema() {
    return parse_json(R"({"type":"object","properties":{
        "label":{"enum":["positive","negative","neutral"]},
        "score":{"type":"integer","minimum":0,"maximum":9}},
        "required":["label","score"],"additionalProperties":false})",
                      "test")
        .value();
}

class LlamaTextGeneratorTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(model_path())) {
            GTEST_SKIP() << "tiny test model not generated at " << model_path();
        }
    }
    static std::unique_ptr<LlamaTextGenerator> make(int n_parallel, int n_ctx = 4096) {
        LlamaOptions options;
        options.model_path = model_path().string();
        options.n_parallel = n_parallel;
        options.n_ctx = n_ctx;
        options.n_threads = 1;
        auto gen = LlamaTextGenerator::create(options);
        EXPECT_TRUE(gen) << (gen ? "" : gen.error().describe());
        return gen ? std::move(gen).value() : nullptr;
    }
    fs::path temp_dir() {
        auto dir = fs::temp_directory_path() /
                   ("borough-llama-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir);
        dirs_.push_back(dir);
        return dir;
    }
    void TearDown() override {
        for (const auto& d : dirs_) {
            fs::remove_all(d);
        }
    }
    std::vector<fs::path> dirs_;
};

TEST_F(LlamaTextGeneratorTest, MissingFileIsNotFound) {
    LlamaOptions options;
    options.model_path = (temp_dir() / "absent.gguf").string();
    auto gen = LlamaTextGenerator::create(options);
    ASSERT_FALSE(gen);
    EXPECT_EQ(gen.error().code, ErrorCode::NotFound);
    EXPECT_NE(gen.error().message.find("absent.gguf"), std::string::npos);
}

TEST_F(LlamaTextGeneratorTest, TruncatedGgufIsInvalidInputNamingThePath) {
    const fs::path cut = temp_dir() / "cut.gguf";
    {
        std::ifstream in(model_path(), std::ios::binary);
        std::vector<char> head(std::size_t{64} * 1024);
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        std::ofstream(cut, std::ios::binary).write(head.data(), in.gcount());
    }
    LlamaOptions options;
    options.model_path = cut.string();
    auto gen = LlamaTextGenerator::create(options);
    ASSERT_FALSE(gen);
    EXPECT_EQ(gen.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(gen.error().message.find(cut.string()), std::string::npos) << gen.error().message;
}

TEST_F(LlamaTextGeneratorTest, NotGgufIsInvalidInput) {
    const fs::path text = temp_dir() / "notes.gguf";
    std::ofstream(text) << "these are not the weights you are looking for\n";
    LlamaOptions options;
    options.model_path = text.string();
    auto gen = LlamaTextGenerator::create(options);
    ASSERT_FALSE(gen);
    EXPECT_EQ(gen.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(gen.error().message.find("not a GGUF"), std::string::npos) << gen.error().message;
}

TEST_F(LlamaTextGeneratorTest, ReportsNameTokensAndContext) {
    auto gen = make(4, 2048);
    ASSERT_TRUE(gen);
    EXPECT_EQ(gen->name(), "llama:tiny.gguf");
    EXPECT_EQ(gen->context_tokens(), 512);
    EXPECT_GT(gen->count_tokens("The council meets on Tuesday."), 3);
    EXPECT_GT(gen->count_tokens(std::string(400, 'x') + " y z"), gen->count_tokens("x y z"));
}

TEST_F(LlamaTextGeneratorTest, MaxTokensHonoured) {
    auto gen = make(2, 1024);
    ASSERT_TRUE(gen);
    auto r = gen->generate(chat("You are terse.", "Say something.", 7));
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_LE(r->completion_tokens, 7);
    if (r->completion_tokens == 7) {
        EXPECT_EQ(r->finish_reason, FinishReason::Length);
    }
    EXPECT_GT(r->prompt_tokens, 5);
    EXPECT_FALSE(r->json.has_value());
}

TEST_F(LlamaTextGeneratorTest, StopStringEndsTextBeforeIt) {
    auto gen = make(1, 1024);
    ASSERT_TRUE(gen);
    auto full = gen->generate(chat("sys", "Write a line.", 24));
    ASSERT_TRUE(full) << full.error().describe();
    if (full->text.size() < 8) {
        GTEST_SKIP() << "greedy output too short to cut";
    }
    const std::string stop = full->text.substr(5, 3);
    auto req = chat("sys", "Write a line.", 24);
    req.stop = {stop};
    auto cut = gen->generate(req);
    ASSERT_TRUE(cut) << cut.error().describe();
    EXPECT_EQ(cut->text, full->text.substr(0, full->text.find(stop)));
    EXPECT_EQ(cut->finish_reason, FinishReason::Stop);
}

TEST_F(LlamaTextGeneratorTest, SchemaOutputParsesForSeeds0To99) {
    auto gen = make(8, 4096);
    ASSERT_TRUE(gen);
    std::vector<GenerationRequest> requests;
    requests.reserve(100);
    for (std::uint64_t seed = 0; seed < 100; ++seed) {
        auto r = chat("Classify the sentiment of the survey answer.", "The bins were not collected again.", 96);
        r.json_schema = label_schema();
        r.temperature = 0.8F;
        r.seed = seed;
        requests.push_back(std::move(r));
    }
    int ok = 0;
    const auto t0 = steady_clock::now();
    int completion = 0;
    gen->generate_batch(requests, [&](std::size_t index, Result<GenerationResult> result) {
        ASSERT_TRUE(result) << "seed " << index << ": " << result.error().describe();
        ASSERT_TRUE(result->json.has_value());
        const Json& j = *result->json;
        auto again = parse_json(result->text, "test");
        ASSERT_TRUE(again) << result->text;
        const std::string label = j.at("label").get<std::string>();
        EXPECT_TRUE(label == "positive" || label == "negative" || label == "neutral") << label;
        const int score = j.at("score").get<int>();
        EXPECT_GE(score, 0);
        EXPECT_LE(score, 9);
        completion += result->completion_tokens;
        ++ok;
    });
    EXPECT_EQ(ok, 100);
    const double secs = std::chrono::duration<double>(steady_clock::now() - t0).count();
    std::printf("[ timing ] 100 schema requests: %d completion tokens in %.2f s\n", completion, secs);
}

TEST_F(LlamaTextGeneratorTest, DifferentSeedsGiveDifferentOutputs) {
    auto gen = make(4, 2048);
    ASSERT_TRUE(gen);
    std::map<std::string, int> texts;
    for (std::uint64_t seed = 0; seed < 6; ++seed) {
        auto r = chat("sys", "Talk.", 12);
        r.temperature = 1.0F;
        r.seed = seed;
        auto out = gen->generate(r);
        ASSERT_TRUE(out) << out.error().describe();
        ++texts[out->text];
    }
    EXPECT_GT(texts.size(), 1U);
}

TEST_F(LlamaTextGeneratorTest, BatchOfEightEqualsSequentialGreedy) {
    std::vector<GenerationRequest> requests;
    requests.reserve(8);
    for (int i = 0; i < 8; ++i) {
        requests.push_back(
            chat("You summarise council reports.",
                 "Report number " + std::to_string(i * 37) + " about road repairs in ward " + std::to_string(i), 12));
    }
    std::vector<std::string> sequential;
    {
        auto gen = make(8, 4096);
        ASSERT_TRUE(gen);
        for (const auto& r : requests) {
            auto out = gen->generate(r);
            ASSERT_TRUE(out) << out.error().describe();
            sequential.push_back(out->text);
        }
    }
    auto gen = make(8, 4096);
    ASSERT_TRUE(gen);
    std::vector<std::string> batched(requests.size());
    std::vector<std::size_t> order;
    gen->generate_batch(requests, [&](std::size_t i, Result<GenerationResult> out) {
        ASSERT_TRUE(out) << out.error().describe();
        batched[i] = out->text;
        order.push_back(i);
    });
    EXPECT_EQ(order.size(), requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        EXPECT_EQ(batched[i], sequential[i]) << "request " << i;
    }
}

// Greedy + schema normally runs the grammar over the best candidates only; llama.cpp's reference path
// runs it over the whole vocabulary. The random-weight model's favourite token is nearly always one the
// grammar forbids, so this exercises the widening search on almost every token.
TEST_F(LlamaTextGeneratorTest, GreedySchemaTokensEqualReferenceSampling) {
    const Json row_schema = parse_json(R"({"type":"object","required":["sentiment","themes"],
        "additionalProperties":false,"properties":{"sentiment":{"enum":["positive","negative","neutral","mixed"]},
        "themes":{"type":"array","maxItems":3,"items":{"enum":["T1","T2","T3","T4","T5","T6","T7","T8"]}}}})",
                                       "test")
                                 .value();
    std::vector<GenerationRequest> requests;
    for (int i = 0; i < 16; ++i) {
        auto r = chat("Code the survey answer.", "Answer " + std::to_string(i * 13) + ": the bins were late again.", 96);
        r.json_schema = i % 2 == 0 ? row_schema : label_schema();
        requests.push_back(std::move(r));
    }
    auto run = [&](bool reference) {
        LlamaOptions options;
        options.model_path = model_path().string();
        options.n_parallel = 8;
        options.n_ctx = 4096;
        options.n_threads = 1;
        options.reference_sampling = reference;
        auto gen = LlamaTextGenerator::create(options);
        EXPECT_TRUE(gen);
        std::vector<std::string> texts(requests.size());
        std::vector<int> tokens(requests.size(), -1);
        if (!gen) return std::make_pair(texts, tokens);
        (*gen)->generate_batch(requests, [&](std::size_t i, Result<GenerationResult> out) {
            ASSERT_TRUE(out) << out.error().describe();
            texts[i] = out->text;
            tokens[i] = out->completion_tokens;
        });
        return std::make_pair(texts, tokens);
    };
    const auto fast = run(false);
    const auto reference = run(true);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        EXPECT_EQ(fast.first[i], reference.first[i]) << "request " << i;
        EXPECT_EQ(fast.second[i], reference.second[i]) << "request " << i;
        EXPECT_GT(fast.second[i], 3) << "request " << i;
    }
}

TEST_F(LlamaTextGeneratorTest, CancelStopsWithinOneDecodeStep) {
    auto gen = make(2, 2048);
    ASSERT_TRUE(gen);
    auto request = chat("sys", "Write a very long essay.", 900);
    // Uncancelled reference: how long the full generation takes.
    const auto t0 = steady_clock::now();
    auto full = gen->generate(request);
    ASSERT_TRUE(full) << full.error().describe();
    const double full_ms = std::chrono::duration<double, std::milli>(steady_clock::now() - t0).count();
    if (full->completion_tokens < 200) {
        GTEST_SKIP() << "model stopped early";
    }
    const double ms_per_token = full->generation_ms / full->completion_tokens;

    std::stop_source source;
    request.cancel = source.get_token();
    steady_clock::time_point cancelled_at;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(full_ms / 5));
        cancelled_at = steady_clock::now();
        source.request_stop();
    });
    auto out = gen->generate(request);
    const auto returned_at = steady_clock::now();
    canceller.join();
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::Cancelled);
    const double after_ms = std::chrono::duration<double, std::milli>(returned_at - cancelled_at).count();
    std::printf("[ timing ] %.3f ms/token; cancel took effect %.3f ms after request_stop (%s)\n", ms_per_token,
                after_ms, out.error().message.c_str());
    // One decode step plus scheduling slack on a shared machine.
    EXPECT_LT(after_ms, 10 * ms_per_token + 100.0);
    EXPECT_LT(after_ms, full_ms / 2);

    // The slot is free again and a cancelled-before-start request fails at once.
    std::stop_source pre;
    pre.request_stop();
    auto early = chat("sys", "hi", 5);
    early.cancel = pre.get_token();
    auto e = gen->generate(early);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::Cancelled);
    auto after = gen->generate(chat("sys", "hi", 5));
    EXPECT_TRUE(after);
}

TEST_F(LlamaTextGeneratorTest, SharedPrefixIsEvaluatedOnce) {
    auto gen = make(4, 4096);
    ASSERT_TRUE(gen);
    std::string instructions = "You analyse survey answers for the council. ";
    for (int i = 0; i < 20; ++i) {
        instructions += "Rule " + std::to_string(i) + ": be accurate and cite the row. ";
    }
    const int prefix = gen->count_tokens(instructions);
    ASSERT_GT(prefix, 150);

    auto first = gen->generate(chat(instructions, "Row 1: the park is lovely.", 4));
    ASSERT_TRUE(first) << first.error().describe();
    auto second = gen->generate(chat(instructions, "Row 2: too much litter.", 4));
    ASSERT_TRUE(second) << second.error().describe();
    std::printf("[ timing ] first prompt %d tokens in %.1f ms (%.0f tok/s); second %d cached, %.1f ms\n",
                first->prompt_tokens, first->prompt_ms, first->prompt_tokens / (first->prompt_ms / 1000.0),
                second->cached_prompt_tokens, second->prompt_ms);
    EXPECT_LT(first->cached_prompt_tokens, 5);
    EXPECT_GE(second->cached_prompt_tokens, prefix);
    EXPECT_LT(second->prompt_tokens - second->cached_prompt_tokens, 30);

    // Two at once: one slot has the prefix, the other copies it within the unified KV cache.
    std::vector<GenerationRequest> pair = {chat(instructions, "Row 3: good.", 4), chat(instructions, "Row 4: bad.", 4)};
    std::vector<int> cached(2, 0);
    gen->generate_batch(pair, [&](std::size_t i, Result<GenerationResult> out) {
        ASSERT_TRUE(out) << out.error().describe();
        cached[i] = out->cached_prompt_tokens;
    });
    EXPECT_GE(cached[0], prefix);
    EXPECT_GE(cached[1], prefix);
}

// A cold batch (nothing cached) of requests sharing long instructions: the first is evaluated whole,
// the others wait for it and copy its prefix instead of each evaluating the instructions again.
TEST_F(LlamaTextGeneratorTest, ColdBatchEvaluatesSharedPrefixOnce) {
    auto gen = make(4, 4096);
    ASSERT_TRUE(gen);
    std::string instructions = "You code survey answers for the council. ";
    for (int i = 0; i < 20; ++i) {
        instructions += "Theme " + std::to_string(i) + ": repairs, damp, parking and rent. ";
    }
    const int prefix = gen->count_tokens(instructions);
    ASSERT_GT(prefix, 150);
    std::vector<GenerationRequest> batch;
    for (int i = 0; i < 6; ++i) {
        batch.push_back(chat(instructions, "Answer " + std::to_string(i) + ": the lift is broken.", 3));
    }
    std::vector<int> cached(batch.size(), -1);
    gen->generate_batch(batch, [&](std::size_t i, Result<GenerationResult> out) {
        ASSERT_TRUE(out) << out.error().describe();
        cached[i] = out->cached_prompt_tokens;
    });
    int evaluated_whole = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (cached[i] < prefix) {
            ++evaluated_whole;
        }
    }
    EXPECT_EQ(evaluated_whole, 1) << "cached: " << cached[0] << " " << cached[1] << " " << cached[2] << " "
                                  << cached[3] << " " << cached[4] << " " << cached[5];
}

TEST_F(LlamaTextGeneratorTest, TokenBudgetCutIsModelOutputInvalidNotBrokenJson) {
    auto gen = make(2, 2048);
    ASSERT_TRUE(gen);
    auto r = chat("Summarise.", "The meeting discussed potholes.", 2);
    r.json_schema =
        parse_json(
            R"({"type":"object","properties":{"summary":{"type":"string","minLength":200}},"required":["summary"]})",
            "test")
            .value();
    auto out = gen->generate(r);
    ASSERT_FALSE(out) << out->text;
    EXPECT_EQ(out.error().code, ErrorCode::ModelOutputInvalid);
    EXPECT_NE(out.error().message.find("cut at 8 tokens"), std::string::npos) << out.error().message;
}

TEST_F(LlamaTextGeneratorTest, BadSchemaIsInvalidInput) {
    auto gen = make(1, 512);
    ASSERT_TRUE(gen);
    auto r = chat("s", "u", 4);
    r.json_schema = parse_json(R"({"type":"object","properties":{"a":{"$ref":"#/nowhere"}}})", "test").value();
    auto out = gen->generate(r);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(out.error().field, "json_schema");
    r.json_schema.reset();
    r.max_tokens = 0;
    out = gen->generate(r);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().field, "max_tokens");
}

}  // namespace
}  // namespace borough::engine::llama
