#include "io/docx_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <pugixml.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/text_encoding.h"
#include "io/zip_memory.h"

namespace borough::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Kind = DocxBlock::Kind;

DocxBlock text_block(Kind kind, std::string text, int level = 1, std::string citation = {}) {
    DocxBlock b;
    b.kind = kind;
    b.level = level;
    b.runs.push_back({std::move(text)});
    b.citation = std::move(citation);
    return b;
}

DocxBlock table_block(std::vector<std::vector<std::string>> rows, std::string citation = {}) {
    DocxBlock b;
    b.kind = Kind::Table;
    b.rows = std::move(rows);
    b.citation = std::move(citation);
    return b;
}

// Minutes of an invented meeting, written for these tests.
DocxDocument sample_minutes() {
    DocxDocument d;
    d.title = "Allotments Committee minutes";
    d.subject = "Meeting of 3 March";
    d.author = "Clerk to the committee";
    d.header_text = "OFFICIAL - SENSITIVE";
    d.blocks.push_back(text_block(Kind::Heading, "Present", 1));
    DocxBlock mixed;
    mixed.kind = Kind::Paragraph;
    mixed.runs = {{"Councillors "}, {"Ada Brook", true}, {" and "}, {"Sam Field", false, true}, {"."}};
    mixed.citation = "[turns 1-2, 00:00:05]";
    d.blocks.push_back(mixed);
    d.blocks.push_back(text_block(Kind::Heading, "Decisions", 2));
    d.blocks.push_back(text_block(Kind::Numbered, "Water troughs to be repaired", 0, "[turn 7]"));
    d.blocks.push_back(text_block(Kind::Numbered, "By the spring", 1));
    d.blocks.push_back(text_block(Kind::Bullet, "Plot 4 waiting list reopened", 0));
    d.blocks.push_back(
        table_block({{"Owner", "Task", "Due"}, {"Ada", "Order trough parts", "14 March"}, {"Sam"}}, "[turns 9-11]"));
    d.blocks.push_back(DocxBlock{Kind::PageBreak});
    d.blocks.push_back(text_block(Kind::Heading, "Appendix", 3));
    return d;
}

std::map<std::string, std::string> unzip(const std::string& bytes) {
    auto entries = unzip_in_memory(bytes);
    EXPECT_TRUE(entries) << entries.error().describe();
    std::map<std::string, std::string> out;
    if (entries) {
        for (auto& [name, content] : *entries) {
            out.emplace(name, std::move(content));
        }
    }
    return out;
}

std::string write(const DocxDocument& d) {
    auto bytes = write_docx(d);
    EXPECT_TRUE(bytes) << bytes.error().describe();
    return bytes ? *bytes : std::string();
}

// Parses one part, keeping whitespace-only text (a lone " " run must survive).
struct Part {
    pugi::xml_document doc;
    explicit Part(const std::string& xml) {
        const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
        EXPECT_TRUE(parsed) << parsed.description() << " at byte " << parsed.offset;
    }
};

// The visible text of a paragraph: <w:t> text, line breaks as '\n', tabs as '\t'.
std::string paragraph_text(pugi::xml_node p) {
    std::string out;
    for (const auto r : p.children("w:r")) {
        for (const auto c : r.children()) {
            const std::string_view name = c.name();
            if (name == "w:t") {
                out += c.text().get();
            } else if (name == "w:br" && std::string_view(c.attribute("w:type").value()).empty()) {
                out += '\n';
            } else if (name == "w:tab") {
                out += '\t';
            }
        }
    }
    return out;
}

std::string style_of(pugi::xml_node p) { return p.child("w:pPr").child("w:pStyle").attribute("w:val").value(); }

// One line per body element: "Style|text" for a paragraph, "table|a;b;c/d;e;f" for a table.
std::vector<std::string> body_outline(const std::string& document_xml) {
    Part part(document_xml);
    std::vector<std::string> out;
    for (const auto node : part.doc.child("w:document").child("w:body").children()) {
        const std::string_view name = node.name();
        if (name == "w:p") {
            const bool page_break = node.select_node(".//w:br[@w:type='page']") != nullptr;
            out.push_back(page_break ? "page-break" : style_of(node) + "|" + paragraph_text(node));
        } else if (name == "w:tbl") {
            std::string cells;
            for (const auto tr : node.children("w:tr")) {
                if (!cells.empty()) {
                    cells += '/';
                }
                std::string row;
                for (const auto tc : tr.children("w:tc")) {
                    row += (row.empty() ? "" : ";") + paragraph_text(tc.child("w:p"));
                }
                cells += row;
            }
            out.push_back("table|" + cells);
        }
    }
    return out;
}

