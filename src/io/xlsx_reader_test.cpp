#include "io/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/zip_memory.h"

namespace borough::io {

int fuzz_xlsx(const std::uint8_t* data, std::size_t size);

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kNs = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";

std::string workbook_xml(const std::vector<std::string>& sheets) {
    std::string out = std::string("<workbook ") + std::string(kNs) +
                      R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)";
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        out += "<sheet name=\"" + sheets[i] + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" +
               std::to_string(i + 1) + "\"/>";
    }
    return out + "</sheets></workbook>";
}

std::string rels_xml(std::size_t sheets, bool shared) {
    std::string out = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
    for (std::size_t i = 1; i <= sheets; ++i) {
        out +=
            "<Relationship Id=\"rId" + std::to_string(i) +
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)" +
            std::to_string(i) + ".xml\"/>";
    }
    if (shared) {
        out +=
            R"(<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>)";
    }
    return out + "</Relationships>";
}

std::string sheet_xml(std::string_view rows) {
    return "<worksheet " + std::string(kNs) + "><sheetData>" + std::string(rows) + "</sheetData></worksheet>";
}

// A package with the given sheets (name, sheetData rows) and optional shared strings (<si> items).
std::string package(const std::vector<std::pair<std::string, std::string>>& sheets, std::string_view shared = {}) {
    std::vector<std::string> names;
    std::vector<std::pair<std::string, std::string>> parts;
    names.reserve(sheets.size());
    for (const auto& s : sheets) {
        names.push_back(s.first);
    }
    parts.emplace_back("xl/workbook.xml", workbook_xml(names));
    parts.emplace_back("xl/_rels/workbook.xml.rels", rels_xml(sheets.size(), !shared.empty()));
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        parts.emplace_back("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", sheet_xml(sheets[i].second));
    }
    if (!shared.empty()) {
        parts.emplace_back("xl/sharedStrings.xml", "<sst " + std::string(kNs) + ">" + std::string(shared) + "</sst>");
    }
    auto zip = zip_in_memory(parts);
    EXPECT_TRUE(zip) << zip.error().describe();
    return zip ? *zip : std::string();
}

Table read(const std::string& bytes, std::string_view sheet = {}) {
    auto t = read_xlsx(bytes, "survey.xlsx", sheet);
    EXPECT_TRUE(t) << t.error().describe();
    return t ? std::move(t).value() : Table{};
}

TEST(XlsxReaderTest, ReadsSharedStringsIncludingRichTextRuns) {
    const std::string xlsx = package(
        {{"Responses", R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
                       R"(<row r="2"><c r="A2"><v>3</v></c><c r="B2" t="s"><v>2</v></c></row>)"
                       R"(<row r="3"><c r="A3"><v>0.25</v></c><c r="B3" t="s"><v>3</v></c></row>)"}},
        R"(<si><t>id</t></si><si><t>comment</t></si>)"
        R"(<si><r><rPr><b/></rPr><t>Bins</t></r><r><t xml:space="preserve"> are </t></r><r><t>late</t></r></si>)"
        R"(<si><t>Line one_x000D_
line two &amp; more</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>)");
    const Table t = read(xlsx);
    EXPECT_EQ(t.encoding, "XLSX");
    EXPECT_EQ(t.sheet, "Responses");
    EXPECT_THAT(t.header, ElementsAre("id", "comment"));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_THAT(t.rows[0].cells, ElementsAre("3", "Bins are late"));
    EXPECT_THAT(t.rows[1].cells, ElementsAre("0.25", "Line one\nline two & more"));
    EXPECT_EQ(t.rows[1].line, 3u);
}

