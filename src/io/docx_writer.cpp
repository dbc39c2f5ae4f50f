#include "io/docx_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include "core/text_encoding.h"
#include "io/ooxml_package.h"
#include "io/utf8_repair.h"
#include "io/zip_memory.h"

namespace borough::io {
namespace {

constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kDraftMark = "DRAFT - not approved";

// A4 in twentieths of a point, with 2.54 cm (1440 twip) margins on every side.
constexpr int kPageWidth = 11906;
constexpr int kPageHeight = 16838;
constexpr int kMargin = 1440;
constexpr int kTextWidth = kPageWidth - 2 * kMargin;
constexpr std::size_t kMaxTableColumns = 63;  // Word refuses wider tables

// numbering.xml: numId 1 is the one bullet list; each numbered list gets its own numId from 2 so that
// it can start again at 1.
constexpr int kBulletNumId = 1;
constexpr int kFirstNumberedNumId = 2;

// `text` as valid UTF-8 (invalid bytes become U+FFFD in `scratch`).
std::string_view valid_utf8(std::string_view text, std::string& scratch) {
    if (!find_invalid_utf8(text)) {
        return text;
    }
    scratch = repair_utf8(text);
    return scratch;
}

// One run (<w:r>) with run properties `rpr` (already XML): LF (or CR, CRLF) becomes a line break and
// TAB a tab, since both are only whitespace inside <w:t>. Empty text makes no run.
void append_run(std::string& out, std::string_view raw, std::string_view rpr = {}) {
    std::string scratch;
    const std::string_view text = valid_utf8(raw, scratch);
    if (text.empty()) {
        return;
    }
    out += "<w:r>";
    if (!rpr.empty()) {
        out += "<w:rPr>";
        out += rpr;
        out += "</w:rPr>";
    }
    std::size_t start = 0;
    const auto flush = [&](std::size_t end) {
        if (end > start) {
            out += "<w:t xml:space=\"preserve\">";
            append_xml_escaped(out, text.substr(start, end - start));
            out += "</w:t>";
        }
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\n' && c != '\r' && c != '\t') {
            continue;
        }
        flush(i);
        if (c == '\t') {
            out += "<w:tab/>";
        } else if (c == '\n' || i + 1 == text.size() || text[i + 1] != '\n') {
            out += "<w:br/>";  // a CR before LF is skipped: the LF makes the break
        }
        start = i + 1;
    }
    flush(text.size());
    out += "</w:r>";
}

std::string run_properties(const DocxRun& run) {
    std::string rpr;
    if (run.bold) {
        rpr += "<w:b/><w:bCs/>";
    }
    if (run.italic) {
        rpr += "<w:i/><w:iCs/>";
    }
    return rpr;
}

bool has_text(const std::vector<DocxRun>& runs) {
    for (const auto& r : runs) {
        if (!r.text.empty()) {
            return true;
        }
    }
    return false;
}

void append_citation(std::string& out, std::string_view citation, bool after_text) {
    if (citation.empty()) {
        return;
    }
    std::string text;
    if (after_text) {
        text += ' ';
    }
    text += citation;
    append_run(out, text, "<w:rStyle w:val=\"Citation\"/>");
}

// A paragraph with style `style` and extra paragraph properties `ppr` (XML in schema order after
// pStyle).
void append_paragraph(std::string& out, std::string_view style, std::string_view ppr, const DocxBlock& block) {
    out += "<w:p>";
    if (!style.empty() || !ppr.empty()) {
        out += "<w:pPr>";
        if (!style.empty()) {
            out += fmt::format("<w:pStyle w:val=\"{}\"/>", style);
        }
        out += ppr;
        out += "</w:pPr>";
    }
    for (const auto& run : block.runs) {
        append_run(out, run.text, run_properties(run));
    }
    append_citation(out, block.citation, has_text(block.runs));
    out += "</w:p>";
}

void append_table(std::string& out, const DocxBlock& block, std::size_t columns) {
    const int base = kTextWidth / static_cast<int>(columns);
    const int extra = kTextWidth % static_cast<int>(columns);  // given to the first columns, one twip each
    const auto width = [&](std::size_t col) { return base + (static_cast<int>(col) < extra ? 1 : 0); };

    out +=
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
        "<w:tblLayout w:type=\"fixed\"/>"
        "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
        "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
    for (std::size_t c = 0; c < columns; ++c) {
        out += fmt::format("<w:gridCol w:w=\"{}\"/>", width(c));
    }
    out += "</w:tblGrid>";
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
        const bool header = block.header_row && r == 0;
        out += header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        for (std::size_t c = 0; c < columns; ++c) {
            out += fmt::format(R"(<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/>)", width(c));
            if (header) {
                out += R"(<w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/>)";
            }
            out += "</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>";
            if (c < block.rows[r].size()) {
                append_run(out, block.rows[r][c], header ? "<w:b/><w:bCs/>" : "");
            }
            out += "</w:p></w:tc>";
        }
        out += "</w:tr>";
    }
    out += "</w:tbl>";
    // Always a paragraph after a table: Word would join two adjacent tables into one, and a body must
    // not end with a table.
    out += "<w:p>";
    append_citation(out, block.citation, false);
    out += "</w:p>";
}

