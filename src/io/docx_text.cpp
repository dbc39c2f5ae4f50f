#include "io/docx_text.h"

#include <fmt/format.h>

#include <optional>
#include <pugixml.hpp>
#include <unordered_map>

#include "io/utf8_repair.h"
#include "io/xml_nodes.h"
#include "io/zip_archive.h"

namespace borough::io {
namespace {

Result<ZipArchive> open_zip(std::string_view bytes, std::string_view name) {
    const auto not_docx = [&] {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: is not a DOCX file (not a zip archive)", name),
                    std::string(name));
    };
    if (bytes.size() < 4 || bytes.substr(0, 2) != "PK") {
        return not_docx();
    }
    auto zip = open_zip_in_memory(bytes);
    if (!zip && zip.error().code == ErrorCode::Internal) {
        return fail(ErrorCode::Internal, fmt::format("{}: cannot read the zip in memory", name), std::string(name));
    }
    if (!zip) {
        return not_docx();
    }
    return zip;
}

// The part `part`, or nothing when the zip has no such part.
Result<std::optional<std::string>> read_part(zip_t* zip, std::string_view part, std::string_view name) {
    if (!has_zip_entry(zip, part)) {
        return std::optional<std::string>();
    }
    BOROUGH_TRY(std::string text, read_zip_entry(zip, part, name, kMaxDocxPartBytes));
    return std::optional<std::string>(std::move(text));
}

using xml::local_name;

std::string_view attribute(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        if (local_name(a.name()) == local) {
            return a.value();
        }
    }
    return {};
}

using xml::child;

// Style id → display name from word/styles.xml (absent or malformed styles: ids are used as they are).
std::unordered_map<std::string, std::string> style_names(std::string_view xml) {
    std::unordered_map<std::string, std::string> names;
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default)) {
        return names;
    }
    for (pugi::xml_node s = child(doc.document_element(), "style"); s; s = s.next_sibling()) {
        if (s.type() != pugi::node_element || local_name(s.name()) != "style") {
            continue;
        }
        const std::string_view id = attribute(s, "styleId");
        const std::string_view display = attribute(child(s, "name"), "val");
        if (!id.empty() && !display.empty()) {
            names.emplace(std::string(id), std::string(display));
        }
    }
    return names;
}

// Appends the visible text under `node`: runs, tabs, breaks, hyperlinks, fields' results and
// insertions; deleted text, field instructions and the fallback copy of alternate content are skipped.
void append_text(pugi::xml_node node, std::string& out, int depth) {
    if (depth > 64) {
        return;  // pathological nesting: stop rather than recurse without bound
    }
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            continue;
        }
        const std::string_view n = local_name(c.name());
        if (n == "t") {
            out += c.text().get();
        } else if (n == "tab") {
            out += '\t';
        } else if (n == "br" || n == "cr") {
            out += '\n';
        } else if (n == "noBreakHyphen") {
            out += '-';
        } else if (n == "del" || n == "delText" || n == "instrText" || n == "Fallback" || n == "pPr" || n == "rPr" ||
                   n == "moveFrom") {
            continue;
        } else {
            append_text(c, out, depth + 1);
        }
    }
}

class BodyReader {
public:
    BodyReader(const std::unordered_map<std::string, std::string>& styles, std::vector<DocxParagraph>& out)
        : styles_(styles), out_(out) {}

    void read_block(pugi::xml_node container, int depth) {
        if (depth > 64) {
            return;
        }
        for (pugi::xml_node c = container.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) {
                continue;
            }
            const std::string_view n = local_name(c.name());
            if (n == "p") {
                paragraph(c);
            } else if (n == "tbl") {
                table(c, depth);
            } else if (n == "sdt") {
                read_block(child(c, "sdtContent"), depth + 1);
            } else if (n == "customXml" || n == "ins") {
                read_block(c, depth + 1);
            }
        }
    }

private:
    void paragraph(pugi::xml_node p) {
        ++index_;
        std::string text;
        append_text(p, text, 0);
        if (is_blank(text)) {
            return;
        }
        std::string style;
        const std::string_view id = attribute(child(child(p, "pPr"), "pStyle"), "val");
        if (!id.empty()) {
            const auto found = styles_.find(std::string(id));
            style = found != styles_.end() ? found->second : std::string(id);
        }
        out_.push_back(DocxParagraph{repair_utf8(text), std::move(style), index_, false});
    }

    void table(pugi::xml_node tbl, int depth) {
        for (pugi::xml_node tr = tbl.first_child(); tr; tr = tr.next_sibling()) {
            if (tr.type() != pugi::node_element || local_name(tr.name()) != "tr") {
                continue;
            }
            ++index_;
            std::string row;
            bool first_cell = true;
            for (pugi::xml_node tc = tr.first_child(); tc; tc = tc.next_sibling()) {
                if (tc.type() != pugi::node_element || local_name(tc.name()) != "tc") {
                    continue;
                }
                std::string cell;
                cell_text(tc, cell, depth + 1);
                if (!first_cell) {
                    row += " | ";
                }
                first_cell = false;
                row += cell;
            }
            if (!is_blank(row) && row.find_first_not_of(" |") != std::string::npos) {
                out_.push_back(DocxParagraph{repair_utf8(row), "", index_, true});
            }
        }
    }

    // A cell's paragraphs (and nested tables) joined by spaces.
    static void cell_text(pugi::xml_node node, std::string& out, int depth) {
        if (depth > 64) {
            return;
        }
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) {
                continue;
            }
            const std::string_view n = local_name(c.name());
            if (n == "p") {
                std::string text;
                append_text(c, text, 0);
                if (!is_blank(text)) {
                    if (!out.empty()) {
                        out += ' ';
                    }
                    out += text;
                }
            } else if (n != "tcPr") {
                cell_text(c, out, depth + 1);
            }
        }
    }

    static bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\n\r") == std::string_view::npos; }

    const std::unordered_map<std::string, std::string>& styles_;
    std::vector<DocxParagraph>& out_;
    std::size_t index_ = 0;
};

}  // namespace

Result<std::vector<DocxParagraph>> docx_paragraphs(std::string_view bytes, std::string_view name) {
    BOROUGH_TRY(const ZipArchive zip, open_zip(bytes, name));
    BOROUGH_TRY(const std::optional<std::string> document, read_part(zip.get(), "word/document.xml", name));
    if (!document) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: is not a Word document (the zip has no word/document.xml)", name),
                    std::string(name));
    }
    BOROUGH_TRY(const std::optional<std::string> styles_xml, read_part(zip.get(), "word/styles.xml", name));
    const auto styles = styles_xml ? style_names(*styles_xml) : std::unordered_map<std::string, std::string>{};

    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(document->data(), document->size(), pugi::parse_default);
    if (!parsed) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: word/document.xml is malformed XML at byte {} ({})", name, parsed.offset,
                                parsed.description()),
                    std::string(name));
    }
    const pugi::xml_node body = child(doc.document_element(), "body");
    if (!body || local_name(doc.document_element().name()) != "document") {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: word/document.xml has no w:document/w:body element", name), std::string(name));
    }
    std::vector<DocxParagraph> paragraphs;
    BodyReader(styles, paragraphs).read_block(body, 0);
    return paragraphs;
}

}  // namespace borough::io
