#include "core/strings.h"

#include <gtest/gtest.h>

namespace borough {
namespace {

TEST(Strings, TrimsAsciiWhitespaceOnly) {
    EXPECT_EQ(trim_ascii_whitespace(" \t\r\n ward \v\f"), "ward");
    EXPECT_EQ(trim_ascii_whitespace("a b"), "a b");
    EXPECT_EQ(trim_ascii_whitespace("   "), "");
    EXPECT_EQ(trim_ascii_whitespace(""), "");
    // A no-break space (U+00A0, C2 A0) is not ASCII whitespace: its bytes stay.
    EXPECT_EQ(trim_ascii_whitespace("\xC2\xA0x "), "\xC2\xA0x");
}

}  // namespace
}  // namespace borough