std::string_view kind_name(DocxBlock::Kind kind) {
    switch (kind) {
        case DocxBlock::Kind::Heading:
            return "heading";
        case DocxBlock::Kind::Paragraph:
            return "paragraph";
        case DocxBlock::Kind::Bullet:
            return "bullet";
        case DocxBlock::Kind::Numbered:
            return "numbered item";
        case DocxBlock::Kind::Table:
            return "table";
        case DocxBlock::Kind::PageBreak:
            return "page break";
    }
    return "block";
}

Unexpected<Error> block_error(std::size_t index, const DocxBlock& block, std::string_view what,
                              std::string_view field_suffix = {}) {
    return fail(ErrorCode::InvalidInput, fmt::format("docx: block {} ({}): {}", index, kind_name(block.kind), what),
                fmt::format("blocks[{}]{}", index, field_suffix));
}

// The table's column count (the widest row), or an error for input the writer would have to drop.
Result<std::size_t> check_block(std::size_t index, const DocxBlock& block) {
    using Kind = DocxBlock::Kind;
    switch (block.kind) {
        case Kind::Heading:
            if (block.level < 1 || block.level > 3) {
                return block_error(index, block, fmt::format("level {} is outside 1-3", block.level), ".level");
            }
            break;
        case Kind::Bullet:
        case Kind::Numbered:
            if (block.level < 0 || block.level > 2) {
                return block_error(index, block, fmt::format("nesting level {} is outside 0-2", block.level), ".level");
            }
            break;
        case Kind::Paragraph:
            break;
        case Kind::Table: {
            if (!block.runs.empty()) {
                return block_error(index, block, "a table has rows, not runs", ".runs");
            }
            std::size_t columns = 0;
            for (const auto& row : block.rows) {
                columns = std::max(columns, row.size());
            }
            if (columns == 0) {
                return block_error(index, block, "the table has no cells", ".rows");
            }
            if (columns > kMaxTableColumns) {
                return block_error(index, block,
                                   fmt::format("{} columns is more than Word's limit of {}", columns, kMaxTableColumns),
                                   ".rows");
            }
            return columns;
        }
        case Kind::PageBreak:
            if (!block.runs.empty() || !block.rows.empty() || !block.citation.empty()) {
                return block_error(index, block, "a page break cannot hold text, rows or a citation");
            }
            return std::size_t{0};
        default:
            return block_error(index, block, fmt::format("unknown kind {}", static_cast<int>(block.kind)), ".kind");
    }
    if (!block.rows.empty()) {
        return block_error(index, block, "only a table has rows", ".rows");
    }
    return std::size_t{0};
}

// word/document.xml; `numbered_lists` receives how many numbered lists it started.
Result<std::string> document_xml(const DocxDocument& doc, int& numbered_lists) {
    using Kind = DocxBlock::Kind;
    std::string out(kXmlDecl);
    out += fmt::format(R"(<w:document xmlns:w="{}" xmlns:r="{}"><w:body>)", kWordNs, kRelNs);
    if (!doc.title.empty()) {
        out += "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>";
        append_run(out, doc.title);
        out += "</w:p>";
    }
    numbered_lists = 0;
    int current_list = 0;  // numId of the numbered list in progress, 0 for none
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
        const DocxBlock& block = doc.blocks[i];
        BOROUGH_TRY(const std::size_t columns, check_block(i, block));
        switch (block.kind) {
            case Kind::Heading:
                current_list = 0;
                append_paragraph(out, fmt::format("Heading{}", block.level), "", block);
                break;
            case Kind::Paragraph:
                append_paragraph(out, "", "", block);
                break;
            case Kind::Bullet:
                append_paragraph(out, "ListBullet",
                                 fmt::format(R"(<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{}"/></w:numPr>)",
                                             block.level, kBulletNumId),
                                 block);
                break;
            case Kind::Numbered:
                if (current_list == 0) {
                    current_list = kFirstNumberedNumId + numbered_lists++;
                }
                append_paragraph(out, "ListNumber",
                                 fmt::format(R"(<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{}"/></w:numPr>)",
                                             block.level, current_list),
                                 block);
                break;
            case Kind::Table:
                append_table(out, block, columns);
                break;
            case Kind::PageBreak:
                current_list = 0;
                out += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
                break;
        }
    }
    out += fmt::format(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId4\"/>"
        "<w:footerReference w:type=\"default\" r:id=\"rId5\"/>"
        "<w:pgSz w:w=\"{0}\" w:h=\"{1}\"/>"
        "<w:pgMar w:top=\"{2}\" w:right=\"{2}\" w:bottom=\"{2}\" w:left=\"{2}\" w:header=\"708\" "
        "w:footer=\"708\" w:gutter=\"0\"/><w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/>"
        "</w:sectPr></w:body></w:document>",
        kPageWidth, kPageHeight, kMargin);
    return out;
}

