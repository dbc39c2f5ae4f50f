#include "io/xlsx_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>

#include "core/strings.h"
#include "core/text_encoding.h"
#include "io/ooxml_package.h"
#include "io/utf8_repair.h"
#include "io/zip_archive.h"

namespace borough::io {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
// Deflate level 1 compresses sheet XML at ~3x the speed of level 6 (the cost of a million-row coding
// sheet), for a file ~30% larger; any level gives the same XML back.
constexpr zip_uint32_t kDeflateLevel = 1;
constexpr std::size_t kChunkBytes = std::size_t{256} * 1024;
// Sheets with more rows than this are written by a producer thread while libzip compresses.
constexpr std::size_t kThreadedRows = 4096;
constexpr std::size_t kQueuedChunks = 4;
// Cell styles in styles.xml: 0 default, 1 bold header, 2 wrapped text aligned to the top.
constexpr int kHeaderStyle = 1;
constexpr int kTextStyle = 2;

// Counts the bytes that would be appended, for measuring a sheet without building its XML.
class ByteCount {
public:
    void append(std::string_view s) { n_ += s.size(); }
    void push_back(char /*c*/) { ++n_; }
    [[nodiscard]] std::uint64_t size() const { return n_; }
    void resize(std::uint64_t n) { n_ = n; }
    void clear() { n_ = 0; }

private:
    std::uint64_t n_ = 0;
};

std::string escaped(std::string_view text) {
    std::string out;
    append_xml_escaped<XmlEscapes::Spreadsheet>(out, text);
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

bool is_ascii(std::string_view text) {
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, 8);
        if ((word & 0x8080808080808080ULL) != 0) {
            return false;
        }
    }
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0x80) != 0) {
            return false;
        }
    }
    return true;
}

// Cell text made safe: valid UTF-8, within Excel's per-cell limit.
std::string_view cell_text(std::string_view text, std::string& scratch) {
    if (!is_ascii(text) && find_invalid_utf8(text)) {
        scratch = repair_utf8(text);
        text = scratch;
    }
    // A UTF-8 byte never makes more than one UTF-16 unit, so short text needs no counting.
    if (text.size() <= kMaxXlsxCellChars || utf16_prefix(text, kMaxXlsxCellChars) == std::string_view::npos) {
        return text;
    }
    const std::size_t cut = utf16_prefix(text, kMaxXlsxCellChars - utf16_length(kTruncatedMarker));
    std::string truncated(text.substr(0, cut));
    truncated += kTruncatedMarker;
    scratch = std::move(truncated);
    return scratch;
}

std::string column_letters(std::size_t col) {
    std::array<char, 4> letters{};
    std::size_t n = 0;
    for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26) {
        letters[n++] = static_cast<char>('A' + (c - 1) % 26);
    }
    std::string out;
    while (n > 0) {
        out += letters[--n];
    }
    return out;
}

std::string ref(std::size_t col, std::size_t row) { return column_letters(col) + std::to_string(row); }

XlsxCellView view_of(const XlsxCell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
        return XlsxCellView(std::string_view(*text));
    }
    return XlsxCellView(std::get<double>(cell.value));
}

// Produces one worksheet's XML in chunks, so the zip can compress it without holding it whole.
// `Out` is std::string (the XML) or ByteCount (its size only); both see the same calls.
class SheetXml {
public:
    explicit SheetXml(const XlsxSheet& sheet) : sheet_(sheet) {
        width_ = std::max(sheet.header.size(), sheet.generated_rows.count > 0 ? sheet.generated_rows.columns : 0);
        for (const auto& row : sheet.rows) {
            width_ = std::max(width_, row.size());
        }
        for (std::size_t c = 0; c < width_; ++c) {
            cell_open_.push_back("<c r=\"" + column_letters(c));
        }
    }

    void restart() {
        stage_ = Stage::Start;
        next_row_ = 0;
    }

    // Whether the rows likely make more than a few chunks of XML (worth a producer thread).
    [[nodiscard]] bool has_many_rows() const { return sheet_.row_count() > kThreadedRows; }

