// Tests of LlamaEmbedder on the random-weight tiny BERT model that tests/support generates.
#include "engine/llama/llama_embedder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace borough::engine::llama {
namespace {

std::filesystem::path bert_path() { return BOROUGH_TINY_BERT_MODEL; }

TEST(LlamaEmbedderTest, UnitVectorsOfModelWidthAndDeterministic) {
    if (!std::filesystem::exists(bert_path())) {
        GTEST_SKIP() << "tiny BERT model not generated at " << bert_path();
    }
    auto embedder = LlamaEmbedder::create(bert_path().string(), 1);
    ASSERT_TRUE(embedder) << embedder.error().describe();
    auto& e = **embedder;
    EXPECT_EQ(e.name(), "llama:tiny-bert.gguf");
    ASSERT_GT(e.dimensions(), 0);
    const std::vector<std::string> texts = {"the bins were late", "the park is lovely", "the bins were late"};
    auto vectors = e.embed(texts);
    ASSERT_TRUE(vectors) << vectors.error().describe();
    ASSERT_EQ(vectors->size(), 3U);
    for (const auto& v : *vectors) {
        ASSERT_EQ(v.size(), static_cast<std::size_t>(e.dimensions()));
        double norm = 0;
        for (float x : v) {
            norm += static_cast<double>(x) * x;
        }
        EXPECT_NEAR(std::sqrt(norm), 1.0, 1e-4);
    }
    EXPECT_EQ((*vectors)[0], (*vectors)[2]);
    EXPECT_NE((*vectors)[0], (*vectors)[1]);
    // Same text in a later call gives the same vector.
    auto again = e.embed(std::vector<std::string>{"the bins were late"});
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)[0], (*vectors)[0]);
}

TEST(LlamaEmbedderTest, MissingFileIsNotFound) {
    auto embedder = LlamaEmbedder::create("/nonexistent/borough/tiny-bert.gguf", 1);
    ASSERT_FALSE(embedder);
    EXPECT_EQ(embedder.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace borough::engine::llama
