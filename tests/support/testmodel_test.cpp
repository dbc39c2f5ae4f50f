// Checks that the generated random-weight models load and run in llama.cpp (tiny decodes and samples,
// tiny-bert embeds), that the writer is deterministic, and that a truncated model is rejected.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "llama.h"
#include "support/test_model_writer.h"

namespace borough::test_support {
namespace {

namespace fs = std::filesystem;

struct ModelDeleter {
    void operator()(llama_model* m) const { llama_model_free(m); }
};
struct ContextDeleter {
    void operator()(llama_context* c) const { llama_free(c); }
};
struct SamplerDeleter {
    void operator()(llama_sampler* s) const { llama_sampler_free(s); }
};
using ModelPtr = std::unique_ptr<llama_model, ModelDeleter>;
using ContextPtr = std::unique_ptr<llama_context, ContextDeleter>;
using SamplerPtr = std::unique_ptr<llama_sampler, SamplerDeleter>;

void quiet_log(ggml_log_level level, const char* text, void* /*user*/) {
    if (level == GGML_LOG_LEVEL_ERROR) {
        std::fputs(text, stderr);
    }
}

class TestModelTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        llama_log_set(quiet_log, nullptr);
        llama_backend_init();
    }

    void SetUp() override {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("borough-testmodel-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    static ModelPtr load(const fs::path& path) {
        llama_model_params params = llama_model_default_params();
        params.load_mode = LLAMA_LOAD_MODE_MMAP;
        return ModelPtr(llama_model_load_from_file(path.c_str(), params));
    }

    static std::string meta(const llama_model* model, const char* key) {
        std::vector<char> buf(256);
        const int32_t n = llama_model_meta_val_str(model, key, buf.data(), buf.size());
        return n < 0 ? std::string() : std::string(buf.data());
    }

    static std::vector<llama_token> tokenize(const llama_vocab* vocab, const std::string& text) {
        std::vector<llama_token> tokens(text.size() + 8);
        const int32_t n = llama_tokenize(vocab, text.c_str(), static_cast<int32_t>(text.size()), tokens.data(),
                                         static_cast<int32_t>(tokens.size()),
                                         /*add_special=*/true, /*parse_special=*/false);
        tokens.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
        return tokens;
    }

    static std::string read_bytes(const fs::path& path) {
        std::string bytes(static_cast<std::size_t>(fs::file_size(path)), '\0');
        std::ifstream(path, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return bytes;
    }

    static bool all_finite(const float* v, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(v[i])) {
                return false;
            }
        }
        return true;
    }

    fs::path dir_;
};

TEST_F(TestModelTest, TinyIsSmallLoadsFastAndGeneratesGreedily) {
    const fs::path path = BOROUGH_TINY_MODEL;
    ASSERT_TRUE(fs::exists(path)) << path << " (build target borough_test_models)";
    EXPECT_LT(fs::file_size(path), 10U * 1024U * 1024U);

    const auto start = std::chrono::steady_clock::now();
    const ModelPtr model = load(path);
    const auto load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_NE(model, nullptr);
    EXPECT_LT(load_s, 1.0);
    RecordProperty("load_ms", std::to_string(static_cast<int>(load_s * 1000.0)));
    EXPECT_EQ(meta(model.get(), "general.architecture"), "llama");
    const llama_vocab* vocab = llama_model_get_vocab(model.get());
    const int32_t n_vocab = llama_vocab_n_tokens(vocab);
    EXPECT_EQ(n_vocab, 32000);
    EXPECT_EQ(llama_model_n_embd(model.get()), 64);

    llama_context_params cparams = llama_context_default_params();
    cparams.n_ctx = 128;
    cparams.n_batch = 64;
    cparams.n_threads = 2;
    cparams.n_threads_batch = 2;
    const ContextPtr ctx(llama_init_from_model(model.get(), cparams));
    ASSERT_NE(ctx, nullptr);

    std::vector<llama_token> tokens = tokenize(vocab, "The council meets on Tuesday.");
    ASSERT_GE(tokens.size(), 3U);
    const SamplerPtr sampler(llama_sampler_init_greedy());
    std::vector<llama_token> generated;
    llama_batch batch = llama_batch_get_one(tokens.data(), static_cast<int32_t>(tokens.size()));
    llama_token next = 0;
    for (int step = 0; step < 4; ++step) {
        ASSERT_EQ(llama_decode(ctx.get(), batch), 0) << "step " << step;
        const float* logits = llama_get_logits_ith(ctx.get(), -1);
        ASSERT_NE(logits, nullptr);
        ASSERT_TRUE(all_finite(logits, static_cast<std::size_t>(n_vocab))) << "step " << step;
        // Greedy must pick the arg-max of the logits.
        next = llama_sampler_sample(sampler.get(), ctx.get(), -1);
        ASSERT_GE(next, 0);
        ASSERT_LT(next, n_vocab);
        const auto argmax = std::max_element(logits, logits + n_vocab) - logits;
        EXPECT_EQ(next, static_cast<llama_token>(argmax));
        generated.push_back(next);
        batch = llama_batch_get_one(&next, 1);
    }
    EXPECT_EQ(generated.size(), 4U);
}