    // A generated row wider than its source declared, found by the last pass (0 = none).
    [[nodiscard]] std::size_t too_wide_row() const { return too_wide_row_; }

    // Appends the next piece (about kChunkBytes); false when the document is complete.
    template <class Out>
    bool next(Out& out) {
        switch (stage_) {
            case Stage::Start:
                write_start(out);
                stage_ = Stage::Rows;
                return true;
            case Stage::Rows: {
                const std::size_t total = sheet_.row_count();
                while (next_row_ < total && out.size() < kChunkBytes) {
                    write_row(out, next_row_);
                    ++next_row_;
                }
                if (next_row_ == total) {
                    stage_ = Stage::End;
                }
                return true;
            }
            case Stage::End:
                out.append("</sheetData>"sv);
                if (!sheet_.header.empty()) {
                    out.append("<autoFilter ref=\"" + filter_range() + "\"/>");
                }
                out.append("</worksheet>"sv);
                stage_ = Stage::Done;
                return true;
            case Stage::Done:
                return false;
        }
        return false;
    }

    [[nodiscard]] std::string filter_range() const {
        return "A1:" + ref(sheet_.header.size() - 1, first_data_row() + sheet_.row_count() - 1);
    }
    [[nodiscard]] std::string absolute_filter_range() const {
        return "$A$1:$" + column_letters(sheet_.header.size() - 1) + "$" +
               std::to_string(first_data_row() + sheet_.row_count() - 1);
    }

private:
    enum class Stage { Start, Rows, End, Done };

    [[nodiscard]] std::size_t first_data_row() const { return sheet_.header.empty() ? 1 : 2; }

    template <class Out>
    void write_start(Out& out) {
        out.append(kXmlDecl);
        out.append(fmt::format(R"(<worksheet xmlns="{}" xmlns:r="{}">)", kMainNs, kRelNs));
        const std::size_t last_row = first_data_row() + sheet_.row_count() - 1;
        out.append("<dimension ref=\""sv);
        out.append(width_ == 0 ? std::string("A1") : "A1:" + ref(width_ - 1, std::max<std::size_t>(last_row, 1)));
        out.append(R"("/><sheetViews><sheetView workbookViewId="0">)");
        if (!sheet_.header.empty()) {
            out.append(
                "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>");
        }
        out.append("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"sv);
        bool cols_open = false;
        for (std::size_t i = 0; i < sheet_.column_widths.size(); ++i) {
            const double w = sheet_.column_widths[i];
            if (!(w > 0)) {
                continue;
            }
            if (!cols_open) {
                out.append("<cols>"sv);
            }
            cols_open = true;
            out.append(
                fmt::format(R"(<col min="{0}" max="{0}" width="{1}" customWidth="1"/>)", i + 1, std::min(w, 255.0)));
        }
        if (cols_open) {
            out.append("</cols>"sv);
        }
        out.append("<sheetData>"sv);
        if (!sheet_.header.empty()) {
            out.append("<row r=\"1\">"sv);
            set_row_number(1);
            for (std::size_t c = 0; c < sheet_.header.size(); ++c) {
                append_text_cell(out, c, sheet_.header[c], kHeaderStyle);
            }
            out.append("</row>"sv);
        }
    }

    void set_row_number(std::size_t number) {
        const auto res = std::to_chars(row_digits_.data(), row_digits_.data() + row_digits_.size(), number);
        row_digits_size_ = static_cast<std::size_t>(res.ptr - row_digits_.data());
    }
    [[nodiscard]] std::string_view row_digits() const { return {row_digits_.data(), row_digits_size_}; }

    template <class Out>
    void append_ref(Out& out, std::size_t col) {
        if (col >= cell_open_.size()) {  // only a too-wide generated row gets here
            cell_open_.push_back("<c r=\"" + column_letters(col));
        }
        out.append(cell_open_[col]);
        out.append(row_digits());
    }

