#include "io/xlsx_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/text_encoding.h"
#include "io/utf8_repair.h"
#include "io/xml_nodes.h"
#include "io/zip_archive.h"

namespace borough::io {
namespace {

constexpr std::size_t kMaxColumns = 16384;  // Excel's XFD
constexpr std::size_t kMaxRows = 1048576;   // Excel's last row

// Reads parts of a zip held in memory, counting decompressed bytes against the limits.
class PartReader {
public:
    PartReader(ZipArchive zip, std::string source, XlsxLimits limits)
        : zip_(std::move(zip)), source_(std::move(source)), limits_(limits) {}

    [[nodiscard]] bool has(const std::string& name) const { return has_zip_entry(zip_.get(), name); }

    [[nodiscard]] Result<std::string> read(const std::string& name) {
        if (!has(name)) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: is not a valid XLSX file: the part {} is missing", source_, name), source_);
        }
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat(zip_.get(), name.c_str(), ZIP_FL_NOCASE, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0) {
            BOROUGH_TRY_STATUS(check_size(name, st.size));
        }
        BOROUGH_TRY(std::string out, read_zip_entry(zip_.get(), name, source_,
                                                    [&](std::uint64_t bytes) { return check_size(name, bytes); }));
        total_ += out.size();
        return out;
    }

private:
    Status check_size(const std::string& name, std::uint64_t part) const {
        if (part > limits_.max_part_bytes) {
            return fail(ErrorCode::ResourceExhausted,
                        fmt::format("{}: the part {} expands to more than {} bytes; refusing it (a zip "
                                    "bomb or a sheet too large to read)",
                                    source_, name, limits_.max_part_bytes),
                        source_);
        }
        if (total_ + part > limits_.max_total_bytes) {
            return fail(ErrorCode::ResourceExhausted,
                        fmt::format("{}: the workbook expands to more than {} bytes; refusing it", source_,
                                    limits_.max_total_bytes),
                        source_);
        }
        return {};
    }

    ZipArchive zip_;
    std::string source_;
    XlsxLimits limits_;
    std::uint64_t total_ = 0;
};

using xml::local_name;

using xml::child;

// Attribute by local name; `prefixed` asks for a namespaced one such as r:id.
std::string_view attribute(pugi::xml_node node, std::string_view local, bool prefixed = false) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name(a.name());
        if (local_name(a.name()) == local && (name.find(':') != std::string_view::npos) == prefixed) {
            return a.value();
        }
    }
    return {};
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_folded(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Cell text as the Table stores it: _xHHHH_ escapes (how OOXML writes control characters) decoded,
// CRLF and lone CR as LF, NUL dropped, invalid UTF-8 replaced.
std::string clean_text(std::string_view raw) {
    if (raw.find("_x") == std::string_view::npos && raw.find('\r') == std::string_view::npos &&
        !find_invalid_utf8(raw)) {
        return std::string(raw);
    }
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '_' && i + 6 < raw.size() && raw[i + 1] == 'x' && raw[i + 6] == '_') {
            std::uint32_t cp = 0;
            bool ok = true;
            for (std::size_t k = 2; k < 6; ++k) {
                const int h = hex_value(raw[i + k]);
                ok = ok && h >= 0;
                cp = (cp << 4) | static_cast<std::uint32_t>(h < 0 ? 0 : h);
            }
            if (ok) {
                if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
                    append_utf8(out, cp);
                }
                i += 6;
                continue;
            }
        }
        out += c;
    }
    std::string normalised;
    normalised.reserve(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\r') {
            normalised += '\n';
            if (i + 1 < out.size() && out[i + 1] == '\n') {
                ++i;
            }
        } else {
            normalised += out[i];
        }
    }
    return repair_utf8(normalised);
}

// Text of a shared-string item or inline string: a plain <t>, or rich-text runs <r><t>; phonetic
// runs (<rPh>) are not part of the value.
std::string rich_text(pugi::xml_node item) {
    std::string out;
    for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
        const std::string_view name = local_name(c.name());
        if (name == "t") {
            out += c.text().get();
        } else if (name == "r") {
            if (pugi::xml_node t = child(c, "t")) {
                out += t.text().get();
            }
        }
    }
    return clean_text(out);
}

