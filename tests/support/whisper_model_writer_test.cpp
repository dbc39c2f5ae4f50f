// The whisper model writer: deterministic bytes, the layout whisper.cpp reads (checked by borough's
// own model-file inspector), the " " token whisper.cpp's suppress_blank needs, and (the point of the
// hidden-symbol build) llama.cpp and whisper.cpp, each with its own ggml, working in one process.
#include "support/whisper_model_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#ifdef BOROUGH_WHISPER_ENGINE
#include "engine/whisper/synthetic_speech.h"
#include "engine/whisper/whisper_transcriber.h"
#include "llama.h"
#endif

namespace borough::test_support {
namespace {

namespace fs = std::filesystem;

class WhisperModelWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("borough-whisper-writer-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path write(const std::string& name, std::uint64_t seed) {
        fs::path out = dir_ / name;
        const auto summary = write_whisper_model({.size = WhisperModelSize::Micro, .seed = seed}, out);
        EXPECT_TRUE(summary) << summary.error().describe();
        return out;
    }
    static std::string bytes_of(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    fs::path dir_;
};

TEST_F(WhisperModelWriterTest, SameSeedGivesTheSameBytes) {
    const std::string a = bytes_of(write("a.bin", 7));
    const std::string b = bytes_of(write("b.bin", 7));
    const std::string c = bytes_of(write("c.bin", 8));
    ASSERT_GT(a.size(), 4'000'000U);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.size(), c.size());
    EXPECT_NE(a, c);
    EXPECT_FALSE(fs::exists(dir_ / "a.bin.tmp"));
}

TEST_F(WhisperModelWriterTest, HeaderAndVocabularyAreWhatWhisperCppReads) {
    const std::string bytes = bytes_of(write("m.bin", 1));
    auto i32_at = [&](std::size_t offset) {
        std::int32_t v = 0;
        std::memcpy(&v, bytes.data() + offset, sizeof v);
        return v;
    };
    EXPECT_EQ(bytes.substr(0, 4), "lmgg");  // 0x67676d6c little-endian
    EXPECT_EQ(i32_at(4), 51864);            // n_vocab: English-only, like tiny.en
    EXPECT_EQ(i32_at(48), 80);              // filters n_mel
    EXPECT_EQ(i32_at(52), 201);             // filters n_fft
    std::size_t at = 56 + std::size_t{80} * 201 * sizeof(float);
    const std::int32_t n_tokens = i32_at(at);
    EXPECT_EQ(n_tokens, 50256);
    at += 4;
    std::vector<std::string> tokens;
    for (std::int32_t i = 0; i < n_tokens; ++i) {
        const auto len = static_cast<std::size_t>(i32_at(at));
        tokens.push_back(bytes.substr(at + 4, len));
        at += 4 + len;
    }
    EXPECT_EQ(tokens[220], " ");
    EXPECT_EQ(tokens[0], "!");
    EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), tokens.size()) << "tokens repeat";
}

TEST(WhisperModelSize, ParsesItsNames) {
    EXPECT_EQ(parse_whisper_model_size("micro"), WhisperModelSize::Micro);
    EXPECT_EQ(parse_whisper_model_size("tiny"), WhisperModelSize::Tiny);
    EXPECT_FALSE(parse_whisper_model_size("base"));
    EXPECT_EQ(to_string(WhisperModelSize::Tiny), "tiny");
}

#ifdef BOROUGH_WHISPER_ENGINE
// llama.cpp's ggml is linked statically into this test; whisper.cpp's ggml lives in
// libborough_whisper.so. If the .so exported its ggml or C++ symbols, one side would bind to the
// other's copy; here both run, interleaved, in one process.
TEST_F(WhisperModelWriterTest, LlamaAndWhisperRunInOneProcess) {
    llama_backend_init();
    llama_model_params mparams = llama_model_default_params();
    std::unique_ptr<llama_model, decltype(&llama_model_free)> model(
        llama_model_load_from_file(BOROUGH_TINY_MODEL, mparams), &llama_model_free);
    ASSERT_NE(model, nullptr);
    llama_context_params cparams = llama_context_default_params();
    cparams.n_ctx = 64;
    cparams.n_threads = 2;
    std::unique_ptr<llama_context, decltype(&llama_free)> ctx(llama_init_from_model(model.get(), cparams), &llama_free);
    ASSERT_NE(ctx, nullptr);
    std::vector<llama_token> prompt = {1, 2, 3};
    ASSERT_EQ(llama_decode(ctx.get(), llama_batch_get_one(prompt.data(), 3)), 0);

    engine::whisper::WhisperOptions options;
    options.threads = 2;
    options.temperature_fallback = false;
    auto whisper = engine::whisper::WhisperTranscriber::open(write("w.bin", 1), options);
    ASSERT_TRUE(whisper) << whisper.error().describe();
    const auto segments = (*whisper)->transcribe(engine::whisper::speech_like_audio(3.0), 0, {});
    ASSERT_TRUE(segments) << segments.error().describe();

    llama_token next = 4;
    EXPECT_EQ(llama_decode(ctx.get(), llama_batch_get_one(&next, 1)), 0);
    const float* logits = llama_get_logits_ith(ctx.get(), -1);
    ASSERT_NE(logits, nullptr);
    EXPECT_TRUE(std::isfinite(logits[0]));
}
#endif

}  // namespace
}  // namespace borough::test_support