    template <class Out>
    void append_text_cell(Out& out, std::size_t col, std::string_view text, int style) {
        if (text.empty()) {
            return;
        }
        const std::string_view safe = cell_text(text, scratch_);
        append_ref(out, col);
        out.append(style == kHeaderStyle ? std::string_view(R"(" s="1" t="inlineStr"><is><t)")
                                         : std::string_view(R"(" s="2" t="inlineStr"><is><t)"));
        const auto edge = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
        if (edge(safe.front()) || edge(safe.back())) {
            out.append(" xml:space=\"preserve\""sv);
        }
        out.push_back('>');
        append_xml_escaped<XmlEscapes::Spreadsheet>(out, safe);
        out.append("</t></is></c>"sv);
    }

    template <class Out>
    void append_cell(Out& out, std::size_t col, const XlsxCellView& cell) {
        if (!cell.is_number) {
            append_text_cell(out, col, cell.text, kTextStyle);
            return;
        }
        const double number = cell.number;
        if (!std::isfinite(number)) {
            append_text_cell(out, col, std::isnan(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity", kTextStyle);
            return;
        }
        append_ref(out, col);
        out.append("\"><v>"sv);
        std::array<char, 64> buf{};
        if (number == std::trunc(number) && std::abs(number) < 1e15 && !(number == 0 && std::signbit(number))) {
            // Whole numbers (counts, line numbers): the digits fmt's "{}" would give, without its float path.
            const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<std::int64_t>(number));
            out.append(std::string_view(buf.data(), static_cast<std::size_t>(res.ptr - buf.data())));
        } else {
            const auto res = fmt::format_to_n(buf.data(), buf.size(), "{}", number);
            out.append(std::string_view(buf.data(), res.size));
        }
        out.append("</v></c>"sv);
    }

    template <class Out>
    void write_row(Out& out, std::size_t index) {
        const std::size_t number = first_data_row() + index;
        set_row_number(number);
        const std::uint64_t start = out.size();
        out.append("<row r=\""sv);
        out.append(row_digits());
        out.append("\">"sv);
        const std::uint64_t cells_start = out.size();
        if (index < sheet_.rows.size()) {
            const auto& row = sheet_.rows[index];
            for (std::size_t c = 0; c < row.size(); ++c) {
                append_cell(out, c, view_of(row[c]));
            }
        } else {
            const auto& source = sheet_.generated_rows;
            generated_.clear();
            source.row(index - sheet_.rows.size(), generated_);
            if (generated_.size() > source.columns && too_wide_row_ == 0) {
                too_wide_row_ = number;
            }
            for (std::size_t c = 0; c < generated_.size(); ++c) {
                append_cell(out, c, generated_[c]);
            }
        }
        if (out.size() == cells_start) {
            out.resize(start);  // nothing to show: leave the row out
            return;
        }
        out.append("</row>"sv);
    }

    const XlsxSheet& sheet_;
    std::size_t width_ = 0;
    Stage stage_ = Stage::Start;
    std::size_t next_row_ = 0;
    std::string scratch_;
    std::vector<std::string> cell_open_;  // "<c r=\"" + column letters, per column
    std::array<char, 24> row_digits_{};
    std::size_t row_digits_size_ = 0;
    std::vector<XlsxCellView> generated_;
    std::size_t too_wide_row_ = 0;
};

// A libzip source that pulls XML from a SheetXml. libzip takes the size it is told only to choose
// between a plain and a ZIP64 entry header (it writes the header again with the real sizes after the
// data), so a nominal size is given and the XML is made once. Should a sheet's XML pass 4 GiB,
// libzip fails on the header mismatch and xlsx_to_bytes starts again with measured sizes, which
// give those entries ZIP64 headers. Large sheets are written by a producer thread, a few chunks
// ahead of libzip's compression on the calling thread.
class SheetSource {
public:
    explicit SheetSource(const XlsxSheet& sheet) : xml_(sheet) { zip_error_init(&error_); }
    ~SheetSource() {
        stop_producer();
        zip_error_fini(&error_);
    }
    SheetSource(const SheetSource&) = delete;
    SheetSource& operator=(const SheetSource&) = delete;
    SheetSource(SheetSource&&) = delete;
    SheetSource& operator=(SheetSource&&) = delete;

    // Replaces the nominal size with the XML's real size (a counting pass over every row).
    void measure() {
        xml_.restart();
        ByteCount count;
        size_ = 0;
        while (xml_.next(count)) {
            size_ += count.size();
            count.clear();
        }
        measured_ = true;
    }

    // Whether the XML written so far is too big for an entry without ZIP64 fields.
    [[nodiscard]] bool needs_zip64() const { return produced_ >= kPlainEntryBytes; }

    [[nodiscard]] const SheetXml& xml() const { return xml_; }

    static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        auto* self = static_cast<SheetSource*>(user);
        switch (cmd) {
            case ZIP_SOURCE_OPEN:
                self->open();
                return 0;
            case ZIP_SOURCE_READ:
                return self->read(static_cast<char*>(data), len);
            case ZIP_SOURCE_CLOSE:
                self->stop_producer();
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
                return 0;  // owned by xlsx_to_bytes
            case ZIP_SOURCE_SUPPORTS:
                return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
            default:
                zip_error_set(&self->error_, ZIP_ER_OPNOTSUPP, 0);
                return -1;
        }
    }

private:
    void open() {
        stop_producer();
        xml_.restart();
        buffer_.clear();
        offset_ = 0;
        produced_ = 0;
        threaded_ = xml_.has_many_rows();
        if (threaded_) {
            done_ = false;
            stop_ = false;
            failed_ = false;
            ready_.clear();
            producer_ = std::thread([this] { produce(); });
        }
    }

    void produce() {
        try {
            std::string chunk;
            for (;;) {
                chunk.clear();
                chunk.reserve(kChunkBytes + kChunkBytes / 4);
                if (!xml_.next(chunk)) {
                    break;
                }
                std::unique_lock lock(mutex_);
                space_.wait(lock, [this] { return stop_ || ready_.size() < kQueuedChunks; });
                if (stop_) {
                    return;
                }
                ready_.push_back(std::move(chunk));
                chunk = std::string();
                data_.notify_one();
            }
        } catch (...) {  // bad_alloc, or whatever the row source threw: libzip reports a read error
            const std::lock_guard lock(mutex_);
            failed_ = true;
        }
        const std::lock_guard lock(mutex_);
        done_ = true;
        data_.notify_one();
    }

    void stop_producer() {
        if (!producer_.joinable()) {
            return;
        }
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
            space_.notify_one();
        }
        producer_.join();
    }

