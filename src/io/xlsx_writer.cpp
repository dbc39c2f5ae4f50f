#include "io/xlsx_writer.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>

#include "core/text_encoding.h"
#include "io/utf8_repair.h"

namespace borough::io {
namespace {

constexpr std::string_view kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
// 2020-01-01 00:00 in MS-DOS date/time format: a fixed stamp keeps the bytes reproducible.
constexpr zip_uint16_t kDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kDosTime = 0;
constexpr std::size_t kChunkBytes = std::size_t{256} * 1024;
// Cell styles in styles.xml: 0 default, 1 bold header, 2 wrapped text aligned to the top.
constexpr int kHeaderStyle = 1;
constexpr int kTextStyle = 2;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Appends UTF-8 `text` escaped for XML character data or a quoted attribute value.
void append_escaped(std::string& out, std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = s[i];
        switch (c) {
            case '&':
                out += "&amp;";
                continue;
            case '<':
                out += "&lt;";
                continue;
            case '>':
                out += "&gt;";
                continue;
            case '"':
                out += "&quot;";
                continue;
            case '\r':
                out += "_x000D_";
                continue;
            case '\t':
            case '\n':
                out += static_cast<char>(c);
                continue;
            default:
                break;
        }
        if (c < 0x20) {
            continue;  // not allowed anywhere in XML 1.0
        }
        // U+FFFE and U+FFFF are not XML characters either.
        if (c == 0xEF && i + 2 < text.size() && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
            i += 2;
            continue;
        }
        // A literal "_xHHHH_" would be read back as an escape: escape its underscore.
        if (c == '_' && i + 6 < text.size() && s[i + 1] == 'x' && is_hex(text[i + 2]) && is_hex(text[i + 3]) &&
            is_hex(text[i + 4]) && is_hex(text[i + 5]) && s[i + 6] == '_') {
            out += "_x005F_";
            continue;
        }
        out += static_cast<char>(c);
    }
}

std::string escaped(std::string_view text) {
    std::string out;
    append_escaped(out, text);
    return out;
}

// Byte length of the longest prefix of valid UTF-8 `text` with at most `units` UTF-16 code units,
// or npos when the whole text fits.
std::size_t utf16_prefix(std::string_view text, std::size_t units) {
    std::size_t used = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) {
            continue;
        }
        const std::size_t need = c >= 0xF0 ? 2 : 1;
        if (used + need > units) {
            return i;
        }
        used += need;
    }
    return std::string_view::npos;
}

std::size_t utf16_length(std::string_view s) {
    std::size_t n = 0;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c & 0xC0) != 0x80) {
            n += c >= 0xF0 ? 2 : 1;
        }
    }
    return n;
}

// Cell text made safe: valid UTF-8, within Excel's per-cell limit.
std::string_view cell_text(std::string_view text, std::string& scratch) {
    if (find_invalid_utf8(text)) {
        scratch = repair_utf8(text);
        text = scratch;
    }
    if (utf16_prefix(text, kMaxXlsxCellChars) == std::string_view::npos) {
        return text;
    }
    const std::size_t cut = utf16_prefix(text, kMaxXlsxCellChars - utf16_length(kTruncatedMarker));
    std::string truncated(text.substr(0, cut));
    truncated += kTruncatedMarker;
    scratch = std::move(truncated);
    return scratch;
}

void append_ref(std::string& out, std::size_t col, std::size_t row) {
    std::array<char, 4> letters{};
    std::size_t n = 0;
    for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26) {
        letters[n++] = static_cast<char>('A' + (c - 1) % 26);
    }
    while (n > 0) {
        out += letters[--n];
    }
    out += std::to_string(row);
}

std::string ref(std::size_t col, std::size_t row) {
    std::string out;
    append_ref(out, col, row);
    return out;
}