TEST(DocxWriterTest, WritesThePartsInAFixedOrder) {
    const auto entries = unzip_in_memory(write(sample_minutes()));
    ASSERT_TRUE(entries) << entries.error().describe();
    std::vector<std::string> names;
    for (const auto& e : *entries) {
        names.push_back(e.first);
    }
    EXPECT_THAT(names, ElementsAre("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
                                   "word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
                                   "word/header1.xml", "word/footer1.xml", "word/_rels/document.xml.rels"));
    for (const auto& [name, xml] : *entries) {
        Part part(xml);  // every part is well-formed XML
        EXPECT_TRUE(part.doc.document_element()) << name;
    }
}

TEST(DocxWriterTest, EveryRelationshipTargetAndContentTypeIsAPart) {
    auto parts = unzip(write(sample_minutes()));
    Part types(parts["[Content_Types].xml"]);
    int overrides = 0;
    for (const auto o : types.doc.child("Types").children("Override")) {
        const std::string name = o.attribute("PartName").value();
        EXPECT_TRUE(parts.count(name.substr(1)) == 1) << name;
        ++overrides;
    }
    EXPECT_EQ(overrides, 8);
    for (const auto& [rels, base] : {std::pair<std::string, std::string>{"_rels/.rels", ""},
                                     std::pair<std::string, std::string>{"word/_rels/document.xml.rels", "word/"}}) {
        Part part(parts[rels]);
        int n = 0;
        for (const auto r : part.doc.child("Relationships").children("Relationship")) {
            EXPECT_TRUE(parts.count(base + r.attribute("Target").value()) == 1) << r.attribute("Target").value();
            ++n;
        }
        EXPECT_GE(n, 3) << rels;
    }
    // The section's header and footer ids resolve to the header and footer parts.
    Part doc(parts["word/document.xml"]);
    Part doc_rels(parts["word/_rels/document.xml.rels"]);
    const auto sect = doc.doc.child("w:document").child("w:body").child("w:sectPr");
    const std::string header_id = sect.child("w:headerReference").attribute("r:id").value();
    const std::string footer_id = sect.child("w:footerReference").attribute("r:id").value();
    const auto target = [&](const std::string& id) {
        return std::string(doc_rels.doc.child("Relationships")
                               .find_child_by_attribute("Relationship", "Id", id.c_str())
                               .attribute("Target")
                               .value());
    };
    EXPECT_EQ(target(header_id), "header1.xml");
    EXPECT_EQ(target(footer_id), "footer1.xml");
}

TEST(DocxWriterTest, DocumentHoldsTheBlocksInOrder) {
    auto parts = unzip(write(sample_minutes()));
    EXPECT_THAT(body_outline(parts["word/document.xml"]),
                ElementsAre("Title|Allotments Committee minutes", "Heading1|Present",
                            "|Councillors Ada Brook and Sam Field. [turns 1-2, 00:00:05]", "Heading2|Decisions",
                            "ListNumber|Water troughs to be repaired [turn 7]", "ListNumber|By the spring",
                            "ListBullet|Plot 4 waiting list reopened",
                            "table|Owner;Task;Due/Ada;Order trough parts;14 March/Sam;;", "|[turns 9-11]", "page-break",
                            "Heading3|Appendix"));
}

