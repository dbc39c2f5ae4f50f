#include "core/file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"

namespace borough {
namespace {

class FileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("borough_file_test_" + random_hex(6));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(FileTest, WriteThenRead) {
    ASSERT_TRUE(write_file_atomic(dir_ / "a.txt", "hello"));
    auto r = read_file(dir_ / "a.txt", 100);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "hello");
    EXPECT_FALSE(std::filesystem::exists(dir_ / "a.txt.tmp"));
}

TEST_F(FileTest, ErrorsNameThePath) {
    auto missing = read_file(dir_ / "nope.txt", 100);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("nope.txt"), std::string::npos);

    EXPECT_EQ(read_file(dir_, 100).error().code, ErrorCode::InvalidInput);

    ASSERT_TRUE(write_file_atomic(dir_ / "empty.txt", ""));
    EXPECT_EQ(read_file(dir_ / "empty.txt", 100).error().code, ErrorCode::InvalidInput);
    EXPECT_TRUE(read_file(dir_ / "empty.txt", 100, true));

    ASSERT_TRUE(write_file_atomic(dir_ / "big.txt", std::string(200, 'x')));
    EXPECT_EQ(read_file(dir_ / "big.txt", 100).error().code, ErrorCode::ResourceExhausted);
}

}  // namespace
}  // namespace borough