// "C7" → column 2 (0-based); nullopt when it is not a cell reference inside Excel's grid.
std::optional<std::size_t> column_of(std::string_view ref) {
    std::size_t col = 0;
    std::size_t letters = 0;
    while (letters < ref.size() && ref[letters] >= 'A' && ref[letters] <= 'Z') {
        col = col * 26 + static_cast<std::size_t>(ref[letters] - 'A' + 1);
        if (++letters > 3) {
            return std::nullopt;
        }
    }
    if (letters == 0 || col > kMaxColumns) {
        return std::nullopt;
    }
    return col - 1;
}

std::string column_letters(std::size_t col) {
    std::string out;
    for (std::size_t n = col + 1; n > 0; n = (n - 1) / 26) {
        out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return out;
}

std::optional<std::size_t> parse_index(std::string_view text) {
    std::size_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

// Resolves a relationship target against the folder of the part that refers to it.
std::string resolve_target(std::string_view base_dir, std::string_view target) {
    std::string joined = !target.empty() && target.front() == '/' ? std::string(target.substr(1))
                                                                  : std::string(base_dir) + std::string(target);
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= joined.size()) {
        const std::size_t slash = std::min(joined.find('/', start), joined.size());
        const std::string segment = joined.substr(start, slash - start);
        if (segment == "..") {
            if (!parts.empty()) {
                parts.pop_back();
            }
        } else if (!segment.empty() && segment != ".") {
            parts.push_back(segment);
        }
        start = slash + 1;
    }
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : "/") + p;
    }
    return out;
}

struct Relationship {
    std::string id;
    std::string type;
    std::string target;  // resolved part name
};

constexpr unsigned kParseFlags = pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata;

Result<pugi::xml_document> parse_xml(std::string& text, const std::string& part, const std::string& source) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed =
        doc.load_buffer_inplace(text.data(), text.size(), kParseFlags, pugi::encoding_auto);
    if (!parsed) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: the part {} is not well-formed XML ({} at byte {})", source, part,
                                parsed.description(), parsed.offset),
                    source);
    }
    return doc;
}

Result<std::vector<Relationship>> read_relationships(PartReader& zip, const std::string& part,
                                                     std::string_view base_dir, const std::string& source) {
    std::vector<Relationship> out;
    if (!zip.has(part)) {
        return out;
    }
    BOROUGH_TRY(std::string text, zip.read(part));
    BOROUGH_TRY(pugi::xml_document doc, parse_xml(text, part, source));
    for (pugi::xml_node r = doc.document_element().first_child(); r; r = r.next_sibling()) {
        if (local_name(r.name()) != "Relationship") {
            continue;
        }
        out.push_back({std::string(attribute(r, "Id")), std::string(attribute(r, "Type")),
                       resolve_target(base_dir, attribute(r, "Target"))});
    }
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct SheetRef {
    std::string name;
    std::string rel_id;
};

// Turns <row> elements into Table rows: header from the first non-empty row, then data rows.
class SheetRows {
public:
    SheetRows(Table& table, const std::vector<std::string>& shared) : table_(table), shared_(shared) {}

    [[nodiscard]] bool has_header() const { return have_header_; }

    void take(pugi::xml_node row) {
        if (row.type() != pugi::node_element || local_name(row.name()) != "row") {
            return;
        }
        const auto stated = parse_index(attribute(row, "r"));
        row_number_ = stated && *stated > 0 && *stated <= kMaxRows ? *stated : row_number_ + 1;
        cells_.clear();
        std::string problem;
        std::size_t next_col = 0;
        for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element || local_name(c.name()) != "c") {
                continue;
            }
            const std::string_view ref = attribute(c, "r");
            std::size_t col = next_col;
            if (!ref.empty()) {
                const auto parsed = column_of(ref);
                if (!parsed) {
                    if (problem.empty()) {
                        problem = fmt::format("bad cell reference \"{}\"", repair_utf8(ref));
                    }
                    continue;
                }
                col = *parsed;
            }
            if (col >= kMaxColumns) {
                if (problem.empty()) {
                    problem = "cell beyond column XFD";
                }
                continue;
            }
            next_col = col + 1;
            const std::string_view type = attribute(c, "t");
            const pugi::xml_node v = child(c, "v");
            std::string value;
            if (type == "s") {
                const auto index = parse_index(v.text().get());
                if (!index || *index >= shared_.size()) {
                    if (problem.empty()) {
                        problem = fmt::format("cell {}{}: shared string {} does not exist", column_letters(col),
                                              row_number_, repair_utf8(v.text().get()));
                    }
                    continue;
                }
                value = shared_[*index];
            } else if (type == "inlineStr" || (type.empty() && child(c, "is"))) {
                value = rich_text(child(c, "is"));
            } else if (type == "b") {
                const std::string_view b = v.text().get();
                value = b == "1" ? "TRUE" : b == "0" ? "FALSE" : clean_text(b);
            } else if (type == "e") {
                value.clear();
            } else {
                value = clean_text(v.text().get());
            }
            if (value.empty()) {
                continue;
            }
            if (cells_.size() <= col) {
                cells_.resize(col + 1);
            }
            cells_[col] = std::move(value);
        }
        while (!cells_.empty() && cells_.back().empty()) {
            cells_.pop_back();
        }
        if (!problem.empty()) {
            table_.skipped.push_back({row_number_, std::move(problem)});
            return;
        }
        if (cells_.empty()) {
            return;
        }
        if (!have_header_) {
            have_header_ = true;
            width_ = cells_.size();
            table_.header = make_unique_header(std::move(cells_));
            cells_ = {};
            return;
        }
        if (cells_.size() > width_) {
            table_.skipped.push_back({row_number_, fmt::format("value in column {} beyond the header's {} columns",
                                                               column_letters(cells_.size() - 1), width_)});
            return;
        }
        cells_.resize(width_);
        table_.rows.push_back({row_number_, std::move(cells_)});
        cells_ = {};
    }