TEST(DocxWriterTest, RunsKeepBoldItalicAndCitationsAreGreySmallText) {
    auto parts = unzip(write(sample_minutes()));
    Part part(parts["word/document.xml"]);
    const auto body = part.doc.child("w:document").child("w:body");
    const auto p = body.child("w:p").next_sibling("w:p").next_sibling("w:p");  // after title and heading
    std::vector<std::string> flags;
    for (const auto r : p.children("w:r")) {
        std::string f = r.child("w:t").text().get();
        f += r.child("w:rPr").child("w:b") ? "|b" : "";
        f += r.child("w:rPr").child("w:i") ? "|i" : "";
        f += "|" + std::string(r.child("w:rPr").child("w:rStyle").attribute("w:val").value());
        flags.push_back(f);
    }
    EXPECT_THAT(flags, ElementsAre("Councillors |", "Ada Brook|b|", " and |", "Sam Field|i|", ".|",
                                   " [turns 1-2, 00:00:05]|Citation"));
    Part styles(parts["word/styles.xml"]);
    const auto citation = styles.doc.child("w:styles").find_child_by_attribute("w:style", "w:styleId", "Citation");
    ASSERT_TRUE(citation);
    EXPECT_STREQ(citation.attribute("w:type").value(), "character");
    EXPECT_STREQ(citation.child("w:rPr").child("w:color").attribute("w:val").value(), "505A5F");
    EXPECT_STREQ(citation.child("w:rPr").child("w:sz").attribute("w:val").value(), "18");
}

TEST(DocxWriterTest, PageIsA4WithInchMarginsAndStylesExist) {
    auto parts = unzip(write(sample_minutes()));
    Part doc(parts["word/document.xml"]);
    const auto sect = doc.doc.child("w:document").child("w:body").last_child();
    ASSERT_STREQ(sect.name(), "w:sectPr");
    EXPECT_STREQ(sect.child("w:pgSz").attribute("w:w").value(), "11906");
    EXPECT_STREQ(sect.child("w:pgSz").attribute("w:h").value(), "16838");
    for (const char* side : {"w:top", "w:bottom", "w:left", "w:right"}) {
        EXPECT_STREQ(sect.child("w:pgMar").attribute(side).value(), "1440") << side;
    }
    Part styles(parts["word/styles.xml"]);
    const auto root = styles.doc.child("w:styles");
    std::map<std::string, std::string> names;
    for (const auto s : root.children("w:style")) {
        names[s.attribute("w:styleId").value()] = s.child("w:name").attribute("w:val").value();
    }
    EXPECT_EQ(names["Normal"], "Normal");
    EXPECT_EQ(names["Title"], "Title");
    EXPECT_EQ(names["Heading1"], "heading 1");
    EXPECT_EQ(names["Heading2"], "heading 2");
    EXPECT_EQ(names["Heading3"], "heading 3");
    EXPECT_EQ(names["ListBullet"], "List Bullet");
    EXPECT_EQ(names["ListNumber"], "List Number");
    EXPECT_STREQ(root.select_node("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts").node().attribute("w:ascii").value(),
                 "Arial");
    EXPECT_STREQ(root.select_node("w:docDefaults/w:rPrDefault/w:rPr/w:sz").node().attribute("w:val").value(), "22");
    // Headings are in the outline, so Word's navigation pane lists them.
    const auto h2 = root.find_child_by_attribute("w:style", "w:styleId", "Heading2");
    EXPECT_STREQ(h2.child("w:pPr").child("w:outlineLvl").attribute("w:val").value(), "1");
}

TEST(DocxWriterTest, FooterHasTheTextAndPageFieldsAndHeaderTheMarkings) {
    DocxDocument d = sample_minutes();
    auto parts = unzip(write(d));
    Part footer(parts["word/footer1.xml"]);
    const auto fp = footer.doc.child("w:ftr").child("w:p");
    EXPECT_THAT(paragraph_text(fp), HasSubstr("Draft prepared with AI assistance \xE2\x80\x94 check before use"));
    std::vector<std::string> fields;
    for (const auto n : footer.doc.select_nodes("//w:instrText")) {
        fields.emplace_back(n.node().text().get());
    }
    EXPECT_THAT(fields, ElementsAre(" PAGE ", " NUMPAGES "));

    Part header(parts["word/header1.xml"]);
    std::vector<std::string> lines;
    for (const auto p : header.doc.child("w:hdr").children("w:p")) {
        lines.push_back(paragraph_text(p));
    }
    EXPECT_THAT(lines, ElementsAre("OFFICIAL - SENSITIVE"));

    d.draft_watermark = true;
    d.footer_text = "Custom footer";
    parts = unzip(write(d));
    Part header2(parts["word/header1.xml"]);
    lines.clear();
    for (const auto p : header2.doc.child("w:hdr").children("w:p")) {
        lines.push_back(paragraph_text(p));
    }
    EXPECT_THAT(lines, ElementsAre("OFFICIAL - SENSITIVE", "DRAFT - not approved"));
    EXPECT_THAT(parts["word/footer1.xml"], HasSubstr("Custom footer"));
    EXPECT_THAT(parts["word/footer1.xml"], Not(HasSubstr("AI assistance")));

    // With no header text and no draft mark the header is one empty paragraph (a part needs one).
    d.header_text.clear();
    d.draft_watermark = false;
    parts = unzip(write(d));
    Part header3(parts["word/header1.xml"]);
    const auto only = header3.doc.child("w:hdr").child("w:p");
    ASSERT_TRUE(only);
    EXPECT_FALSE(only.next_sibling("w:p"));
    EXPECT_EQ(paragraph_text(only), "");
}