    // The next chunk into buffer_; false at the end (or on failure, with error_ set).
    bool refill() {
        buffer_.clear();
        offset_ = 0;
        if (!threaded_) {
            return xml_.next(buffer_);
        }
        std::unique_lock lock(mutex_);
        data_.wait(lock, [this] { return !ready_.empty() || done_; });
        if (ready_.empty()) {
            if (failed_) {
                zip_error_set(&error_, ZIP_ER_INTERNAL, 0);
            }
            return false;
        }
        buffer_ = std::move(ready_.front());
        ready_.pop_front();
        space_.notify_one();
        return true;
    }

    zip_int64_t read(char* data, zip_uint64_t len) {
        zip_uint64_t written = 0;
        while (written < len) {
            if (offset_ == buffer_.size()) {
                if (!refill()) {
                    if (zip_error_code_zip(&error_) != ZIP_ER_OK) {
                        return -1;
                    }
                    break;
                }
                produced_ += buffer_.size();
                continue;
            }
            const std::size_t n =
                std::min<std::size_t>(buffer_.size() - offset_, static_cast<std::size_t>(len - written));
            std::memcpy(data + written, buffer_.data() + offset_, n);
            offset_ += n;
            written += n;
        }
        if (written == 0 && measured_ && produced_ != size_) {
            // The row source gave different rows in the two passes: the size libzip was promised is wrong.
            zip_error_set(&error_, ZIP_ER_INCONS, 0);
            return -1;
        }
        return static_cast<zip_int64_t>(written);
    }

    // libzip gives an entry ZIP64 fields when told a size above 0xFFFFFFFF * 32 / 33 (deflate's
    // worst case must fit 32 bits); below that, the nominal size keeps its plain header.
    static constexpr std::uint64_t kPlainEntryBytes = std::uint64_t{0xFFFFFFFF} / 33 * 32;
    static constexpr std::uint64_t kNominalBytes = kChunkBytes;

