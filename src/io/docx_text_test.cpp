#include "io/docx_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "io/zip_memory.h"

namespace borough::io {
namespace {

using ::testing::HasSubstr;

std::string document_xml(const std::string& body) {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
           R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
           body + "<w:sectPr/></w:body></w:document>";
}

std::string docx(const std::string& body, const std::string& styles = "") {
    std::vector<std::pair<std::string, std::string>> parts = {{"[Content_Types].xml", "<Types/>"},
                                                              {"word/document.xml", document_xml(body)}};
    if (!styles.empty()) {
        parts.emplace_back("word/styles.xml", styles);
    }
    auto zip = zip_in_memory(parts);
    EXPECT_TRUE(zip.has_value());
    return zip.value_or(std::string());
}

TEST(DocxText, ParagraphsWithStyleNamesAndIndexes) {
    const std::string styles =
        R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
        R"(<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>)";
    const auto paras = docx_paragraphs(
        docx(R"(<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Budget review</w:t></w:r></w:p>)"
             R"(<w:p/>)"
             R"(<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t xml:space="preserve">Rents </w:t></w:r>)"
             R"(<w:r><w:t>rise</w:t><w:tab/><w:t>in April</w:t><w:br/><w:t>next line</w:t></w:r></w:p>)",
             styles),
        "report.docx");
    ASSERT_TRUE(paras.has_value()) << paras.error().message;
    ASSERT_EQ(paras->size(), 2U);  // the empty paragraph is left out but still counted
    EXPECT_EQ((*paras)[0].text, "Budget review");
    EXPECT_EQ((*paras)[0].style, "heading 1");
    EXPECT_EQ((*paras)[0].index, 1U);
    EXPECT_EQ((*paras)[1].text, "Rents rise\tin April\nnext line");
    EXPECT_EQ((*paras)[1].style, "Quote");  // no styles.xml entry: the id
    EXPECT_EQ((*paras)[1].index, 3U);
    EXPECT_FALSE((*paras)[1].in_table);
}

TEST(DocxText, TablesFlattenedOneParagraphPerRow) {
    const auto paras = docx_paragraphs(
        docx(R"(<w:p><w:r><w:t>Before</w:t></w:r></w:p>)"
             R"(<w:tbl><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>Ward</w:t></w:r></w:p></w:tc>)"
             R"(<w:tc><w:p><w:r><w:t>Cases</w:t></w:r></w:p></w:tc></w:tr>)"
             R"(<w:tr><w:tc><w:p><w:r><w:t>North</w:t></w:r></w:p><w:p><w:r><w:t>East</w:t></w:r></w:p></w:tc>)"
             R"(<w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)"
             R"(<w:p><w:r><w:t>After</w:t></w:r></w:p>)"),
        "t.docx");
    ASSERT_TRUE(paras.has_value()) << paras.error().message;
    ASSERT_EQ(paras->size(), 4U);
    EXPECT_EQ((*paras)[1].text, "Ward | Cases");
    EXPECT_TRUE((*paras)[1].in_table);
    EXPECT_EQ((*paras)[2].text, "North East | 12");
    EXPECT_EQ((*paras)[3].text, "After");
    EXPECT_EQ((*paras)[3].index, 4U);
}

TEST(DocxText, DeletedTextAndFieldCodesLeftOutInsertionsAndLinksKept) {
    const auto paras = docx_paragraphs(
        docx(R"(<w:p><w:r><w:t>Keep </w:t></w:r><w:del><w:r><w:delText>gone </w:delText></w:r></w:del>)"
             R"(<w:ins><w:r><w:t>added </w:t></w:r></w:ins><w:r><w:instrText>HYPERLINK x</w:instrText></w:r>)"
             R"(<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>)"
             R"(<w:sdt><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>)"),
        "t.docx");
    ASSERT_TRUE(paras.has_value()) << paras.error().message;
    ASSERT_EQ(paras->size(), 2U);
    EXPECT_EQ((*paras)[0].text, "Keep added link");
    EXPECT_EQ((*paras)[1].text, "In a content control");
}

TEST(DocxText, ErrorsNameTheFile) {
    auto r = docx_paragraphs("plain text, not a zip", "notes.docx");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(r.error().message, HasSubstr("notes.docx: is not a DOCX file"));

    auto sheet = zip_in_memory({{"xl/workbook.xml", "<workbook/>"}});
    ASSERT_TRUE(sheet.has_value());
    r = docx_paragraphs(*sheet, "book.docx");
    ASSERT_FALSE(r.has_value());
    EXPECT_THAT(r.error().message, HasSubstr("book.docx: is not a Word document"));

    auto broken = zip_in_memory({{"word/document.xml", "<w:document><w:body><w:p>"}});
    ASSERT_TRUE(broken.has_value());
    r = docx_paragraphs(*broken, "broken.docx");
    ASSERT_FALSE(r.has_value());
    EXPECT_THAT(r.error().message, HasSubstr("broken.docx: word/document.xml is malformed XML at byte"));

    auto no_body = zip_in_memory({{"word/document.xml", "<html/>"}});
    ASSERT_TRUE(no_body.has_value());
    r = docx_paragraphs(*no_body, "odd.docx");
    ASSERT_FALSE(r.has_value());
    EXPECT_THAT(r.error().message, HasSubstr("odd.docx: word/document.xml has no w:document/w:body"));
}

TEST(DocxText, InvalidUtf8InXmlIsRepaired) {
    const auto paras = docx_paragraphs(docx("<w:p><w:r><w:t>caf\xE9</w:t></w:r></w:p>"), "t.docx");
    ASSERT_TRUE(paras.has_value()) << paras.error().message;
    ASSERT_EQ(paras->size(), 1U);
    EXPECT_EQ((*paras)[0].text, "caf\xEF\xBF\xBD");
}

}  // namespace
}  // namespace borough::io