TEST(DocxWriterTest, CorePropertiesHoldTitleSubjectAndAuthorEscaped) {
    DocxDocument d;
    d.title = "Rents & <charges>";
    d.subject = "";
    d.author = "Housing \"team\"";
    auto parts = unzip(write(d));
    Part core(parts["docProps/core.xml"]);
    const auto root = core.doc.child("cp:coreProperties");
    EXPECT_STREQ(root.child("dc:title").text().get(), "Rents & <charges>");
    EXPECT_STREQ(root.child("dc:creator").text().get(), "Housing \"team\"");
    EXPECT_FALSE(root.child("dc:subject"));                                      // empty fields are left out
    EXPECT_THAT(parts["docProps/core.xml"], Not(HasSubstr("dcterms:created")));  // no clock in the bytes
    Part app(parts["docProps/app.xml"]);
    EXPECT_STREQ(app.doc.child("Properties").child("Application").text().get(), "borough");
}

TEST(DocxWriterTest, EscapesMarkupAndDropsCharactersXmlForbids) {
    DocxDocument d;
    d.blocks.push_back(text_block(Kind::Paragraph, "a < b && c > \"d\" 'e' </w:t><w:r>"));
    d.blocks.push_back(text_block(Kind::Paragraph, std::string("ctrl\x01\x0B\x1F gone\x7F \xEF\xBF\xBE\xEF\xBF\xBF!")));
    d.blocks.push_back(text_block(Kind::Paragraph,
                                  "bad \xFF"
                                  " byte, caf\xC3\xA9"));
    d.blocks.push_back(text_block(Kind::Paragraph, "line one\nline two\r\nthree\rfour\tcol"));
    d.blocks.push_back(table_block({{"x & y", "<z>"}}));
    const std::string xml = unzip(write(d))["word/document.xml"];
    for (const char c : xml) {
        const auto b = static_cast<unsigned char>(c);
        EXPECT_FALSE(b < 0x20 && b != '\n') << "control byte " << int{b};
    }
    EXPECT_FALSE(find_invalid_utf8(xml));
    EXPECT_THAT(xml, Not(HasSubstr("\xEF\xBF\xBE")));
    EXPECT_THAT(body_outline(xml), ElementsAre("|a < b && c > \"d\" 'e' </w:t><w:r>", "|ctrl gone\x7F !",
                                               "|bad \xEF\xBF\xBD byte, caf\xC3\xA9",
                                               "|line one\nline two\nthree\nfour\tcol", "table|x & y;<z>", "|"));
}

// Random text made of tokens whose written form is known, so any escaping slip shows up.
TEST(DocxWriterTest, RandomTextSurvivesTheRoundTrip) {
    const std::vector<std::pair<std::string, std::string>> tokens = {
        {"a", "a"},
        {" ", " "},
        {"<", "<"},
        {">", ">"},
        {"&", "&"},
        {"\"", "\""},
        {"'", "'"},
        {"&amp;", "&amp;"},
        {"]]>", "]]>"},
        {"\t", "\t"},
        {"\n", "\n"},
        {"\x01", ""},
        {"\x1B", ""},
        {"\xC3\xA9", "\xC3\xA9"},
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
        {"\xEF\xBF\xBF", ""},
        {"_x0041_", "_x0041_"},
        {"\xE2\x80\x94", "\xE2\x80\x94"},
    };
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
    std::uniform_int_distribution<int> length(0, 40);
    DocxDocument d;
    std::vector<std::string> expected;
    for (int i = 0; i < 200; ++i) {
        std::string in;
        std::string out;
        for (int n = length(rng); n > 0; --n) {
            const auto& t = tokens[pick(rng)];
            in += t.first;
            out += t.second;
        }
        d.blocks.push_back(text_block(Kind::Paragraph, in));
        expected.push_back("|" + out);
    }
    EXPECT_EQ(body_outline(unzip(write(d))["word/document.xml"]), expected);
}