void append_text_cell(std::string& out, std::size_t col, std::size_t row, std::string_view text, int style,
                      std::string& scratch) {
    if (text.empty()) {
        return;
    }
    const std::string_view safe = cell_text(text, scratch);
    out += "<c r=\"";
    append_ref(out, col, row);
    out += "\" s=\"";
    out += static_cast<char>('0' + style);
    out += R"(" t="inlineStr"><is><t)";
    const auto edge = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    if (!safe.empty() && (edge(safe.front()) || edge(safe.back()))) {
        out += " xml:space=\"preserve\"";
    }
    out += '>';
    append_escaped(out, safe);
    out += "</t></is></c>";
}

void append_cell(std::string& out, std::size_t col, std::size_t row, const XlsxCell& cell, std::string& scratch) {
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
        append_text_cell(out, col, row, *text, kTextStyle, scratch);
        return;
    }
    const double number = std::get<double>(cell.value);
    if (!std::isfinite(number)) {
        append_text_cell(out, col, row,
                         std::isnan(number) ? "NaN"
                         : number > 0       ? "Infinity"
                                            : "-Infinity",
                         kTextStyle, scratch);
        return;
    }
    out += "<c r=\"";
    append_ref(out, col, row);
    out += "\"><v>";
    fmt::format_to(std::back_inserter(out), "{}", number);
    out += "</v></c>";
}

// Produces one worksheet's XML in chunks, so the zip can compress it without holding it whole.
class SheetXml {
public:
    explicit SheetXml(const XlsxSheet& sheet) : sheet_(sheet) {
        width_ = sheet.header.size();
        for (const auto& row : sheet.rows) {
            width_ = std::max(width_, row.size());
        }
    }

    void restart() {
        stage_ = Stage::Start;
        next_row_ = 0;
    }

    // Appends the next piece (about kChunkBytes); false when the document is complete.
    bool next(std::string& out) {
        switch (stage_) {
            case Stage::Start:
                write_start(out);
                stage_ = Stage::Rows;
                return true;
            case Stage::Rows:
                while (next_row_ < sheet_.rows.size() && out.size() < kChunkBytes) {
                    write_row(out, sheet_.rows[next_row_], first_data_row() + next_row_);
                    ++next_row_;
                }
                if (next_row_ == sheet_.rows.size()) {
                    stage_ = Stage::End;
                }
                return true;
            case Stage::End:
                out += "</sheetData>";
                if (!sheet_.header.empty()) {
                    out += "<autoFilter ref=\"" + filter_range() + "\"/>";
                }
                out += "</worksheet>";
                stage_ = Stage::Done;
                return true;
            case Stage::Done:
                return false;
        }
        return false;
    }

    [[nodiscard]] std::string filter_range() const {
        return "A1:" + ref(sheet_.header.size() - 1, first_data_row() + sheet_.rows.size() - 1);
    }
    [[nodiscard]] std::string absolute_filter_range() const {
        std::string first = "$A$1";
        std::string last = ref(sheet_.header.size() - 1, first_data_row() + sheet_.rows.size() - 1);
        const auto digit = last.find_first_of("0123456789");
        return first + ":$" + last.substr(0, digit) + "$" + last.substr(digit);
    }

private:
    enum class Stage { Start, Rows, End, Done };

    [[nodiscard]] std::size_t first_data_row() const { return sheet_.header.empty() ? 1 : 2; }

    void write_start(std::string& out) {
        out += kXmlDecl;
        out += fmt::format(R"(<worksheet xmlns="{}" xmlns:r="{}">)", kMainNs, kRelNs);
        const std::size_t last_row = first_data_row() + sheet_.rows.size() - 1;
        out += "<dimension ref=\"";
        out += width_ == 0 ? std::string("A1") : "A1:" + ref(width_ - 1, std::max<std::size_t>(last_row, 1));
        out += R"("/><sheetViews><sheetView workbookViewId="0">)";
        if (!sheet_.header.empty()) {
            out +=
                "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>";
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
        bool cols_open = false;
        for (std::size_t i = 0; i < sheet_.column_widths.size(); ++i) {
            const double w = sheet_.column_widths[i];
            if (!(w > 0)) {
                continue;
            }
            if (!cols_open) {
                out += "<cols>";
            }
            cols_open = true;
            fmt::format_to(std::back_inserter(out), R"(<col min="{0}" max="{0}" width="{1}" customWidth="1"/>)", i + 1,
                           std::min(w, 255.0));
        }
        if (cols_open) {
            out += "</cols>";
        }
        out += "<sheetData>";
        if (!sheet_.header.empty()) {
            out += "<row r=\"1\">";
            for (std::size_t c = 0; c < sheet_.header.size(); ++c) {
                append_text_cell(out, c, 1, sheet_.header[c], kHeaderStyle, scratch_);
            }
            out += "</row>";
        }
    }

