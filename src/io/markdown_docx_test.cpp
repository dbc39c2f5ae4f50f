#include "io/markdown_docx.h"

#include <gtest/gtest.h>

#include "io/zip_memory.h"

namespace borough::io {
namespace {

using Kind = DocxBlock::Kind;

TEST(MarkdownInlineRuns, BoldItalicCodeAndLinks) {
    auto runs =
        markdown_inline_runs("Agreed **next steps** for *Ward 3*, see [the plan](https://x.test/p) and `code`.");
    ASSERT_EQ(runs.size(), 5u);
    EXPECT_EQ(runs[0].text, "Agreed ");
    EXPECT_TRUE(runs[1].bold);
    EXPECT_EQ(runs[1].text, "next steps");
    EXPECT_EQ(runs[2].text, " for ");
    EXPECT_TRUE(runs[3].italic);
    EXPECT_EQ(runs[3].text, "Ward 3");
    EXPECT_EQ(runs[4].text, ", see the plan (https://x.test/p) and code.");
    EXPECT_FALSE(runs[4].bold);
}

TEST(MarkdownInlineRuns, UnmatchedMarkersStayLiteral) {
    auto runs = markdown_inline_runs("2 * 3 * 4 and **open and snake_case_name");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].text, "2 * 3 * 4 and **open and snake_case_name");
    auto escaped = markdown_inline_runs(R"(a \*not italic\* b)");
    ASSERT_EQ(escaped.size(), 1u);
    EXPECT_EQ(escaped[0].text, "a *not italic* b");
}

TEST(MarkdownToDocx, HeadingsParagraphsAndLists) {
    const auto blocks = markdown_to_docx_blocks(
        "# Minutes\n\nThe panel met on\nTuesday.\n\n## Actions\n- Call the **tenant**\n  - by Friday\n"
        "1. First\n2) Second\n\n#### Deep heading\n---\n> Quoted note\n");
    ASSERT_EQ(blocks.size(), 9u);
    EXPECT_EQ(blocks[0].kind, Kind::Heading);
    EXPECT_EQ(blocks[0].level, 1);
    EXPECT_EQ(blocks[0].runs[0].text, "Minutes");
    EXPECT_EQ(blocks[1].kind, Kind::Paragraph);
    EXPECT_EQ(blocks[1].runs[0].text, "The panel met on Tuesday.");
    EXPECT_EQ(blocks[2].level, 2);
    EXPECT_EQ(blocks[3].kind, Kind::Bullet);
    EXPECT_EQ(blocks[3].level, 0);
    EXPECT_TRUE(blocks[3].runs[1].bold);
    EXPECT_EQ(blocks[4].kind, Kind::Bullet);
    EXPECT_EQ(blocks[4].level, 1);
    EXPECT_EQ(blocks[5].kind, Kind::Numbered);
    EXPECT_EQ(blocks[6].kind, Kind::Numbered);
    EXPECT_EQ(blocks[6].runs[0].text, "Second");
    EXPECT_EQ(blocks[7].kind, Kind::Heading);
    EXPECT_EQ(blocks[7].level, 3);  // #### is clamped to Word's deepest heading here
    EXPECT_EQ(blocks[8].kind, Kind::Paragraph);
    EXPECT_TRUE(blocks[8].runs[0].italic);
}

TEST(MarkdownToDocx, PipeTablesWithEscapedBars) {
    const auto blocks = markdown_to_docx_blocks(
        "| Theme | Count |\n|---|---:|\n| Parking \\| access | 12 |\n| **Bins** | 3 |\nAfter the table.\n");
    ASSERT_EQ(blocks.size(), 2u);
    ASSERT_EQ(blocks[0].kind, Kind::Table);
    ASSERT_EQ(blocks[0].rows.size(), 3u);
    EXPECT_EQ(blocks[0].rows[0][0], "Theme");
    EXPECT_EQ(blocks[0].rows[1][0], "Parking | access");
    EXPECT_EQ(blocks[0].rows[2][0], "Bins");
    EXPECT_EQ(blocks[1].runs[0].text, "After the table.");
}

TEST(MarkdownToDocx, OutputIsAValidDocumentForTheWriter) {
    std::string md = "# T\n";
    md += "|";
    for (int i = 0; i < 70; ++i) md += " c |";
    md += "\n|";
    for (int i = 0; i < 70; ++i) md += "---|";
    md += "\n      - deeply nested item\n```\ncode **kept**\n```\n";
    DocxDocument doc;
    doc.blocks = markdown_to_docx_blocks(md);
    ASSERT_EQ(doc.blocks[1].rows[0].size(), 63u);
    EXPECT_EQ(doc.blocks[2].level, 2);
    EXPECT_EQ(doc.blocks[3].runs[0].text, "code **kept**");
    auto bytes = write_docx(doc);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    auto entries = unzip_in_memory(*bytes);
    ASSERT_TRUE(entries);
    bool found = false;
    for (const auto& [name, content] : *entries) {
        if (name == "word/document.xml") found = content.find("deeply nested item") != std::string::npos;
    }
    EXPECT_TRUE(found);
}

TEST(MarkdownToDocx, EmptyAndBlankInputGiveNoBlocks) {
    EXPECT_TRUE(markdown_to_docx_blocks("").empty());
    EXPECT_TRUE(markdown_to_docx_blocks("\n\n   \n").empty());
}

}  // namespace
}  // namespace borough::io