TEST(DocxWriterTest, NumberedListsRestartAfterHeadingsAndContinueOtherwise) {
    DocxDocument d;
    d.blocks.push_back(text_block(Kind::Numbered, "one", 0));
    d.blocks.push_back(text_block(Kind::Paragraph, "an aside"));
    d.blocks.push_back(text_block(Kind::Numbered, "two", 0));
    d.blocks.push_back(text_block(Kind::Bullet, "a point", 1));
    d.blocks.push_back(text_block(Kind::Heading, "Next", 1));
    d.blocks.push_back(text_block(Kind::Numbered, "one again", 0));
    d.blocks.push_back(DocxBlock{Kind::PageBreak});
    d.blocks.push_back(text_block(Kind::Numbered, "and again", 2));
    auto parts = unzip(write(d));
    Part doc(parts["word/document.xml"]);
    std::vector<std::string> lists;
    for (const auto p : doc.doc.child("w:document").child("w:body").children("w:p")) {
        const auto num = p.child("w:pPr").child("w:numPr");
        if (num) {
            lists.push_back(paragraph_text(p) + "@" + num.child("w:numId").attribute("w:val").value() + "/" +
                            num.child("w:ilvl").attribute("w:val").value());
        }
    }
    EXPECT_THAT(lists, ElementsAre("one@2/0", "two@2/0", "a point@1/1", "one again@3/0", "and again@4/2"));

    Part numbering(parts["word/numbering.xml"]);
    const auto root = numbering.doc.child("w:numbering");
    std::vector<std::string> nums;
    for (const auto n : root.children("w:num")) {
        nums.push_back(
            std::string(n.attribute("w:numId").value()) + "->" + n.child("w:abstractNumId").attribute("w:val").value() +
            " overrides " +
            std::to_string(std::distance(n.children("w:lvlOverride").begin(), n.children("w:lvlOverride").end())));
    }
    EXPECT_THAT(nums, ElementsAre("1->0 overrides 0", "2->1 overrides 3", "3->1 overrides 3", "4->1 overrides 3"));
    // Every abstractNum precedes every num, as the schema requires.
    EXPECT_STREQ(root.first_child().name(), "w:abstractNum");
    EXPECT_STREQ(root.first_child().next_sibling().name(), "w:abstractNum");
    const auto decimal = root.find_child_by_attribute("w:abstractNum", "w:abstractNumId", "1").child("w:lvl");
    EXPECT_STREQ(decimal.child("w:numFmt").attribute("w:val").value(), "decimal");
    EXPECT_STREQ(decimal.child("w:lvlText").attribute("w:val").value(), "%1.");
}

TEST(DocxWriterTest, TableHeaderRowRepeatsAndIsBoldUnlessTurnedOff) {
    DocxDocument d;
    d.blocks.push_back(table_block({{"Theme", "Count"}, {"Parking", "12"}}));
    d.blocks.push_back(table_block({{"Theme", "Count"}}));
    d.blocks.back().header_row = false;
    auto parts = unzip(write(d));
    Part doc(parts["word/document.xml"]);
    const auto tables = doc.doc.select_nodes("//w:tbl");
    ASSERT_EQ(tables.size(), 2u);
    const auto first_row = tables[0].node().child("w:tr");
    EXPECT_TRUE(first_row.child("w:trPr").child("w:tblHeader"));
    EXPECT_TRUE(first_row.select_node(".//w:r/w:rPr/w:b"));
    EXPECT_FALSE(first_row.next_sibling("w:tr").child("w:trPr").child("w:tblHeader"));
    EXPECT_FALSE(first_row.next_sibling("w:tr").select_node(".//w:b"));
    EXPECT_FALSE(tables[1].node().select_node(".//w:tblHeader"));
    EXPECT_FALSE(tables[1].node().select_node(".//w:b"));
    // Grid columns fill the 16 cm text width exactly.
    int total = 0;
    for (const auto col : tables[0].node().child("w:tblGrid").children("w:gridCol")) {
        total += col.attribute("w:w").as_int();
    }
    EXPECT_EQ(total, 11906 - 2 * 1440);
    // A paragraph separates the tables, or Word would merge them.
    EXPECT_STREQ(tables[0].node().next_sibling().name(), "w:p");
}

