#include "engine/whisper/whisper_model_file.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/whisper/test_files.h"
#include "support/temp_dir.h"

namespace borough::engine::whisper {
namespace {

using test::TempDir;
using testing::kMicroModel;

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put_i32(std::string& bytes, std::size_t offset, std::int32_t value) {
    std::memcpy(bytes.data() + offset, &value, sizeof value);
}

TEST(WhisperModelFile, ReadsTheGeneratedMicroModel) {
    const auto info = inspect_whisper_model(kMicroModel);
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->n_vocab, 51864);
    EXPECT_FALSE(info->is_multilingual());
    EXPECT_EQ(info->n_audio_ctx, 1500);
    EXPECT_EQ(info->n_audio_state, 32);
    EXPECT_EQ(info->n_text_state, 32);
    EXPECT_EQ(info->n_audio_layer, 1);
    EXPECT_EQ(info->n_text_layer, 1);
    EXPECT_EQ(info->n_mels, 80);
    EXPECT_EQ(info->ftype, 1);
    EXPECT_EQ(info->n_tensors, 11 + 15 + 24);
    EXPECT_EQ(info->size_bytes, std::filesystem::file_size(kMicroModel));
}

TEST(WhisperModelFile, MissingFileIsNotFound) {
    const auto info = inspect_whisper_model("/nonexistent/ggml-tiny.en.bin");
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::NotFound);
    EXPECT_NE(info.error().message.find("ggml-tiny.en.bin"), std::string::npos);
}

TEST(WhisperModelFile, DirectoryIsRefused) {
    const TempDir dir;
    const auto info = inspect_whisper_model(dir.path());
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(info.error().message.find("directory"), std::string::npos);
}

TEST(WhisperModelFile, TextFileIsNotAWhisperModel) {
    const TempDir dir;
    const auto path = dir.write("notes.bin", "Minutes of the planning committee, 3 March.\n");
    const auto info = inspect_whisper_model(path);
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(info.error().message.find("not a whisper ggml model"), std::string::npos);
    EXPECT_NE(info.error().message.find("notes.bin"), std::string::npos);
    EXPECT_EQ(info.error().field, "model");
}

TEST(WhisperModelFile, GgufFileIsNamedAsSuch) {
    const TempDir dir;
    const auto path = dir.write("model.gguf", std::string("GGUF\x03\0\0\0", 8) + std::string(64, '\0'));
    const auto info = inspect_whisper_model(path);
    ASSERT_FALSE(info);
    EXPECT_NE(info.error().message.find("GGUF"), std::string::npos);
    EXPECT_NE(info.error().message.find("not a whisper ggml model"), std::string::npos);
}

TEST(WhisperModelFile, TooShortFileIsRefused) {
    const TempDir dir;
    const auto info = inspect_whisper_model(dir.write("short.bin", "gg"));
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::InvalidInput);
}

TEST(WhisperModelFile, TruncatedModelNamesTheByteOffset) {
    const TempDir dir;
    std::string bytes = read_bytes(kMicroModel);
    ASSERT_GT(bytes.size(), 1000U);
    bytes.resize(bytes.size() - 1000);
    const auto info = inspect_whisper_model(dir.write("cut.bin", bytes));
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(info.error().message.find("truncated"), std::string::npos) << info.error().message;
    EXPECT_NE(info.error().message.find("tensor data at byte"), std::string::npos) << info.error().message;
}

TEST(WhisperModelFile, HeaderOnlyModelIsTruncatedInTheFilters) {
    const TempDir dir;
    const std::string bytes = read_bytes(kMicroModel).substr(0, 4 + 11 * 4 + 8 + 100);
    const auto info = inspect_whisper_model(dir.write("head.bin", bytes));
    ASSERT_FALSE(info);
    EXPECT_NE(info.error().message.find("mel filters at byte 56"), std::string::npos) << info.error().message;
}

TEST(WhisperModelFile, OutOfRangeHparamIsNamed) {
    const TempDir dir;
    std::string bytes = read_bytes(kMicroModel);
    put_i32(bytes, 4 + 2 * 4, 0);  // n_audio_state
    const auto info = inspect_whisper_model(dir.write("zero-state.bin", bytes));
    ASSERT_FALSE(info);
    EXPECT_NE(info.error().message.find("n_audio_state = 0"), std::string::npos) << info.error().message;
    EXPECT_NE(info.error().message.find("at byte 12"), std::string::npos) << info.error().message;
}

TEST(WhisperModelFile, StatesThatDisagreeAreRefused) {
    const TempDir dir;
    std::string bytes = read_bytes(kMicroModel);
    put_i32(bytes, 4 + 6 * 4, 64);  // n_text_state != n_audio_state
    const auto info = inspect_whisper_model(dir.write("mismatch.bin", bytes));
    ASSERT_FALSE(info);
    EXPECT_NE(info.error().message.find("do not fit together"), std::string::npos) << info.error().message;
}

TEST(WhisperModelFile, MissingTensorsAreCounted) {
    const TempDir dir;
    std::string bytes = read_bytes(kMicroModel);
    put_i32(bytes, 4 + 4 * 4, 2);  // claim 2 audio layers: the file holds tensors for 1
    const auto info = inspect_whisper_model(dir.write("layers.bin", bytes));
    ASSERT_FALSE(info);
    EXPECT_NE(info.error().message.find("holds 50 tensors where 2+1 layers need 65"), std::string::npos)
        << info.error().message;
}

TEST(WhisperModelFile, TrailingGarbageIsABadTensorHeader) {
    const TempDir dir;
    const std::string bytes = read_bytes(kMicroModel) + std::string(12, '\x7f');
    const auto info = inspect_whisper_model(dir.write("tail.bin", bytes));
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace borough::engine::whisper