std::string styles_xml() {
    std::string out(kXmlDecl);
    out += fmt::format("<w:styles xmlns:w=\"{}\">", kWordNs);
    // Arial 11 pt, en-GB, like GOV.UK's plain documents; headings bold, in the outline (navigation pane).
    out +=
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>"
        "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/>"
        "</w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr>"
        "</w:pPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
        "<w:qFormat/></w:style>"
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
        "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/>"
        "<w:unhideWhenUsed/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        "<w:pPr><w:keepNext/><w:spacing w:after=\"300\"/></w:pPr>"
        "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/></w:rPr></w:style>";
    struct HeadingLook {
        int size_half_points;
        int before_twips;
    };
    constexpr std::array<HeadingLook, 3> kHeadings = {{{36, 360}, {28, 280}, {24, 240}}};
    for (int level = 1; level <= 3; ++level) {
        const auto& h = kHeadings[static_cast<std::size_t>(level - 1)];
        out += fmt::format(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{0}\"><w:name w:val=\"heading {0}\"/>"
            "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>"
            "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{2}\" w:after=\"120\"/>"
            "<w:outlineLvl w:val=\"{3}\"/></w:pPr>"
            "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"{1}\"/><w:szCs w:val=\"{1}\"/></w:rPr></w:style>",
            level, h.size_half_points, h.before_twips, level - 1);
    }
    out += fmt::format(
        "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>"
        "<w:pPr><w:numPr><w:numId w:val=\"{}\"/></w:numPr><w:spacing w:after=\"80\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"ListNumber\"><w:name w:val=\"List Number\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>"
        "<w:pPr><w:spacing w:after=\"80\"/></w:pPr></w:style>",
        kBulletNumId);
    out +=
        "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" "
        "w:lineRule=\"auto\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
        "<w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
        "<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
        // Citations: GOV.UK's secondary text colour, 9 pt.
        "<w:style w:type=\"character\" w:styleId=\"Citation\"><w:name w:val=\"Citation\"/>"
        "<w:basedOn w:val=\"DefaultParagraphFont\"/><w:qFormat/>"
        "<w:rPr><w:color w:val=\"505A5F\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
        "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" "
        "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
        "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        "</w:style>"
        "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
        "<w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/><w:tblPr><w:tblBorders>";
    for (const std::string_view side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
        out += fmt::format(R"(<w:{} w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>)", side);
    }
    out += "</w:tblBorders></w:tblPr></w:style></w:styles>";
    return out;
}

std::string numbering_xml(int numbered_lists) {
    std::string out(kXmlDecl);
    out += fmt::format("<w:numbering xmlns:w=\"{}\">", kWordNs);
    constexpr std::array<std::string_view, 3> kBullets = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\xA2"};  // • – •
    constexpr std::array<std::string_view, 3> kNumberFormats = {"decimal", "lowerLetter", "lowerRoman"};
    out += R"(<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>)";
    for (std::size_t level = 0; level < kBullets.size(); ++level) {
        out += fmt::format(
            "<w:lvl w:ilvl=\"{0}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"{1}\"/>"
            "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{2}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
            level, kBullets[level], 720 * (level + 1));
    }
    out += R"(</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>)";
    for (std::size_t level = 0; level < kNumberFormats.size(); ++level) {
        out += fmt::format(
            "<w:lvl w:ilvl=\"{0}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{1}\"/><w:lvlText w:val=\"%{2}.\"/>"
            "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{3}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
            level, kNumberFormats[level], level + 1, 720 * (level + 1));
    }
    out += fmt::format(R"(</w:abstractNum><w:num w:numId="{}"><w:abstractNumId w:val="0"/></w:num>)", kBulletNumId);
    for (int i = 0; i < numbered_lists; ++i) {
        // Word continues every num of one abstractNum as one list unless each level's start is overridden.
        out += fmt::format(R"(<w:num w:numId="{}"><w:abstractNumId w:val="1"/>)", kFirstNumberedNumId + i);
        for (int level = 0; level < 3; ++level) {
            out += fmt::format(R"(<w:lvlOverride w:ilvl="{}"><w:startOverride w:val="1"/></w:lvlOverride>)", level);
        }
        out += "</w:num>";
    }
    out += "</w:numbering>";
    return out;
}

