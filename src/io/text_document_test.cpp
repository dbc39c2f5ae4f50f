#include "io/text_document.h"

#include "io/docx_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace borough::io {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string body(const TextDocument& doc, const Section& s) { return doc.text.substr(s.begin, s.end - s.begin); }

class TextDocumentFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("borough_io_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::filesystem::path write(const std::string& name, const std::string& bytes) {
        auto path = dir_ / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    std::filesystem::path dir_;
};

TEST_F(TextDocumentFileTest, ReadsPlainTextFile) {
    const auto path = write("notes.txt", "The council met.\r\nIt agreed the budget.\r\n");
    const auto doc = read_text_document(path);
    ASSERT_TRUE(doc) << doc.error().describe();
    EXPECT_EQ(doc->name, "notes.txt");
    EXPECT_EQ(doc->text, "The council met.\nIt agreed the budget.\n");
    EXPECT_FALSE(doc->is_markdown);
    EXPECT_EQ(doc->encoding, SourceEncoding::Utf8);
    ASSERT_EQ(doc->sections.size(), 1u);
    EXPECT_EQ(doc->sections[0].level, 0);
    EXPECT_EQ(doc->sections[0].begin, 0u);
    EXPECT_EQ(doc->sections[0].end, doc->text.size());
}

TEST_F(TextDocumentFileTest, ExtensionIsCaseInsensitive) {
    const auto doc = read_text_document(write("REPORT.MD", "# Title\nBody\n"));
    ASSERT_TRUE(doc) << doc.error().describe();
    EXPECT_TRUE(doc->is_markdown);
    EXPECT_TRUE(read_text_document(write("x.Markdown", "text")));
}

TEST_F(TextDocumentFileTest, MissingFileNamesThePath) {
    const auto doc = read_text_document(dir_ / "absent.txt");
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::NotFound);
    EXPECT_THAT(doc.error().message, HasSubstr("absent.txt"));
}

TEST_F(TextDocumentFileTest, EmptyFileIsAnError) {
    const auto doc = read_text_document(write("empty.txt", ""));
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(doc.error().message, HasSubstr("empty.txt"));
    EXPECT_THAT(doc.error().message, HasSubstr("empty"));
}

TEST_F(TextDocumentFileTest, WhitespaceOnlyFileIsAnError) {
    const auto doc = read_text_document(write("blank.md", " \r\n\t\n\xC2\xA0\n"));
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(doc.error().message, HasSubstr("blank.md"));
    EXPECT_THAT(doc.error().message, HasSubstr("contains no text"));
}

TEST_F(TextDocumentFileTest, UnsupportedExtensionIsRejectedBeforeReading) {
    // The file does not even exist: the extension check comes first.
    const auto doc = read_text_document(dir_ / "minutes.pptx");
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(doc.error().message, HasSubstr("'.pptx'"));
    EXPECT_THAT(doc.error().message, HasSubstr(".txt, .md, .markdown, .docx"));
    const auto none = read_text_document(write("README", "text"));
    ASSERT_FALSE(none);
    EXPECT_THAT(none.error().message, HasSubstr("no file extension"));
}

TEST_F(TextDocumentFileTest, BinaryFileNamesTheByte) {
    const auto doc = read_text_document(write("image.txt", std::string("GIF89a\x01\x02\0\0garbage", 17)));
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(doc.error().message, HasSubstr("image.txt"));
    EXPECT_THAT(doc.error().message, HasSubstr("offset 8"));
}

TEST(ParseTextDocument, Windows1252IsTranscoded) {
    // "£5 for the café – “quoted”" in Windows-1252.
    const auto doc = parse_text_document(
        "\xA3"
        "5 for the caf\xE9 \x96 \x93quoted\x94\r\n",
        "cp1252.txt");
    ASSERT_TRUE(doc) << doc.error().describe();
    EXPECT_EQ(doc->encoding, SourceEncoding::Windows1252);
    EXPECT_EQ(doc->text,
              "\xC2\xA3"
              "5 for the caf\xC3\xA9 \xE2\x80\x93 \xE2\x80\x9Cquoted\xE2\x80\x9D\n");
}

TEST(ParseTextDocument, BomIsRemoved) {
    const auto doc = parse_text_document("\xEF\xBB\xBFHello council\r\n", "bom.txt");
    ASSERT_TRUE(doc) << doc.error().describe();
    EXPECT_EQ(doc->encoding, SourceEncoding::Utf8WithBom);
    EXPECT_EQ(doc->text, "Hello council\n");
}