TEST_F(TestModelTest, TinyCarriesAChatMlTemplate) {
    const ModelPtr model = load(BOROUGH_TINY_MODEL);
    ASSERT_NE(model, nullptr);
    const char* tmpl = llama_model_chat_template(model.get(), nullptr);
    ASSERT_NE(tmpl, nullptr);
    const std::array<llama_chat_message, 2> chat = {{{"system", "Be brief."}, {"user", "Hello"}}};
    std::vector<char> buf(512);
    const int32_t n = llama_chat_apply_template(tmpl, chat.data(), chat.size(), /*add_ass=*/true, buf.data(),
                                                static_cast<int32_t>(buf.size()));
    ASSERT_GT(n, 0);
    EXPECT_EQ(std::string(buf.data(), static_cast<std::size_t>(n)),
              "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n"
              "<|im_start|>assistant\n");
    // The ChatML markers are not tokens of the llama-spm vocab; they must still tokenize.
    EXPECT_GT(tokenize(llama_model_get_vocab(model.get()), "<|im_start|>user\nHello<|im_end|>").size(), 5U);
}

TEST_F(TestModelTest, TinyQwen2LoadsWithQwenVocabAndTemplate) {
    const ModelPtr model = load(BOROUGH_TINY_QWEN2_MODEL);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(meta(model.get(), "general.architecture"), "qwen2");
    const llama_vocab* vocab = llama_model_get_vocab(model.get());
    EXPECT_EQ(llama_vocab_n_tokens(vocab), 151936);
    const char* tmpl = llama_model_chat_template(model.get(), nullptr);
    ASSERT_NE(tmpl, nullptr);
    EXPECT_NE(std::string(tmpl).find("<|im_start|>"), std::string::npos);

    llama_context_params cparams = llama_context_default_params();
    cparams.n_ctx = 64;
    cparams.n_batch = 32;
    cparams.n_threads = 2;
    cparams.n_threads_batch = 2;
    const ContextPtr ctx(llama_init_from_model(model.get(), cparams));
    ASSERT_NE(ctx, nullptr);
    std::vector<llama_token> tokens = tokenize(vocab, "Bin collection is on Monday.");
    ASSERT_FALSE(tokens.empty());
    ASSERT_EQ(llama_decode(ctx.get(), llama_batch_get_one(tokens.data(), static_cast<int32_t>(tokens.size()))), 0);
    EXPECT_TRUE(all_finite(llama_get_logits_ith(ctx.get(), -1), 151936U));
}

