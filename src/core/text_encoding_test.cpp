#include "core/text_encoding.h"

#include <gtest/gtest.h>

namespace borough {
namespace {

TEST(TextEncoding, FindsFirstInvalidByte) {
    EXPECT_FALSE(find_invalid_utf8("plain ascii"));
    EXPECT_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC"));
    EXPECT_EQ(find_invalid_utf8("abc\xE9xyz"), 3u);
    EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);        // overlong
    EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);     // surrogate
    EXPECT_EQ(find_invalid_utf8("trunc\xE2\x82"), 5u);     // cut-off sequence
}

TEST(TextEncoding, TranscodesWindows1252) {
    EXPECT_EQ(windows1252_to_utf8("caf\xE9 \x80" "5 \x93quoted\x94"),
              "caf\xC3\xA9 \xE2\x82\xAC" "5 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    EXPECT_EQ(windows1252_to_utf8("\x81"), "\xEF\xBF\xBD");
}

TEST(TextEncoding, DecodeDetectsEncodings) {
    auto utf8 = decode_text("\xEF\xBB\xBFhello", "a.txt");
    ASSERT_TRUE(utf8);
    EXPECT_EQ(utf8->text, "hello");
    EXPECT_EQ(utf8->encoding, SourceEncoding::Utf8WithBom);

    auto cp = decode_text("Rent \xA3" "50", "b.txt");
    ASSERT_TRUE(cp);
    EXPECT_EQ(cp->encoding, SourceEncoding::Windows1252);
    EXPECT_EQ(cp->text, "Rent \xC2\xA3" "50");
}

TEST(TextEncoding, RejectsBinaryNamingTheByte) {
    const std::string bin("PK\x03\x04\x00\x01", 6);
    auto r = decode_text(bin, "upload.docx");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("upload.docx"), std::string::npos);
    EXPECT_NE(r.error().message.find("offset 4"), std::string::npos);
}

}  // namespace
}  // namespace borough