TEST(ParseTextDocument, BomOnlyIsNoText) {
    const auto doc = parse_text_document("\xEF\xBB\xBF\r\n", "bom.md");
    ASSERT_FALSE(doc);
    EXPECT_THAT(doc.error().message, StartsWith("bom.md: contains no text"));
}

TEST(ParseTextDocument, LoneCarriageReturnsBecomeNewlines) {
    const auto doc = parse_text_document("one\rtwo\r\nthree\n", "mac.txt");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->text, "one\ntwo\nthree\n");
}

TEST(ParseTextDocument, ErrorsNameTheGivenName) {
    const auto empty = parse_text_document("", "upload.txt");
    ASSERT_FALSE(empty);
    EXPECT_THAT(empty.error().message, StartsWith("upload.txt: "));
    EXPECT_EQ(empty.error().field, "upload.txt");
    const auto binary = parse_text_document(std::string("ab\0cd", 5), "upload.md");
    ASSERT_FALSE(binary);
    EXPECT_THAT(binary.error().message, StartsWith("upload.md: "));
    EXPECT_THAT(binary.error().message, HasSubstr("offset 2"));
    const auto rtf = parse_text_document("{\\rtf1 Report}", "report.rtf");
    ASSERT_FALSE(rtf);
    EXPECT_THAT(rtf.error().message, HasSubstr("'.rtf'"));
    const auto pdf = parse_text_document("%PDF-1.7", "report.pdf");  // a header and nothing else
    ASSERT_FALSE(pdf);
    EXPECT_THAT(pdf.error().message, StartsWith("report.pdf: "));
}

TEST(ParseTextDocument, OversizeIsResourceExhausted) {
    const std::string big(kMaxTextDocumentBytes + 1, 'a');
    const auto doc = parse_text_document(big, "big.txt");
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::ResourceExhausted);
}

TEST(MarkdownSections, AtxHeadingsSplitTheText) {
    const std::string md =
        "Intro text before any heading.\n"
        "\n"
        "# Budget 2025/26\n"
        "The council set a budget.\n"
        "## Risks ##\n"
        "Risks are high.\n"
        "#hashtag is not a heading\n"
        "####### seven is not a heading\n"
        "    # indented code is not a heading\n"
        "### \n";
    const auto doc = parse_text_document(md, "report.md");
    ASSERT_TRUE(doc) << doc.error().describe();
    ASSERT_EQ(doc->sections.size(), 4u);
    EXPECT_EQ(doc->sections[0].title, "");
    EXPECT_EQ(doc->sections[0].level, 0);
    EXPECT_EQ(body(*doc, doc->sections[0]), "Intro text before any heading.\n\n");
    EXPECT_EQ(doc->sections[1].title, "Budget 2025/26");
    EXPECT_EQ(doc->sections[1].level, 1);
    EXPECT_EQ(body(*doc, doc->sections[1]), "The council set a budget.\n");
    EXPECT_EQ(doc->sections[2].title, "Risks");
    EXPECT_EQ(doc->sections[2].level, 2);
    EXPECT_EQ(body(*doc, doc->sections[2]),
              "Risks are high.\n#hashtag is not a heading\n####### seven is not a heading\n"
              "    # indented code is not a heading\n");
    EXPECT_EQ(doc->sections[3].title, "");
    EXPECT_EQ(doc->sections[3].level, 3);
    EXPECT_EQ(doc->sections[3].begin, doc->text.size());
    EXPECT_EQ(doc->sections[3].end, doc->text.size());
}

TEST(MarkdownSections, NoLeadSectionWhenTheFileStartsWithAHeading) {
    const auto doc = parse_text_document("\n# Only\r\nBody", "a.md");
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->sections.size(), 1u);
    EXPECT_EQ(doc->sections[0].title, "Only");
    EXPECT_EQ(body(*doc, doc->sections[0]), "Body");
}

TEST(MarkdownSections, HashesInsideFencedCodeAreIgnored) {
    const std::string md =
        "# Setup\n"
        "```bash\n"
        "# not a heading\n"
        "~~~\n"
        "## still code\n"
        "```\n"
        "~~~~\n"
        "# tilde code\n"
        "~~~~\n"
        "# Next\n"
        "done\n";
    const auto doc = parse_text_document(md, "code.md");
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->sections.size(), 2u);
    EXPECT_EQ(doc->sections[0].title, "Setup");
    EXPECT_EQ(doc->sections[1].title, "Next");
    EXPECT_EQ(body(*doc, doc->sections[1]), "done\n");
}