TEST_F(TestModelTest, TinyBertGivesAMeanPooledEmbedding) {
    const ModelPtr model = load(BOROUGH_TINY_BERT_MODEL);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(meta(model.get(), "general.architecture"), "bert");
    const int32_t n_embd = llama_model_n_embd(model.get());
    EXPECT_EQ(n_embd, 64);

    llama_context_params cparams = llama_context_default_params();
    cparams.embeddings = true;
    cparams.n_ctx = 128;
    cparams.n_batch = 128;
    cparams.n_ubatch = 128;
    cparams.n_threads = 2;
    cparams.n_threads_batch = 2;
    const ContextPtr ctx(llama_init_from_model(model.get(), cparams));
    ASSERT_NE(ctx, nullptr);
    EXPECT_EQ(llama_pooling_type(ctx.get()), LLAMA_POOLING_TYPE_MEAN);

    auto embed = [&](const std::string& text) {
        std::vector<llama_token> tokens = tokenize(llama_model_get_vocab(model.get()), text);
        EXPECT_FALSE(tokens.empty());
        llama_memory_clear(llama_get_memory(ctx.get()), true);
        EXPECT_EQ(llama_decode(ctx.get(), llama_batch_get_one(tokens.data(), static_cast<int32_t>(tokens.size()))), 0);
        const float* e = llama_get_embeddings_seq(ctx.get(), 0);
        return e == nullptr ? std::vector<float>() : std::vector<float>(e, e + n_embd);
    };
    const std::vector<float> a = embed("Parking permits for residents");
    ASSERT_EQ(a.size(), static_cast<std::size_t>(n_embd));
    EXPECT_TRUE(all_finite(a.data(), a.size()));
    double norm = 0;
    for (const float v : a) {
        norm += static_cast<double>(v) * v;
    }
    EXPECT_GT(norm, 1e-6);
    const std::vector<float> b = embed("Library opening hours");
    ASSERT_EQ(b.size(), a.size());
    EXPECT_NE(a, b);  // different text, different vector
}

TEST_F(TestModelTest, TruncatedModelFailsToLoad) {
    const std::string bytes = read_bytes(BOROUGH_TINY_MODEL);
    ASSERT_GT(bytes.size(), 1000U);
    for (const std::size_t keep : {bytes.size() / 2, std::size_t{64}}) {
        const fs::path cut = dir_ / ("cut-" + std::to_string(keep) + ".gguf");
        std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(keep));
        EXPECT_EQ(load(cut), nullptr) << "kept " << keep << " bytes";
    }
}

TEST_F(TestModelTest, WriterIsDeterministicPerSeed) {
    TestModelOptions options;
    options.kind = TestModelKind::Tiny;
    options.seed = 7;
    const auto first = write_test_model(options, dir_ / "a.gguf");
    ASSERT_TRUE(first) << first.error().describe();
    const auto again = write_test_model(options, dir_ / "b.gguf");
    ASSERT_TRUE(again) << again.error().describe();
    options.seed = 8;
    const auto other = write_test_model(options, dir_ / "c.gguf");
    ASSERT_TRUE(other) << other.error().describe();

    EXPECT_EQ(first->architecture, "llama");
    EXPECT_EQ(first->n_vocab, 32000);
    EXPECT_EQ(first->size_bytes, fs::file_size(dir_ / "a.gguf"));
    EXPECT_FALSE(fs::exists(dir_ / "a.gguf.tmp"));
    const std::string a = read_bytes(dir_ / "a.gguf");
    EXPECT_EQ(a, read_bytes(dir_ / "b.gguf"));
    const std::string c = read_bytes(dir_ / "c.gguf");
    EXPECT_EQ(a.size(), c.size());
    EXPECT_NE(a, c);
}

TEST_F(TestModelTest, MissingOrBadVocabIsAnError) {
    TestModelOptions options;
    options.vocab_path = dir_ / "no-such-vocab.gguf";
    const auto missing = write_test_model(options, dir_ / "m.gguf");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("no-such-vocab.gguf"), std::string::npos);

    std::ofstream(dir_ / "junk.gguf") << "not a gguf file";
    options.vocab_path = dir_ / "junk.gguf";
    const auto junk = write_test_model(options, dir_ / "m.gguf");
    ASSERT_FALSE(junk);
    EXPECT_EQ(junk.error().code, ErrorCode::InvalidInput);
    EXPECT_FALSE(fs::exists(dir_ / "m.gguf"));
}

TEST(TestModelKindTest, ParsesEveryKindByName) {
    for (const auto kind :
         {TestModelKind::Tiny, TestModelKind::TinyQwen2, TestModelKind::TinyBert, TestModelKind::Qwen2Bench}) {
        EXPECT_EQ(parse_test_model_kind(to_string(kind)), kind);
        EXPECT_TRUE(fs::exists(default_vocab_path(kind))) << default_vocab_path(kind);
    }
    EXPECT_EQ(parse_test_model_kind("huge"), std::nullopt);
}

}  // namespace
}  // namespace borough::test_support