private:
    Table& table_;
    const std::vector<std::string>& shared_;
    bool have_header_ = false;
    std::size_t width_ = 0;
    std::size_t row_number_ = 0;
    std::vector<std::string> cells_;
};

// Reads the rows of a worksheet in batches of a few thousand <row> elements, each parsed as an XML
// fragment, so memory stays near the size of the sheet text instead of a DOM of the whole sheet.
// Returns false, having read nothing useful, when the text cannot be split safely that way.
bool read_rows_in_batches(const std::string& text, Table& table, const std::vector<std::string>& shared,
                          bool& have_header) {
    constexpr std::size_t kRowsPerBatch = 4096;
    if (text.size() >= 2 && (static_cast<unsigned char>(text[0]) >= 0xFE || text[0] == '\0' || text[1] == '\0')) {
        return false;  // UTF-16: the byte searches below would not work
    }
    const std::size_t name = text.find("sheetData");
    if (name == std::string::npos) {
        return false;
    }
    std::size_t open = name;
    while (open > 0 && text[open - 1] != '<' && text[open - 1] != '>' && text[open - 1] != ' ') {
        --open;
    }
    if (open == 0 || text[open - 1] != '<') {
        return false;
    }
    const std::string prefix = text.substr(open, name - open);  // "" or a namespace prefix such as "x:"
    if (!prefix.empty() && prefix.back() != ':') {
        return false;
    }
    const std::size_t tag_end = text.find('>', name);
    if (tag_end == std::string::npos) {
        return false;
    }
    SheetRows rows(table, shared);
    if (text[tag_end - 1] != '/') {
        const std::size_t end = text.find("</" + prefix + "sheetData", tag_end);
        if (end == std::string::npos) {
            return false;
        }
        const std::string row_end = "</" + prefix + "row>";
        std::size_t begin = tag_end + 1;
        while (begin < end) {
            std::size_t cut = begin;
            for (std::size_t n = 0; n < kRowsPerBatch; ++n) {
                const std::size_t hit = text.find(row_end, cut);
                if (hit == std::string::npos || hit >= end) {
                    cut = end;
                    break;
                }
                cut = hit + row_end.size();
            }
            pugi::xml_document doc;
            if (!doc.load_buffer(text.data() + begin, cut - begin, kParseFlags | pugi::parse_fragment,
                                 pugi::encoding_utf8)) {
                return false;
            }
            for (pugi::xml_node row : doc.children()) {
                rows.take(row);
            }
            begin = cut;
        }
    }
    have_header = rows.has_header();
    return true;
}

}  // namespace

