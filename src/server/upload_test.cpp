#include "server/upload.h"

#include <gtest/gtest.h>

namespace borough::server {
namespace {

TEST(SafeUploadName, PlainNamesPass) {
    auto ok = safe_upload_name("Panel minutes 2026-11 (final).docx", "file");
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, "Panel minutes 2026-11 (final).docx");
    EXPECT_TRUE(safe_upload_name("Résumé.txt", "file"));
}

TEST(SafeUploadName, TraversalSeparatorsAndControlCharactersAreRefused) {
    for (std::string_view bad :
         {std::string_view("../etc/passwd"), std::string_view("a/b.txt"), std::string_view("..\\win.ini"),
          std::string_view("x..txt"), std::string_view("a\nb.txt"), std::string_view("a\0b.txt", 7),
          std::string_view("\x7f.txt"), std::string_view(""), std::string_view("\xff.txt")}) {
        auto r = safe_upload_name(bad, "file");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(r.error().field, "file");
    }
    EXPECT_FALSE(safe_upload_name(std::string(256, 'a'), "file"));
}

}  // namespace
}  // namespace borough::server
