#include "io/html_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/text_document.h"

namespace borough::io {

int fuzz_html_text(const std::uint8_t* data, std::size_t size);

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPage = R"(<!DOCTYPE html>
<html><head><title>Ignored title</title><style>p { color: red }</style></head>
<body>
<header><a href="/">Skip to content</a> Council home</header>
<nav><ul><li>Bins</li><li>Parking</li></ul></nav>
<main>
<h1>Parking charges   review</h1>
<p>Charges in the town centre rise by 20p an hour from 1 April.</p>
<p>Residents &amp; traders were consulted &ndash; 412 replied.&nbsp;Most&nbsp;agreed.</p>
<h2>Options</h2>
<ul><li>Keep the free first hour</li><li>Extend evening <b>free</b> parking</li></ul>
<table><tr><th>Car park</th><th>Spaces</th></tr><tr><td>Station Road</td><td>240</td></tr></table>
<script>var tracking = "never shown";</script>
<pre>Line one
  Line two</pre>
</main>
<aside>Related: council tax</aside>
<footer>Copyright the council</footer>
</body></html>)";

std::vector<HtmlBlock> blocks_of(std::string_view html) {
    auto r = html_blocks(html, "page.html");
    EXPECT_TRUE(r) << r.error().message;
    return r.value_or(std::vector<HtmlBlock>{});
}

TEST(HtmlText, HeadingsParagraphsListsAndTableRowsWithoutPageFurniture) {
    const auto blocks = blocks_of(kPage);
    std::vector<std::pair<int, std::string>> got;
    for (const auto& b : blocks) got.emplace_back(b.level, b.text);
    const std::vector<std::pair<int, std::string>> want = {
        {1, "Parking charges review"},
        {0, "Charges in the town centre rise by 20p an hour from 1 April."},
        {0, "Residents & traders were consulted \xE2\x80\x93 412 replied. Most agreed."},
        {2, "Options"},
        {0, "Keep the free first hour"},
        {0, "Extend evening free parking"},
        {0, "Car park | Spaces"},
        {0, "Station Road | 240"},
        {0, "Line one\n  Line two"},
    };
    EXPECT_EQ(got, want);
}

TEST(HtmlText, BrokenMarkupIsRecovered) {
    const auto blocks = blocks_of("<p>Unclosed paragraph <b>bold<p>Second <i>para</div></body>");
    ASSERT_EQ(blocks.size(), 2U);
    EXPECT_EQ(blocks[0].text, "Unclosed paragraph bold");
    EXPECT_EQ(blocks[1].text, "Second para");
}

TEST(HtmlText, CharsetFromMetaOrWindows1252Fallback) {
    // Declared ISO-8859-1: 0xA3 is the pound sign.
    const auto latin = blocks_of("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Cost \xA3" "5</p></body></html>");
    ASSERT_EQ(latin.size(), 1U);
    EXPECT_EQ(latin[0].text, "Cost \xC2\xA3" "5");
    // Undeclared and not UTF-8: read as Windows-1252 (0x93/0x94 are curly quotes).
    const auto cp1252 = blocks_of("<p>\x93" "Fine\x94 she said</p>");
    ASSERT_EQ(cp1252.size(), 1U);
    EXPECT_EQ(cp1252[0].text, "\xE2\x80\x9C" "Fine\xE2\x80\x9D she said");
}

TEST(HtmlText, EmptyAndBinaryInputNameTheFile) {
    auto empty = html_blocks("", "blank.html");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().message, "blank.html: file is empty");
    auto binary = html_blocks(std::string("<p>a\0b</p>", 10), "bin.html");
    ASSERT_FALSE(binary);
    EXPECT_THAT(binary.error().message, HasSubstr("bin.html"));
}

TEST(HtmlText, DeepNestingDoesNotOverflow) {
    std::string html;
    for (int i = 0; i < 100; ++i) html += "<div><span>";
    const auto blocks = blocks_of(html + "deep text");
    ASSERT_EQ(blocks.size(), 1U);
    EXPECT_EQ(blocks[0].text, "deep text");
    // Past libxml2's depth limit the parser stops: no crash, and no text invented.
    for (int i = 0; i < 20000; ++i) html += "<div><span>";
    const auto deeper = html_blocks(html + "too deep", "deep.html");
    EXPECT_TRUE(deeper || deeper.error().message.starts_with("deep.html: "));
}

TEST(HtmlText, TextDocumentHasSectionsFromHeadings) {
    const auto doc = parse_text_document(kPage, "parking.html");
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->name, "parking.html");
    ASSERT_EQ(doc->sections.size(), 2U);
    EXPECT_EQ(doc->sections[0].title, "Parking charges review");
    EXPECT_EQ(doc->sections[1].title, "Options");
    EXPECT_EQ(doc->sections[1].level, 2);
    EXPECT_THAT(doc->text, Not(HasSubstr("tracking")));
    EXPECT_THAT(doc->text, Not(HasSubstr("Skip to content")));
    EXPECT_TRUE(doc->pages.empty());

    const auto only_furniture = parse_text_document("<nav>Home</nav><script>x()</script>", "menu.htm");
    ASSERT_FALSE(only_furniture);
    EXPECT_EQ(only_furniture.error().message, "menu.htm: contains no text");
}

TEST(FuzzHtmlText, SeedsPassTheInvariants) {
    const std::vector<std::string> seeds = {
        std::string(kPage),
        "",
        "<",
        "<h1>\n</h1><h2>Two\nlines</h2>",
        "<table><tr><td><table><tr><td>nested</td></tr></table></td><td>x</td></tr></table>",
        "<pre>\r\n\tindented\r\n</pre>",
        "<p>&#0;&#xD800;&bogus; &amp</p>",
        std::string("\xEF\xBB\xBF<p>bom</p>"),
        std::string("<p>\xFF\xFE\x80</p>"),
        "<meta charset=\"no-such-charset\"><p>text</p>",
        "<td>cell outside a row</td><th>head</th>",
        "<h3><p>para in heading</p></h3>",
    };
    for (const std::string& seed : seeds) {
        EXPECT_EQ(fuzz_html_text(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0) << seed;
    }
}

}  // namespace
}  // namespace borough::io