Result<Table> read_xlsx(std::string_view bytes, std::string_view source, std::string_view sheet,
                        const XlsxLimits& limits) {
    const std::string where(source);
    auto archive = open_zip_in_memory(bytes);
    if (!archive) {
        return fail(
            ErrorCode::InvalidInput,
            fmt::format("{}: is not a valid XLSX file (zip archive unreadable: {})", where, archive.error().message),
            where);
    }
    PartReader zip(std::move(archive).value(), where, limits);

    // The package relationships name the workbook part; xl/workbook.xml is the usual place.
    std::string workbook_part = "xl/workbook.xml";
    BOROUGH_TRY(auto package_rels, read_relationships(zip, "_rels/.rels", "", where));
    for (const auto& r : package_rels) {
        if (ends_with(r.type, "/officeDocument")) {
            workbook_part = r.target;
        }
    }
    const std::size_t slash = workbook_part.rfind('/');
    const std::string workbook_dir = slash == std::string::npos ? "" : workbook_part.substr(0, slash + 1);
    const std::string workbook_file = slash == std::string::npos ? workbook_part : workbook_part.substr(slash + 1);

    BOROUGH_TRY(std::string workbook_text, zip.read(workbook_part));
    BOROUGH_TRY(pugi::xml_document workbook, parse_xml(workbook_text, workbook_part, where));
    std::vector<SheetRef> sheets;
    for (pugi::xml_node s = child(child(workbook.document_element(), "sheets"), "sheet"); s; s = s.next_sibling()) {
        if (local_name(s.name()) != "sheet") {
            continue;
        }
        sheets.push_back({clean_text(attribute(s, "name")), std::string(attribute(s, "id", true))});
    }
    if (sheets.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the workbook ({}) lists no sheets", where, workbook_part),
                    where);
    }
    const SheetRef* chosen = sheet.empty() ? &sheets.front() : nullptr;
    for (const auto& s : sheets) {
        if (chosen == nullptr && s.name == sheet) {
            chosen = &s;
        }
    }
    for (const auto& s : sheets) {
        if (chosen == nullptr && equal_folded(s.name, sheet)) {
            chosen = &s;
        }
    }
    if (chosen == nullptr) {
        std::string names;
        for (const auto& s : sheets) {
            names += (names.empty() ? "\"" : ", \"") + s.name + "\"";
        }
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: has no sheet named \"{}\" (sheets: {})", where, repair_utf8(sheet), names),
                    "sheet");
    }

    BOROUGH_TRY(auto workbook_rels,
                read_relationships(zip, workbook_dir + "_rels/" + workbook_file + ".rels", workbook_dir, where));
    std::string sheet_part;
    std::string shared_part;
    for (const auto& r : workbook_rels) {
        if (r.id == chosen->rel_id) {
            sheet_part = r.target;
        }
        if (ends_with(r.type, "/sharedStrings")) {
            shared_part = r.target;
        }
    }
    if (sheet_part.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: is not a valid XLSX file: no worksheet part for sheet \"{}\" in {}", where,
                                chosen->name, workbook_file + ".rels"),
                    where);
    }
    if (shared_part.empty() && zip.has(workbook_dir + "sharedStrings.xml")) {
        shared_part = workbook_dir + "sharedStrings.xml";
    }

    std::vector<std::string> shared;
    if (!shared_part.empty() && zip.has(shared_part)) {
        BOROUGH_TRY(std::string text, zip.read(shared_part));
        BOROUGH_TRY(pugi::xml_document doc, parse_xml(text, shared_part, where));
        for (pugi::xml_node si = doc.document_element().first_child(); si; si = si.next_sibling()) {
            if (local_name(si.name()) == "si") {
                shared.push_back(rich_text(si));
            }
        }
    }

    BOROUGH_TRY(std::string sheet_text, zip.read(sheet_part));
    Table table;
    table.source = where;
    table.encoding = "XLSX";
    table.sheet = chosen->name;
    bool have_header = false;
    if (!read_rows_in_batches(sheet_text, table, shared, have_header)) {
        // Not splittable (another encoding, or "</row>" inside a comment or CDATA): read it whole.
        table.rows.clear();
        table.skipped.clear();
        table.header.clear();
        BOROUGH_TRY(pugi::xml_document sheet_doc, parse_xml(sheet_text, sheet_part, where));
        SheetRows rows(table, shared);
        for (pugi::xml_node row : child(sheet_doc.document_element(), "sheetData").children()) {
            rows.take(row);
        }
        have_header = rows.has_header();
    }
    if (!have_header) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the sheet \"{}\" is empty", where, chosen->name), where);
    }
    return table;
}

}  // namespace borough::io