    void write_row(std::string& out, const std::vector<XlsxCell>& row, std::size_t number) {
        const std::size_t start = out.size();
        out += "<row r=\"" + std::to_string(number) + "\">";
        const std::size_t cells_start = out.size();
        for (std::size_t c = 0; c < row.size(); ++c) {
            append_cell(out, c, number, row[c], scratch_);
        }
        if (out.size() == cells_start) {
            out.resize(start);  // nothing to show: leave the row out
            return;
        }
        out += "</row>";
    }

    const XlsxSheet& sheet_;
    std::size_t width_ = 0;
    Stage stage_ = Stage::Start;
    std::size_t next_row_ = 0;
    std::string scratch_;
};

// A libzip source that pulls XML from a SheetXml. Its size is measured by a dry run first, so the
// entry gets an ordinary (not ZIP64) header and libzip never needs to seek in it.
class SheetSource {
public:
    explicit SheetSource(const XlsxSheet& sheet) : xml_(sheet) {
        zip_error_init(&error_);
        std::string chunk;
        while (xml_.next(chunk)) {
            size_ += chunk.size();
            chunk.clear();
        }
    }
    ~SheetSource() { zip_error_fini(&error_); }
    SheetSource(const SheetSource&) = delete;
    SheetSource& operator=(const SheetSource&) = delete;
    SheetSource(SheetSource&&) = delete;
    SheetSource& operator=(SheetSource&&) = delete;

    [[nodiscard]] const SheetXml& xml() const { return xml_; }

    static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        auto* self = static_cast<SheetSource*>(user);
        switch (cmd) {
            case ZIP_SOURCE_OPEN:
                self->xml_.restart();
                self->buffer_.clear();
                self->offset_ = 0;
                return 0;
            case ZIP_SOURCE_READ:
                return self->read(static_cast<char*>(data), len);
            case ZIP_SOURCE_CLOSE:
                return 0;
            case ZIP_SOURCE_STAT: {
                auto* st = static_cast<zip_stat_t*>(data);
                zip_stat_init(st);
                st->size = self->size_;
                st->valid |= ZIP_STAT_SIZE;
                return sizeof(zip_stat_t);
            }
            case ZIP_SOURCE_ERROR:
                return zip_error_to_data(&self->error_, data, len);
            case ZIP_SOURCE_FREE:
                return 0;  // owned by write_xlsx
            case ZIP_SOURCE_SUPPORTS:
                return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
            default:
                zip_error_set(&self->error_, ZIP_ER_OPNOTSUPP, 0);
                return -1;
        }
    }

private:
    zip_int64_t read(char* data, zip_uint64_t len) {
        zip_uint64_t written = 0;
        while (written < len) {
            if (offset_ == buffer_.size()) {
                buffer_.clear();
                offset_ = 0;
                if (!xml_.next(buffer_)) {
                    break;
                }
                continue;
            }
            const std::size_t n =
                std::min<std::size_t>(buffer_.size() - offset_, static_cast<std::size_t>(len - written));
            std::memcpy(data + written, buffer_.data() + offset_, n);
            offset_ += n;
            written += n;
        }
        return static_cast<zip_int64_t>(written);
    }

    SheetXml xml_;
    std::uint64_t size_ = 0;
    std::string buffer_;
    std::size_t offset_ = 0;
    zip_error_t error_{};
};

