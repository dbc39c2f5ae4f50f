#include "io/ooxml_package.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace borough::io {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

template <XmlEscapes kEscapes = XmlEscapes::Xml>
std::string escaped(std::string_view text) {
    std::string out;
    append_xml_escaped<kEscapes>(out, text);
    return out;
}

// Stands in for the XLSX writer's byte counter: only append() is needed.
struct Counter {
    std::size_t bytes = 0;
    void append(std::string_view s) { bytes += s.size(); }
};

TEST(OoxmlEscape, FourSpecialsBecomeEntitiesAndTheApostropheStays) {
    // Attributes are always double-quoted here, so ' needs no entity.
    EXPECT_EQ(escaped(R"(a&b<c>d"e'f)"), "a&amp;b&lt;c&gt;d&quot;e'f");
    EXPECT_EQ(escaped<XmlEscapes::Spreadsheet>(R"(a&b<c>d"e'f)"), "a&amp;b&lt;c&gt;d&quot;e'f");
    EXPECT_EQ(escaped("&&"), "&amp;&amp;");
    EXPECT_EQ(escaped(""), "");
    EXPECT_EQ(escaped("plain caf\xC3\xA9"), "plain caf\xC3\xA9");
}

TEST(OoxmlEscape, ControlCharactersAndNonCharactersAreDropped) {
    EXPECT_EQ(escaped(std::string("a\x01"
                                  "b\x1F"
                                  "c\0d",
                                  7)),
              "abcd");
    EXPECT_EQ(escaped("tab\tline\nend"), "tab\tline\nend");
    // U+FFFE and U+FFFF go; U+FFFD and a lone 0xEF lead byte are copied.
    EXPECT_EQ(escaped("x\xEF\xBF\xBEy\xEF\xBF\xBFz\xEF\xBF\xBD"), "xyz\xEF\xBF\xBD");
    EXPECT_EQ(escaped("\xEF\xBF"), "\xEF\xBF");
}

TEST(OoxmlEscape, CarriageReturnIsDroppedInXmlAndEscapedInSpreadsheetText) {
    EXPECT_EQ(escaped("a\r\nb\rc"), "a\nbc");
    EXPECT_EQ(escaped<XmlEscapes::Spreadsheet>("a\r\nb"), "a_x000D_\nb");
}

TEST(OoxmlEscape, SpreadsheetTextProtectsLiteralEscapes) {
    EXPECT_EQ(escaped<XmlEscapes::Spreadsheet>("_x0041_ and _x00e9_"), "_x005F_x0041_ and _x005F_x00e9_");
    // Not escapes: too short, not hex, unterminated.
    EXPECT_EQ(escaped<XmlEscapes::Spreadsheet>("_x004_ _x12G4_ _x0041"), "_x004_ _x12G4_ _x0041");
    EXPECT_EQ(escaped("_x0041_"), "_x0041_");
}

TEST(OoxmlEscape, ACounterSeesTheSameBytes) {
    const std::string text = "a&b\r_x0041_\x01\xEF\xBF\xBF end";
    Counter counter;
    append_xml_escaped<XmlEscapes::Spreadsheet>(counter, text);
    EXPECT_EQ(counter.bytes, escaped<XmlEscapes::Spreadsheet>(text).size());
}

TEST(OoxmlPackage, CorePropertiesLeaveOutEmptyFieldsAndEscapeText) {
    const std::string xml = core_properties_xml({.title = "Rents & <fees>", .subject = "", .creator = "caf\xE9"});
    EXPECT_TRUE(xml.starts_with(kXmlDecl));
    EXPECT_THAT(xml, HasSubstr("<dc:title>Rents &amp; &lt;fees&gt;</dc:title><dc:creator>caf\xEF\xBF\xBD</dc:creator>"
                               "</cp:coreProperties>"));
    EXPECT_THAT(xml, Not(HasSubstr("dc:subject")));
    EXPECT_THAT(xml, Not(HasSubstr("dcterms:created")));  // no dates: bytes depend only on the fields

    EXPECT_EQ(core_properties_xml({.creator = "borough"}),
              std::string(kXmlDecl) +
                  "<cp:coreProperties "
                  "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                  "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
                  "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                  "<dc:creator>borough</dc:creator></cp:coreProperties>");
}

TEST(OoxmlPackage, AppPropertiesNameBoroughWithDocSecurityOnRequest) {
    const std::string word = app_properties_xml(true);
    const std::string excel = app_properties_xml(false);
    EXPECT_THAT(word, HasSubstr("<Application>borough</Application><DocSecurity>0</DocSecurity></Properties>"));
    EXPECT_THAT(excel, HasSubstr("<Application>borough</Application></Properties>"));
    EXPECT_TRUE(excel.starts_with(kXmlDecl));
}

TEST(OoxmlPackage, PackageRelationshipsPointAtTheMainPartAndDocProps) {
    const std::string rels = package_rels_xml("xl/workbook.xml");
    EXPECT_THAT(rels, HasSubstr(R"(<Relationship Id="rId1" Type=")" + std::string(kRelNs) +
                                R"(/officeDocument" Target="xl/workbook.xml"/>)"));
    EXPECT_THAT(rels, HasSubstr(R"(Id="rId2" Type=")" + std::string(kPackageRelNs) +
                                R"(/metadata/core-properties" Target="docProps/core.xml"/>)"));
    EXPECT_THAT(rels, HasSubstr(R"(Id="rId3" Type=")" + std::string(kRelNs) +
                                R"(/extended-properties" Target="docProps/app.xml"/>)"));
}

TEST(OoxmlPackage, ContentTypesListThePartsThenDocProps) {
    const std::string types = content_types_xml({{"/a.xml", "type/a"}, {"/b.xml", "type/b"}});
    const auto a = types.find(R"(<Override PartName="/a.xml" ContentType="type/a"/>)");
    const auto b = types.find(R"(<Override PartName="/b.xml" ContentType="type/b"/>)");
    const auto core = types.find(R"(<Override PartName="/docProps/core.xml")");
    const auto app = types.find(R"(<Override PartName="/docProps/app.xml")");
    ASSERT_NE(app, std::string::npos);
    EXPECT_LT(a, b);
    EXPECT_LT(b, core);
    EXPECT_LT(core, app);
    EXPECT_THAT(types, HasSubstr(R"(<Default Extension="rels")"));
    EXPECT_TRUE(types.ends_with("</Types>"));
}

}  // namespace
}  // namespace borough::io
