#include "actions/document_summary/document_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/minimal_pdf.h"

namespace borough::actions::document_summary {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kMarkdown =
    "Opening remarks before any heading are here.\n\n"
    "## 2.1 Housing\n\n"
    "Rent arrears fell by 4 per cent this year. Evictions were at their lowest level.\n\n"
    "## Parks\n\n"
    "Two new play areas opened in May.\n";

TEST(DocumentSource, MarkdownSentencesCarryTheirSection) {
    auto doc = read_document_source(ActionInput::from_bytes("report.md", std::string(kMarkdown)));
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->format, "markdown");
    const auto& s = doc->source.sentences;
    ASSERT_EQ(s.size(), 6U);
    EXPECT_EQ(doc->reference(0), "");  // the untitled lead
    EXPECT_TRUE(doc->sentence_is_heading[1]);
    EXPECT_EQ(doc->reference(1), "\xC2\xA7" "2.1 Housing");  // the heading belongs to its own section
    EXPECT_EQ(doc->reference(2), "\xC2\xA7" "2.1 Housing");
    EXPECT_EQ(doc->reference(5), "\xC2\xA7Parks");
    const Json c = doc->citation(2);
    EXPECT_EQ(c["sentence"], 3);
    EXPECT_EQ(c["section"], "2.1 Housing");
    EXPECT_EQ(c["ref"], "\xC2\xA7" "2.1 Housing");
    EXPECT_FALSE(c.contains("page"));
    EXPECT_EQ(std::string(kMarkdown).substr(c["begin"].get<std::size_t>(),
                                            c["end"].get<std::size_t>() - c["begin"].get<std::size_t>()),
              s[2].text);
    EXPECT_EQ(doc->summary()["sections"], 2);
    EXPECT_EQ(format_citations(Json::array({doc->citation(0), doc->citation(5)})),
              "[S1; S6, \xC2\xA7Parks]");
}

TEST(DocumentSource, PdfSentencesCarryTheirPage) {
    std::vector<test::PdfPage> pages(3);
    pages[0].texts.push_back({"Helvetica", 12, 72, 720, "Bus services were reviewed in March."});
    pages[2].texts.push_back({"Helvetica", 12, 72, 720, "Fares will rise by 10 per cent."});
    auto doc = read_document_source(ActionInput::from_bytes("buses.pdf", test::write_minimal_pdf(pages)));
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_EQ(doc->format, "pdf");
    EXPECT_EQ(doc->page_count, 3);
    ASSERT_EQ(doc->source.sentences.size(), 2U);
    EXPECT_EQ(doc->reference(0), "p. 1");
    EXPECT_EQ(doc->reference(1), "p. 3");
    EXPECT_EQ(doc->citation(1)["page"], 3);
    EXPECT_EQ(format_citations(Json::array({doc->citation(1)})), "[S2, p. 3]");
}

TEST(DocumentSource, ScannedPdfAndEmptyTextAreClearErrors) {
    std::vector<test::PdfPage> blank(1);
    auto scanned = read_document_source(ActionInput::from_bytes("scan.pdf", test::write_minimal_pdf(blank)));
    ASSERT_FALSE(scanned);
    EXPECT_THAT(scanned.error().message, HasSubstr("run OCR"));
    auto empty = read_document_source(ActionInput::from_text("notes.txt", "   "));
    ASSERT_FALSE(empty);
    EXPECT_THAT(empty.error().message, HasSubstr("notes.txt"));
}

}  // namespace
}  // namespace borough::actions::document_summary