TEST(XlsxReaderTest, ReadsInlineFormulaBooleanAndErrorCells) {
    const Table t = read(package(
        {{"S",
          R"(<row r="1"><c r="A1" t="inlineStr"><is><t>answer</t></is></c><c r="B1" t="inlineStr"><is><t>ok</t></is></c>)"
          R"(<c r="C1" t="inlineStr"><is><t>calc</t></is></c></row>)"
          R"(<row r="2"><c r="A2" t="inlineStr"><is><r><t>Rich</t></r><r><t xml:space="preserve"> inline</t></r></is></c>)"
          R"(<c r="B2" t="b"><v>1</v></c><c r="C2" t="str"><f>A1&amp;"x"</f><v>answerx</v></c></row>)"
          R"(<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">  padded </t></is></c>)"
          R"(<c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#DIV/0!</v></c></row>)"}}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_THAT(t.rows[0].cells, ElementsAre("Rich inline", "TRUE", "answerx"));
    EXPECT_THAT(t.rows[1].cells, ElementsAre("  padded ", "FALSE", ""));
}

TEST(XlsxReaderTest, PlacesCellsByReferenceWhenCellsAndRowsAreMissing) {
    const Table t = read(package(
        {{"S",
          R"(<row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c><c r="C2" t="inlineStr"><is><t>ward</t></is></c></row>)"
          R"(<row r="4"><c r="C4" t="inlineStr"><is><t>North</t></is></c></row>)"
          R"(<row r="5"></row><row r="6"><c r="A6"><v>9</v></c><c r="B6" t="e"><v>#N/A</v></c></row>)"
          R"(<row><c><v>10</v></c><c><v>11</v></c></row>)"}}));
    EXPECT_THAT(t.header, ElementsAre("id", "Column 2", "ward"));
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_THAT(t.rows[0].cells, ElementsAre("", "", "North"));
    EXPECT_EQ(t.rows[0].line, 4u);
    EXPECT_THAT(t.rows[1].cells, ElementsAre("9", "", ""));
    EXPECT_EQ(t.rows[1].line, 6u);
    EXPECT_THAT(t.rows[2].cells, ElementsAre("10", "11", ""));  // no refs: next row, next columns
    EXPECT_EQ(t.rows[2].line, 7u);
}

TEST(XlsxReaderTest, ReportsValuesBeyondTheHeaderAndBadSharedStrings) {
    const Table t = read(package({{"S", R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>)"
                                        R"(<row r="2"><c r="A2"><v>1</v></c><c r="D2"><v>5</v></c></row>)"
                                        R"(<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="s"><v>7</v></c></row>)"
                                        R"(<row r="4"><c r="A4"><v>3</v></c><c r="E4" t="e"><v>#REF!</v></c></row>)"}},
                                 "<si><t>q</t></si>"));
    EXPECT_THAT(t.header, ElementsAre("q", "q (2)"));
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].line, 4u);
    ASSERT_EQ(t.skipped.size(), 2u);
    EXPECT_EQ(t.skipped[0].line, 2u);
    EXPECT_EQ(t.skipped[0].reason, "value in column D beyond the header's 2 columns");
    EXPECT_EQ(t.skipped[1].line, 3u);
    EXPECT_THAT(t.skipped[1].reason, HasSubstr("cell B3: shared string 7 does not exist"));
}

TEST(XlsxReaderTest, ReadsTheNamedSheetAndListsSheetsForAnUnknownOne) {
    const std::string xlsx =
        package({{"Summary", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"},
                 {"Raw data", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>answer</t></is></c></row>)"
                              R"(<row r="2"><c r="A2" t="inlineStr"><is><t>Yes</t></is></c></row>)"}});
    EXPECT_EQ(read(xlsx).sheet, "Summary");
    const Table raw = read(xlsx, "raw DATA");
    EXPECT_EQ(raw.sheet, "Raw data");
    EXPECT_THAT(raw.header, ElementsAre("answer"));
    const auto missing = read_xlsx(xlsx, "survey.xlsx", "Wave 2");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(missing.error().field, "sheet");
    EXPECT_THAT(missing.error().message,
                HasSubstr("survey.xlsx: has no sheet named \"Wave 2\" (sheets: \"Summary\", \"Raw data\")"));
}