std::string content_types(std::size_t sheets) {
    std::string out(kXmlDecl);
    out +=
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
    for (std::size_t i = 1; i <= sheets; ++i) {
        out += fmt::format(
            "<Override PartName=\"/xl/worksheets/sheet{}.xml\" "
            "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
            i);
    }
    out +=
        "<Override PartName=\"/xl/styles.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" "
        "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "<Override PartName=\"/docProps/app.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        "</Types>";
    return out;
}

std::string package_rels() {
    std::string out(kXmlDecl);
    out +=
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"xl/workbook.xml\"/>"
        "<Relationship Id=\"rId2\" "
        "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
        "Target=\"docProps/core.xml\"/>"
        "<Relationship Id=\"rId3\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
        "Target=\"docProps/app.xml\"/>"
        "</Relationships>";
    return out;
}

std::string core_props() {
    std::string out(kXmlDecl);
    out +=
        "<cp:coreProperties "
        "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<dc:creator>borough</dc:creator></cp:coreProperties>";
    return out;
}

std::string app_props() {
    std::string out(kXmlDecl);
    out +=
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        "<Application>borough</Application></Properties>";
    return out;
}

std::string workbook(const std::vector<std::string>& names, const std::vector<std::unique_ptr<SheetSource>>& sources,
                     const std::vector<XlsxSheet>& sheets) {
    std::string out(kXmlDecl);
    out += fmt::format(R"(<workbook xmlns="{}" xmlns:r="{}"><bookViews><workbookView/></bookViews><sheets>)", kMainNs,
                       kRelNs);
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += fmt::format(R"(<sheet name="{}" sheetId="{}" r:id="rId{}"/>)", escaped(names[i]), i + 1, i + 1);
    }
    out += "</sheets>";
    // Excel expects the autofilter range as this hidden defined name as well.
    std::string defined;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (sheets[i].header.empty()) {
            continue;
        }
        std::string quoted = names[i];
        for (std::size_t p = quoted.find('\''); p != std::string::npos; p = quoted.find('\'', p + 2)) {
            quoted.insert(p, 1, '\'');
        }
        defined += fmt::format(
            "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{}\" hidden=\"1\">"
            "'{}'!{}</definedName>",
            i, escaped(quoted), sources[i]->xml().absolute_filter_range());
    }
    if (!defined.empty()) {
        out += "<definedNames>" + defined + "</definedNames>";
    }
    out += "</workbook>";
    return out;
}

std::string workbook_rels(std::size_t sheets) {
    std::string out(kXmlDecl);
    out += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (std::size_t i = 1; i <= sheets; ++i) {
        out += fmt::format(
            "<Relationship Id=\"rId{0}\" "
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
            "Target=\"worksheets/sheet{0}.xml\"/>",
            i);
    }
    out += fmt::format(
        "<Relationship Id=\"rId{}\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
        "Target=\"styles.xml\"/></Relationships>",
        sheets + 1);
    return out;
}

std::string styles() {
    std::string out(kXmlDecl);
    out += fmt::format("<styleSheet xmlns=\"{}\">", kMainNs);
    out +=
        "<fonts count=\"2\">"
        "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        "<cellXfs count=\"3\">"
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
        "<alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
        "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        "</styleSheet>";
    return out;
}

struct ZipDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};

Status unavailable(const std::filesystem::path& path, std::string_view what, std::string_view why) {
    return fail(ErrorCode::Unavailable, fmt::format("{}: cannot {} ({})", path.string(), what, why), path.string());
}

Status add_entry(zip_t* zip, const std::filesystem::path& path, const char* name, zip_source_t* source) {
    if (source == nullptr) {
        return unavailable(path, "create a zip entry", zip_strerror(zip));
    }
    const zip_int64_t index = zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        return unavailable(path, fmt::format("add {}", name), zip_strerror(zip));
    }
    const auto idx = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(zip, idx, ZIP_CM_DEFLATE, 6) != 0 ||
        zip_file_set_dostime(zip, idx, kDosTime, kDosDate, 0) != 0) {
        return unavailable(path, fmt::format("set up {}", name), zip_strerror(zip));
    }
    return {};
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string folded(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

}  // namespace

