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

TEST(Strings, EditDistance) {
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(edit_distance("ward", "ward"), 0U);
}

TEST(Strings, AsciiLowerAndExtensions) {
    EXPECT_EQ(ascii_lower("Ward \xC3\x89" "ast"), "ward \xC3\x89" "ast");  // É untouched
    EXPECT_EQ(lower_extension("Minutes.DOCX"), ".docx");
    EXPECT_EQ(lower_extension("/data/a.b/report.tar.GZ"), ".gz");
    EXPECT_EQ(lower_extension("/data/a.b/README"), "");
    EXPECT_EQ(lower_extension(".profile"), "");
    EXPECT_EQ(lower_extension(""), "");
}

}  // namespace
}  // namespace borough

namespace borough {
namespace {

TEST(CountWords, RunsBetweenSpacesTabsAndNewlines) {
    EXPECT_EQ(count_words(""), 0U);
    EXPECT_EQ(count_words("   \n\t "), 0U);
    EXPECT_EQ(count_words("one"), 1U);
    EXPECT_EQ(count_words("  Lisa will email\tthe residents\nby Friday. "), 7U);
}

}  // namespace
}  // namespace borough