TEST(XlsxReaderTest, CorruptZipAndMissingPartsAreErrorsNamingThePart) {
    const auto garbage = read_xlsx("PK\x03\x04 not really a zip", "bad.xlsx");
    ASSERT_FALSE(garbage);
    EXPECT_THAT(garbage.error().message, HasSubstr("bad.xlsx: is not a valid XLSX file"));
    EXPECT_EQ(garbage.error().field, "bad.xlsx");

    std::string truncated = package({{"S", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"}});
    truncated.resize(truncated.size() / 2);
    EXPECT_FALSE(read_xlsx(truncated, "cut.xlsx"));

    const auto no_workbook = read_xlsx(*zip_in_memory({{"hello.txt", "hi"}}), "x.xlsx");
    ASSERT_FALSE(no_workbook);
    EXPECT_THAT(no_workbook.error().message, HasSubstr("the part xl/workbook.xml is missing"));

    const auto bad_xml = read_xlsx(*zip_in_memory({{"xl/workbook.xml", "<workbook><sheets>"}}), "x.xlsx");
    ASSERT_FALSE(bad_xml);
    EXPECT_THAT(bad_xml.error().message, HasSubstr("the part xl/workbook.xml is not well-formed XML"));
}

TEST(XlsxReaderTest, RefusesPartsOverTheLimits) {
    std::string rows = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>answer</t></is></c></row>)";
    for (int i = 2; i < 2000; ++i) {
        rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>" + std::to_string(i) +
                "</v></c></row>";
    }
    const std::string xlsx = package({{"S", rows}});
    ASSERT_TRUE(read_xlsx(xlsx, "big.xlsx"));
    const auto part = read_xlsx(xlsx, "big.xlsx", {}, XlsxLimits{10000, 1000000});
    ASSERT_FALSE(part);
    EXPECT_EQ(part.error().code, ErrorCode::ResourceExhausted);
    EXPECT_THAT(part.error().message, HasSubstr("xl/worksheets/sheet1.xml expands to more than 10000 bytes"));
    const auto total = read_xlsx(xlsx, "big.xlsx", {}, XlsxLimits{1000000, 20000});
    ASSERT_FALSE(total);
    EXPECT_THAT(total.error().message, HasSubstr("the workbook expands to more than 20000 bytes"));
}

TEST(XlsxReaderTest, ReadsLargePrefixedSheetsInBatchesAndFallsBackWhenSplittingIsUnsafe) {
    // Namespace-prefixed elements (as some generators write) across several parse batches.
    std::string rows = R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>n</x:t></x:is></x:c></x:row>)";
    for (int i = 2; i <= 9000; ++i) {
        rows += "<x:row r=\"" + std::to_string(i) + "\"><x:c r=\"A" + std::to_string(i) + "\"><x:v>" +
                std::to_string(i) + "</x:v></x:c></x:row>";
    }
    const std::string prefixed = *zip_in_memory(
        {{"xl/workbook.xml", workbook_xml({"P"})},
         {"xl/_rels/workbook.xml.rels", rels_xml(1, false)},
         {"xl/worksheets/sheet1.xml",
          R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)" + rows +
              "</x:sheetData></x:worksheet>"}});
    const Table t = read(prefixed);
    ASSERT_EQ(t.rows.size(), 8999u);
    EXPECT_EQ(t.rows[4095].cells[0], "4097");
    EXPECT_EQ(t.rows.back().line, 9000u);

    // "</row>" inside CDATA cannot be split on; the whole-document path still reads it right.
    const Table cdata =
        read(package({{"S", R"(<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a</row>b]]></t></is></c></row>)"
                            R"(<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>)"}}));
    EXPECT_THAT(cdata.header, ElementsAre("a</row>b"));
    ASSERT_EQ(cdata.rows.size(), 1u);
    EXPECT_EQ(cdata.rows[0].cells[0], "x");
}

TEST(XlsxReaderTest, EmptySheetIsAnError) {
    const auto t = read_xlsx(package({{"Blank", "<row r=\"1\"/>"}}), "e.xlsx");
    ASSERT_FALSE(t);
    EXPECT_THAT(t.error().message, HasSubstr("e.xlsx: the sheet \"Blank\" is empty"));
}

TEST(XlsxFuzzSeedsTest, SeedsKeepTheInvariants) {
    const std::vector<std::string> seeds = {
        "",
        std::string(1, '\0') + "PK\x03\x04garbage",
        std::string(1, '\1') +
            R"(<worksheet><sheetData><row r="1"><c r="A1"><v>x</v></c></row>)"
            R"(<row r="99999999999"><c r="ZZZZ1"><v>1</v></c><c r="B"><v>2</v></c></row></sheetData></worksheet>)",
        std::string(1, '\1') +
            R"(<worksheet><sheetData><row><c t="s"><v>-1</v></c><c t="s"><v>1</v></c></row>)"
            R"(<row><c t="inlineStr"/><c t="b"/><c r="XFD2"><v>_x0000__xD800_&#xFFFF;</v></c></row></sheetData></worksheet>)",
        std::string(1, '\2') + R"(<sst><si><t>_x00e9_ caf&#233;</t></si><si/><si><r/></si></sst>)",
        std::string(1, '\3') + R"(<workbook><sheets><sheet name="&#xD7FF;" r:id="rId1"/></sheets></workbook>)",
        std::string(1, '\3') + R"(<workbook><sheets/></workbook>)",
    };
    for (const auto& seed : seeds) {
        EXPECT_EQ(fuzz_xlsx(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
    }
}

}  // namespace
}  // namespace borough::io
