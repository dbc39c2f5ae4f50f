#include "io/pdf_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/text_document.h"
#include "support/minimal_pdf.h"

namespace borough::io {
namespace {

using ::testing::HasSubstr;
using test::PdfPage;
using test::PdfText;

PdfPage page_with(std::vector<std::string> lines) {
    PdfPage p;
    double y = 760;
    for (auto& line : lines) {
        p.texts.push_back(PdfText{"Helvetica", 11, 72, y, std::move(line)});
        y -= 16;
    }
    return p;
}

std::string three_page_report() {
    const std::vector<PdfPage> pages = {
        page_with({"Library opening hours review", "The central library opens 52 hours a week."}),
        PdfPage{},  // a blank page between sections
        page_with({"Visits rose by 12 per cent in 2025.", "Staff costs were 310,000 pounds."}),
    };
    return test::write_minimal_pdf(pages);
}

TEST(PdfText, PagesKeepTheirNumbersAndText) {
    const auto pages = pdf_pages_text(three_page_report(), "hours.pdf");
    ASSERT_TRUE(pages) << pages.error().message;
    ASSERT_EQ(pages->size(), 3U);
    EXPECT_EQ((*pages)[0].number, 1);
    EXPECT_THAT((*pages)[0].text, HasSubstr("Library opening hours review"));
    EXPECT_THAT((*pages)[0].text, HasSubstr("52 hours a week."));
    EXPECT_EQ((*pages)[1].number, 2);
    EXPECT_EQ((*pages)[1].text, "");
    EXPECT_EQ((*pages)[2].number, 3);
    EXPECT_THAT((*pages)[2].text, HasSubstr("Visits rose by 12 per cent in 2025."));
    EXPECT_EQ((*pages)[2].text.find('\f'), std::string::npos);
}

TEST(PdfText, TextDocumentRecordsPageRanges) {
    const auto doc = parse_text_document(three_page_report(), "hours.pdf");
    ASSERT_TRUE(doc) << doc.error().message;
    ASSERT_EQ(doc->pages.size(), 3U);
    const auto& third = doc->pages[2];
    EXPECT_EQ(third.number, 3);
    EXPECT_THAT(doc->text.substr(third.begin, third.end - third.begin), HasSubstr("Staff costs"));
    EXPECT_EQ(doc->pages[1].begin, doc->pages[1].end);  // the blank page
    EXPECT_LT(doc->pages[0].end, third.begin);
    EXPECT_EQ(doc->text.find("Staff costs"), doc->text.find("Staff costs", third.begin));
    ASSERT_EQ(doc->sections.size(), 1U);
    EXPECT_FALSE(doc->is_markdown);
}

TEST(PdfText, ScannedPdfWithoutTextLayerPointsToOcr) {
    const std::vector<PdfPage> pages = {PdfPage{}, PdfPage{}};
    const auto r = pdf_pages_text(test::write_minimal_pdf(pages), "scan.pdf");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(r.error().message, HasSubstr("scan.pdf: no text layer on any of its 2 pages"));
    EXPECT_THAT(r.error().message, HasSubstr("run OCR"));
    EXPECT_EQ(r.error().field, "scan.pdf");
}

TEST(PdfText, CorruptAndNonPdfBytesAreRefusedNamingTheFile) {
    const auto text = pdf_pages_text("Just a text file renamed to .pdf", "notes.pdf");
    ASSERT_FALSE(text);
    EXPECT_THAT(text.error().message, HasSubstr("notes.pdf: not a PDF file"));

    std::string cut = three_page_report();
    cut.resize(60);  // header and a fragment of the first object: no xref, no pages
    const auto truncated = pdf_pages_text(cut, "cut.pdf");
    ASSERT_FALSE(truncated);
    EXPECT_THAT(truncated.error().message, HasSubstr("cut.pdf: "));
    EXPECT_EQ(truncated.error().field, "cut.pdf");
}

TEST(PdfText, EncryptedPdfSaysPasswordProtected) {
    // A Standard security handler whose owner/user hashes match no password, not even the empty one.
    std::string pdf = test::write_minimal_pdf(std::vector<PdfPage>{page_with({"Secret budget lines."})});
    const std::string hex32(64, 'A');
    const std::size_t root = pdf.find("/Root 1 0 R");
    ASSERT_NE(root, std::string::npos);
    pdf.insert(root, "/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + hex32 + "> /U <" + hex32 + "> /P -44 >> ");
    const auto r = pdf_pages_text(pdf, "locked.pdf");
    ASSERT_FALSE(r);
    EXPECT_THAT(r.error().message, HasSubstr("locked.pdf: "));
    EXPECT_THAT(r.error().message, HasSubstr("password-protected"));
}

}  // namespace
}  // namespace borough::io