    SheetXml xml_;
    std::uint64_t size_ = kNominalBytes;
    bool measured_ = false;
    std::uint64_t produced_ = 0;
    std::string buffer_;
    std::size_t offset_ = 0;
    zip_error_t error_{};
    bool threaded_ = false;
    std::thread producer_;
    std::mutex mutex_;
    std::condition_variable data_;   // a chunk is ready, or the producer is done
    std::condition_variable space_;  // the queue has room, or stop_
    std::deque<std::string> ready_;  // guarded by mutex_, as are the three flags
    bool done_ = false;
    bool stop_ = false;
    bool failed_ = false;
};

std::string content_types(std::size_t sheets) {
    std::vector<PartContentType> parts;
    parts.push_back({"/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"});
    for (std::size_t i = 1; i <= sheets; ++i) {
        parts.push_back({fmt::format("/xl/worksheets/sheet{}.xml", i),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"});
    }
    parts.push_back({"/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"});
    return content_types_xml(parts);
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
    out += fmt::format("<Relationships xmlns=\"{}\">", kPackageRelNs);
    for (std::size_t i = 1; i <= sheets; ++i) {
        out += fmt::format(R"(<Relationship Id="rId{0}" Type="{1}/worksheet" Target="worksheets/sheet{0}.xml"/>)", i,
                           kRelNs);
    }
    out += fmt::format(R"(<Relationship Id="rId{}" Type="{}/styles" Target="styles.xml"/></Relationships>)", sheets + 1,
                       kRelNs);
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

Unexpected<Error> zip_failure(std::string_view what, std::string_view why) {
    return fail(ErrorCode::Internal, fmt::format("xlsx: cannot {} ({})", what, why));
}

Status add_entry(zip_t* zip, const char* name, zip_source_t* source) {
    return add_zip_entry(zip, name, source, kDeflateLevel, "xlsx");
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
        if (ascii_lower(name) == "history") {
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
        for (int n = 2; std::find(taken.begin(), taken.end(), ascii_lower(candidate)) != taken.end(); ++n) {
            candidate = fit(name, " (" + std::to_string(n) + ")");
        }
        taken.push_back(ascii_lower(candidate));
        out.push_back(std::move(candidate));
    }
    return out;
}

namespace {

// One try at the archive: written to `file` (libzip writes a temporary file beside it and renames it
// into place) and an empty string returned, or, without a file, returned as bytes. `measure` gives
// every sheet its real size (see SheetSource).
Result<std::string> build_xlsx(const std::vector<XlsxSheet>& sheets, const std::vector<std::string>& names,
                               const std::filesystem::path* file, bool measure, bool& retry_with_sizes) {
    std::vector<std::unique_ptr<SheetSource>> sources;
    sources.reserve(sheets.size());
    for (const auto& sheet : sheets) {
        sources.push_back(std::make_unique<SheetSource>(sheet));
        if (measure) {
            sources.back()->measure();
        }
    }
    const auto too_wide = [&]() -> Result<std::string> {  // the first row found too wide, if any
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (const std::size_t row = sources[i]->xml().too_wide_row(); row != 0) {
                return fail(ErrorCode::InvalidInput,
                            fmt::format("xlsx: sheet \"{}\", row {}: more cells than the {} its row source declared",
                                        names[i], row, sheets[i].generated_rows.columns),
                            names[i]);
            }
        }
        return std::string();
    };
    if (measure) {
        BOROUGH_TRY(auto ok, too_wide());
        (void)ok;
    }

    // libzip keeps pointers to these until zip_close.
    const std::vector<std::pair<std::string, std::string>> fixed = {
        {"[Content_Types].xml", content_types(sheets.size())},
        {"_rels/.rels", package_rels_xml("xl/workbook.xml")},
        {"docProps/core.xml", core_properties_xml({.creator = "borough"})},
        {"docProps/app.xml", app_properties_xml(/*with_doc_security=*/false)},
        {"xl/workbook.xml", workbook(names, sources, sheets)},
        {"xl/_rels/workbook.xml.rels", workbook_rels(sheets.size())},
        {"xl/styles.xml", styles()},
    };

    ZipSource memory;
    ZipArchive zip;
    zip_error_t error;
    zip_error_init(&error);
    if (file != nullptr) {
        int code = 0;
        zip.reset(zip_open(file->c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
        zip_error_set(&error, code, errno);
    } else {
        memory.reset(zip_source_buffer_create(nullptr, 0, 0, &error));
        if (memory) {
            zip.reset(zip_open_from_source(memory.get(), ZIP_TRUNCATE, &error));
        }
    }
    if (!zip) {
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        if (file != nullptr) {
            return fail(ErrorCode::Unavailable, fmt::format("{}: cannot create the file ({})", file->string(), why),
                        file->string());
        }
        return zip_failure("start an archive in memory", why);
    }
    zip_error_fini(&error);
    if (memory) {
        zip_source_keep(memory.get());  // the archive took our reference; this one outlives zip_close
    }
    for (const auto& [name, text] : fixed) {
        BOROUGH_TRY_STATUS(
            add_entry(zip.get(), name.c_str(), zip_source_buffer(zip.get(), text.data(), text.size(), 0)));
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const std::string name = fmt::format("xl/worksheets/sheet{}.xml", i + 1);
        BOROUGH_TRY_STATUS(add_entry(zip.get(), name.c_str(),
                                     zip_source_function(zip.get(), &SheetSource::callback, sources[i].get())));
    }
    if (zip_close(zip.get()) != 0) {
        BOROUGH_TRY(auto ok, too_wide());
        (void)ok;
        retry_with_sizes =
            !measure && std::any_of(sources.begin(), sources.end(), [](const auto& s) { return s->needs_zip64(); });
        if (file != nullptr) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("{}: cannot write the workbook ({})", file->string(), zip_strerror(zip.get())),
                        file->string());
        }
        return zip_failure("write the workbook", zip_strerror(zip.get()));
    }
    (void)zip.release();  // zip_close freed it
    if (auto ok = too_wide(); !ok) {
        if (file != nullptr) {
            std::error_code ignored;
            std::filesystem::remove(*file, ignored);
        }
        return ok;
    }
    return memory ? zip_source_bytes(memory.get(), "xlsx") : Result<std::string>(std::string());
}

// build_xlsx, again with measured sizes when a sheet turned out to need ZIP64 fields.
Result<std::string> write_workbook(const std::vector<XlsxSheet>& sheets, const std::filesystem::path* file) {
    std::vector<std::string> requested;
    requested.reserve(sheets.size());
    for (const auto& s : sheets) {
        requested.push_back(s.name);
    }
    const std::vector<std::string> names = xlsx_sheet_names(requested);
    bool retry_with_sizes = false;
    auto bytes = build_xlsx(sheets, names, file, false, retry_with_sizes);
    if (!bytes && retry_with_sizes) {
        return build_xlsx(sheets, names, file, true, retry_with_sizes);
    }
    return bytes;
}

}  // namespace

Result<std::string> xlsx_to_bytes(const std::vector<XlsxSheet>& sheets) {
    if (sheets.empty()) {
        return fail(ErrorCode::InvalidInput, "xlsx: a workbook needs at least one sheet");
    }
    return write_workbook(sheets, nullptr);
}

Status write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets) {
    if (sheets.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: a workbook needs at least one sheet", path.string()),
                    path.string());
    }
    std::filesystem::path part = path;
    part += ".part";
    auto written = write_workbook(sheets, &part);
    if (!written) {
        const Error& e = written.error();
        return fail(e.code, e.message.starts_with(part.string()) ? e.message : path.string() + ": " + e.message,
                    e.field.empty() ? path.string() : e.field);
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec) {
        const std::string why = ec.message();
        std::filesystem::remove(part, ec);
        return fail(ErrorCode::Unavailable,
                    fmt::format("{}: cannot rename the finished workbook into place ({})", path.string(), why),
                    path.string());
    }
    return {};
}

}  // namespace borough::io