std::vector<std::string> xlsx_sheet_names(const std::vector<std::string>& requested) {
    constexpr std::size_t kMaxUnits = 31;
    std::vector<std::string> out;
    std::vector<std::string> taken;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        std::string name;
        for (const char c : repair_utf8(requested[i])) {
            const auto b = static_cast<unsigned char>(c);
            if (b < 0x20) {
                continue;
            }
            name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
        }
        // Excel rejects names that start or end with an apostrophe, and reserves "History".
        while (!name.empty() && name.front() == '\'') {
            name.erase(0, 1);
        }
        while (!name.empty() && name.back() == '\'') {
            name.pop_back();
        }
        if (name.find_first_not_of(' ') == std::string::npos) {
            name = "Sheet " + std::to_string(i + 1);
        }
        if (folded(name) == "history") {
            name += " (2)";
        }
        const auto fit = [&](std::string base, std::string_view suffix) {
            const std::size_t room = kMaxUnits - utf16_length(suffix);
            const std::size_t cut = utf16_prefix(base, room);
            if (cut != std::string_view::npos) {
                base.resize(cut);
            }
            while (!base.empty() && base.back() == '\'') {
                base.pop_back();
            }
            return base + std::string(suffix);
        };
        std::string candidate = fit(name, "");
        for (int n = 2; std::find(taken.begin(), taken.end(), folded(candidate)) != taken.end(); ++n) {
            candidate = fit(name, " (" + std::to_string(n) + ")");
        }
        taken.push_back(folded(candidate));
        out.push_back(std::move(candidate));
    }
    return out;
}

Status write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets) {
    if (sheets.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: a workbook needs at least one sheet", path.string()),
                    path.string());
    }
    std::vector<std::string> requested;
    requested.reserve(sheets.size());
    for (const auto& s : sheets) {
        requested.push_back(s.name);
    }
    const std::vector<std::string> names = xlsx_sheet_names(requested);

    std::vector<std::unique_ptr<SheetSource>> sources;
    sources.reserve(sheets.size());
    for (const auto& s : sheets) {
        sources.push_back(std::make_unique<SheetSource>(s));
    }

    // libzip keeps pointers to these until zip_close.
    const std::vector<std::pair<std::string, std::string>> fixed = {
        {"[Content_Types].xml", content_types(sheets.size())},
        {"_rels/.rels", package_rels()},
        {"docProps/core.xml", core_props()},
        {"docProps/app.xml", app_props()},
        {"xl/workbook.xml", workbook(names, sources, sheets)},
        {"xl/_rels/workbook.xml.rels", workbook_rels(sheets.size())},
        {"xl/styles.xml", styles()},
    };

    std::filesystem::path part = path;
    part += ".part";
    int code = 0;
    std::unique_ptr<zip_t, ZipDiscard> zip(zip_open(part.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
    if (!zip) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        return unavailable(part, "create the file", why);
    }
    for (const auto& [name, text] : fixed) {
        BOROUGH_TRY_STATUS(
            add_entry(zip.get(), path, name.c_str(), zip_source_buffer(zip.get(), text.data(), text.size(), 0)));
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const std::string name = fmt::format("xl/worksheets/sheet{}.xml", i + 1);
        BOROUGH_TRY_STATUS(add_entry(zip.get(), path, name.c_str(),
                                     zip_source_function(zip.get(), &SheetSource::callback, sources[i].get())));
    }
    if (zip_close(zip.get()) != 0) {
        std::string why = zip_strerror(zip.get());
        std::error_code ignored;
        std::filesystem::remove(part, ignored);
        return unavailable(part, "write the workbook", why);
    }
    (void)zip.release();  // zip_close freed it
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) {
        std::filesystem::remove(part, ec);
        return unavailable(path, "rename the finished workbook into place", ec.message());
    }
    return {};
}

}  // namespace borough::io
