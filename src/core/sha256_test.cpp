#include "core/sha256.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace borough {
namespace {

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShotAndFile) {
    Sha256 h;
    h.update("a");
    h.update("bc");
    EXPECT_EQ(h.finish_hex(), sha256_hex("abc"));

    const auto path = std::filesystem::temp_directory_path() / "borough_sha256_test.bin";
    std::ofstream(path, std::ios::binary) << "abc";
    auto r = sha256_file_hex(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, sha256_hex("abc"));
    std::filesystem::remove(path);
    EXPECT_EQ(sha256_file_hex(path).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace borough