TEST(DocxWriterTest, IsDeterministicWithFixedZipTimestamps) {
    const std::string a = write(sample_minutes());
    const std::string b = write(sample_minutes());
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a, b);
    DocxDocument changed = sample_minutes();
    changed.blocks[1].runs[0].text = "Councillor ";
    EXPECT_NE(write(changed), a);
    // Every local file header carries 2020-01-01 00:00 (MS-DOS time 0, date 0x5021).
    int headers = 0;
    for (std::size_t at = a.find("PK\x03\x04"); at != std::string::npos; at = a.find("PK\x03\x04", at + 4)) {
        ASSERT_LE(at + 14, a.size());
        const auto u16 = [&](std::size_t i) {
            return static_cast<unsigned>(static_cast<unsigned char>(a[i])) |
                   (static_cast<unsigned>(static_cast<unsigned char>(a[i + 1])) << 8);
        };
        EXPECT_EQ(u16(at + 10), 0u);
        EXPECT_EQ(u16(at + 12), (40u << 9) | (1u << 5) | 1u);
        ++headers;
    }
    EXPECT_EQ(headers, 11);
}

TEST(DocxWriterTest, AnEmptyDocumentIsStillValid) {
    auto parts = unzip(write(DocxDocument{}));
    EXPECT_THAT(body_outline(parts["word/document.xml"]), ElementsAre());
    Part numbering(parts["word/numbering.xml"]);
    EXPECT_EQ(numbering.doc.select_nodes("//w:num").size(), 1u);
}

void expect_rejected(const DocxBlock& block, const std::string& message, const std::string& field) {
    DocxDocument d;
    d.blocks.push_back(text_block(Kind::Paragraph, "fine"));
    d.blocks.push_back(block);
    const auto r = write_docx(d);
    ASSERT_FALSE(r) << message;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_THAT(r.error().message, HasSubstr("block 1"));
    EXPECT_THAT(r.error().message, HasSubstr(message));
    EXPECT_EQ(r.error().field, field);
}

TEST(DocxWriterTest, RejectsBadBlocksNamingTheirIndex) {
    expect_rejected(text_block(Kind::Heading, "h", 0), "level 0 is outside 1-3", "blocks[1].level");
    expect_rejected(text_block(Kind::Heading, "h", 4), "level 4 is outside 1-3", "blocks[1].level");
    expect_rejected(text_block(Kind::Bullet, "b", 3), "nesting level 3 is outside 0-2", "blocks[1].level");
    expect_rejected(text_block(Kind::Numbered, "n", -1), "nesting level -1 is outside 0-2", "blocks[1].level");
    expect_rejected(table_block({}), "the table has no cells", "blocks[1].rows");
    expect_rejected(table_block({{}, {}}), "the table has no cells", "blocks[1].rows");
    expect_rejected(table_block({std::vector<std::string>(64, "x")}), "64 columns", "blocks[1].rows");
    DocxBlock table_with_runs = table_block({{"a"}});
    table_with_runs.runs.push_back({"lost"});
    expect_rejected(table_with_runs, "a table has rows, not runs", "blocks[1].runs");
    DocxBlock paragraph_with_rows = text_block(Kind::Paragraph, "p");
    paragraph_with_rows.rows = {{"lost"}};
    expect_rejected(paragraph_with_rows, "only a table has rows", "blocks[1].rows");
    expect_rejected(text_block(Kind::PageBreak, "lost", 1), "a page break cannot hold", "blocks[1]");
    DocxBlock unknown;
    unknown.kind = static_cast<Kind>(42);
    expect_rejected(unknown, "unknown kind 42", "blocks[1].kind");
    // The widest table Word accepts is fine.
    DocxDocument wide;
    wide.blocks.push_back(table_block({std::vector<std::string>(63, "x")}));
    EXPECT_TRUE(write_docx(wide));
}

}  // namespace
}  // namespace borough::io