std::string settings_xml() {
    std::string out(kXmlDecl);
    out += fmt::format(
        "<w:settings xmlns:w=\"{}\"><w:defaultTabStop w:val=\"720\"/>"
        "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
        "<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
        "w:val=\"15\"/></w:compat></w:settings>",
        kWordNs);
    return out;
}

std::string header_xml(const DocxDocument& doc) {
    std::string out(kXmlDecl);
    out += fmt::format(R"(<w:hdr xmlns:w="{}" xmlns:r="{}">)", kWordNs, kRelNs);
    bool any = false;
    if (!doc.header_text.empty()) {
        out += "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>";
        append_run(out, doc.header_text, "<w:b/><w:bCs/>");
        out += "</w:p>";
        any = true;
    }
    if (doc.draft_watermark) {
        out += "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>";
        append_run(out, kDraftMark, "<w:b/><w:bCs/><w:color w:val=\"D4351C\"/>");
        out += "</w:p>";
        any = true;
    }
    if (!any) {
        out += "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr></w:p>";  // a header needs one paragraph
    }
    out += "</w:hdr>";
    return out;
}

void append_field(std::string& out, std::string_view instruction) {
    out += fmt::format(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        instruction);
}

std::string footer_xml(const DocxDocument& doc) {
    std::string out(kXmlDecl);
    out += fmt::format(
        "<w:ftr xmlns:w=\"{}\" xmlns:r=\"{}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>"
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>",
        kWordNs, kRelNs, kTextWidth);
    append_run(out, doc.footer_text);
    out += "<w:r><w:tab/><w:t xml:space=\"preserve\">Page </w:t></w:r>";
    append_field(out, "PAGE");
    out += "<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>";
    append_field(out, "NUMPAGES");
    out += "</w:p></w:ftr>";
    return out;
}

std::string content_types() {
    return content_types_xml({
        {"/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
        {"/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
        {"/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"},
        {"/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"},
        {"/word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"},
        {"/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
    });
}

// The ids here are the ones document_xml's sectPr refers to (rId4 header, rId5 footer).
std::string document_rels_xml() {
    std::string out(kXmlDecl);
    out += fmt::format(
        "<Relationships xmlns=\"{0}\">"
        "<Relationship Id=\"rId1\" Type=\"{1}/styles\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"{1}/numbering\" Target=\"numbering.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"{1}/settings\" Target=\"settings.xml\"/>"
        "<Relationship Id=\"rId4\" Type=\"{1}/header\" Target=\"header1.xml\"/>"
        "<Relationship Id=\"rId5\" Type=\"{1}/footer\" Target=\"footer1.xml\"/>"
        "</Relationships>",
        kPackageRelNs, kRelNs);
    return out;
}

}  // namespace

Result<std::string> write_docx(const DocxDocument& document) {
    int numbered_lists = 0;
    BOROUGH_TRY(std::string body, document_xml(document, numbered_lists));
    auto zipped = zip_in_memory({
        {"[Content_Types].xml", content_types()},
        {"_rels/.rels", package_rels_xml("word/document.xml")},
        {"docProps/core.xml",
         core_properties_xml({.title = document.title, .subject = document.subject, .creator = document.author})},
        {"docProps/app.xml", app_properties_xml(/*with_doc_security=*/true)},
        {"word/document.xml", std::move(body)},
        {"word/styles.xml", styles_xml()},
        {"word/numbering.xml", numbering_xml(numbered_lists)},
        {"word/settings.xml", settings_xml()},
        {"word/header1.xml", header_xml(document)},
        {"word/footer1.xml", footer_xml(document)},
        {"word/_rels/document.xml.rels", document_rels_xml()},
    });
    if (!zipped) {
        return fail(ErrorCode::Internal, fmt::format("docx: {}", zipped.error().message));
    }
    return zipped;
}

}  // namespace borough::io