TEST(MarkdownSections, UnclosedFenceRunsToTheEnd) {
    const auto doc = parse_text_document("# A\n```\n# B\n", "open.md");
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->sections.size(), 1u);
}

TEST(MarkdownSections, SetextHeadings) {
    const std::string md =
        "Introduction\n"
        "============\n"
        "Some text.\n"
        "\n"
        "Background\n"
        "---\n"
        "More text.\n"
        "\n"
        "---\n"
        "- item\n"
        "---\n";
    const auto doc = parse_text_document(md, "setext.md");
    ASSERT_TRUE(doc) << doc.error().describe();
    ASSERT_EQ(doc->sections.size(), 2u);
    EXPECT_EQ(doc->sections[0].title, "Introduction");
    EXPECT_EQ(doc->sections[0].level, 1);
    EXPECT_EQ(body(*doc, doc->sections[0]), "Some text.\n\n");
    EXPECT_EQ(doc->sections[1].title, "Background");
    EXPECT_EQ(doc->sections[1].level, 2);
    EXPECT_EQ(body(*doc, doc->sections[1]), "More text.\n\n---\n- item\n---\n");
}

TEST(MarkdownSections, PlainTextIgnoresMarkdownSyntax) {
    const auto doc = parse_text_document("# Not parsed\nbody\n", "plain.txt");
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->sections.size(), 1u);
    EXPECT_EQ(doc->sections[0].title, "");
    EXPECT_EQ(doc->sections[0].end, doc->text.size());
}

TEST(MarkdownSections, Utf8HeadingTitles) {
    const auto doc = parse_text_document(
        "# Caf\xC3\xA9 \xC2\xA3"
        "2.5m plan\n\xE2\x80\x9CQuoted\xE2\x80\x9D\n",
        "utf8.md");
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->sections.size(), 1u);
    EXPECT_EQ(doc->sections[0].title,
              "Caf\xC3\xA9 \xC2\xA3"
              "2.5m plan");
}

TEST(FuzzTextDocument, SeedsPassTheInvariants) {
    const std::vector<std::string> seeds = {
        "",
        std::string("\0# A\n```\n# B\n", 13),
        "\x01plain\r\ntext\r",
        std::string("\0\xEF\xBB\xBF", 4),
        std::string("\0ab\0cd", 6),
        "\x02#\n##\n###### x ######\n=====\n---\ntext\n---\n~~~\n",
        std::string("\0\xA3\x96\x81\x8D", 5),
        "\x04 \t\n\xC2\xA0",
    };
    for (const std::string& seed : seeds) {
        EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
    }
}

// A Word report (made with our own writer) reads as Markdown: headings become sections.
TEST(TextDocumentDocx, HeadingsBecomeSectionsAndTablesStay) {
    DocxDocument d;
    d.title = "Repairs scrutiny report";
    const auto block = [](DocxBlock::Kind kind, int level, std::string text) {
        DocxBlock b;
        b.kind = kind;
        b.level = level;
        b.runs.push_back({std::move(text)});
        return b;
    };
    d.blocks.push_back(block(DocxBlock::Kind::Heading, 1, "Background"));
    d.blocks.push_back(block(DocxBlock::Kind::Paragraph, 1, "Repairs took 31 days on average in 2025."));
    d.blocks.push_back(block(DocxBlock::Kind::Heading, 2, "Damp and mould"));
    d.blocks.push_back(block(DocxBlock::Kind::Paragraph, 1, "Every home reported for damp was surveyed."));
    DocxBlock table;
    table.kind = DocxBlock::Kind::Table;
    table.rows = {{"Ward", "Cases"}, {"Riverside", "42"}};
    d.blocks.push_back(table);
    auto bytes = write_docx(d);
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto doc = parse_text_document(*bytes, "report.DOCX");
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->name, "report.DOCX");
    EXPECT_TRUE(doc->is_markdown);
    std::vector<std::string> titles;
    for (const auto& sec : doc->sections) titles.push_back(sec.title);
    EXPECT_THAT(titles, ::testing::Contains("Background"));
    EXPECT_THAT(titles, ::testing::Contains("Damp and mould"));
    EXPECT_NE(doc->text.find("Riverside | 42"), std::string::npos) << doc->text;
    EXPECT_NE(doc->text.find("Repairs took 31 days"), std::string::npos);

    const auto broken = parse_text_document("PK not really a zip", "broken.docx");
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("broken.docx"), std::string::npos);
}

}  // namespace
}  // namespace borough::io
