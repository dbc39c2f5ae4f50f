#include "io/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "core/text_encoding.h"
#include "io/utf8_repair.h"

namespace borough::io {
namespace {

enum class RecordEnd { LineEnd, Eof, UnclosedQuote };

// Splits records one at a time. Field strings are reused across records so that steady-state reading
// does not allocate; `count` says how many of them the last record used.
class RecordScanner {
public:
    RecordScanner(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
    [[nodiscard]] std::size_t line() const { return line_; }

    RecordEnd next(std::vector<std::string>& fields, std::size_t& count) {
        const char* s = text_.data();
        const std::size_t n = text_.size();
        count = 0;
        for (;;) {
            if (count == fields.size()) {
                fields.emplace_back();
            }
            std::string& field = fields[count++];
            field.clear();
            if (pos_ < n && s[pos_] == '"') {
                open_quote_pos_ = pos_;
                open_quote_line_ = line_;
                ++pos_;
                for (;;) {
                    const void* q = std::memchr(s + pos_, '"', n - pos_);
                    if (q == nullptr) {
                        return RecordEnd::UnclosedQuote;
                    }
                    const auto qpos = static_cast<std::size_t>(static_cast<const char*>(q) - s);
                    append_quoted(field, text_.substr(pos_, qpos - pos_));
                    pos_ = qpos + 1;
                    if (pos_ < n && s[pos_] == '"') {
                        field += '"';
                        ++pos_;
                        continue;
                    }
                    break;
                }
            }
            const std::size_t start = pos_;
            while (pos_ < n) {
                const char c = s[pos_];
                if (c == delimiter_ || c == '\n' || c == '\r') {
                    break;
                }
                ++pos_;
            }
            field.append(s + start, pos_ - start);
            if (pos_ >= n) {
                return RecordEnd::Eof;
            }
            const char c = s[pos_++];
            if (c == delimiter_) {
                continue;
            }
            if (c == '\r' && pos_ < n && s[pos_] == '\n') {
                ++pos_;
            }
            ++line_;
            return RecordEnd::LineEnd;
        }
    }

    // After UnclosedQuote: no quote follows the one that opened, so continue after its line.
    void resume_after_open_quote() {
        pos_ = open_quote_pos_;
        line_ = open_quote_line_;
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') {
            ++pos_;
        }
        if (pos_ < text_.size()) {
            if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
                ++pos_;
            }
            ++pos_;
            ++line_;
        }
    }

private:
    // Appends text from inside quotes, turning CRLF and lone CR into LF and counting lines.
    void append_quoted(std::string& field, std::string_view chunk) {
        std::size_t i = 0;
        while (i < chunk.size()) {
            std::size_t j = i;
            while (j < chunk.size() && chunk[j] != '\n' && chunk[j] != '\r') {
                ++j;
            }
            field.append(chunk.data() + i, j - i);
            if (j == chunk.size()) {
                break;
            }
            field += '\n';
            ++line_;
            if (chunk[j] == '\r' && j + 1 < chunk.size() && chunk[j + 1] == '\n') {
                ++j;
            }
            i = j + 1;
        }
    }

    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t open_quote_pos_ = 0;
    std::size_t open_quote_line_ = 1;
};

bool is_blank_record(const std::vector<std::string>& fields, std::size_t count) {
    return count == 1 && fields[0].empty();
}

// Picks the delimiter whose field count is most consistent over the first records of a prefix.
char detect_delimiter(std::string_view text) {
    constexpr std::size_t kPrefixBytes = std::size_t{256} * 1024;
    constexpr std::size_t kRecords = 50;
    const std::string_view prefix = text.substr(0, kPrefixBytes);
    const bool truncated = prefix.size() < text.size();
    char best = ',';
    std::size_t best_matches = 0;
    std::size_t best_total = 1;
    std::size_t best_width = 0;
    std::vector<std::string> fields;
    std::vector<std::size_t> widths;
    for (const char delimiter : {',', ';', '\t', '|'}) {
        RecordScanner scanner(prefix, delimiter);
        widths.clear();
        while (widths.size() < kRecords && !scanner.at_end()) {
            std::size_t count = 0;
            const RecordEnd end = scanner.next(fields, count);
            if (end == RecordEnd::UnclosedQuote || (end == RecordEnd::Eof && truncated)) {
                break;
            }
            if (!is_blank_record(fields, count)) {
                widths.push_back(count);
            }
        }
        if (widths.empty() || widths[0] < 2) {
            continue;
        }
        const auto matches = static_cast<std::size_t>(std::count(widths.begin(), widths.end(), widths[0]));
        const std::size_t total = widths.size();
        // Compare match ratios exactly (matches/total), then the wider split, then list order.
        const std::size_t lhs = matches * best_total;
        const std::size_t rhs = best_matches * total;
        if (lhs > rhs || (lhs == rhs && widths[0] > best_width)) {
            best = delimiter;
            best_matches = matches;
            best_total = total;
            best_width = widths[0];
        }
    }
    return best;
}

struct Utf8Census {
    std::size_t valid_multibyte = 0;
    std::size_t invalid = 0;
};

Utf8Census count_utf8(std::string_view text) {
    Utf8Census census;
    std::size_t i = 0;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const auto bad = find_invalid_utf8(text.substr(i, 4));
        if (bad && *bad == 0) {
            ++census.invalid;
            ++i;
            continue;
        }
        // The sequence at i is valid (a later one in the 4-byte window may not be).
        const auto lead = static_cast<unsigned char>(text[i]);
        i += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        ++census.valid_multibyte;
    }
    return census;
}

std::string_view encoding_name(SourceEncoding e) {
    switch (e) {
        case SourceEncoding::Utf8:
            return "UTF-8";
        case SourceEncoding::Utf8WithBom:
            return "UTF-8 with BOM";
        case SourceEncoding::Windows1252:
            return "Windows-1252";
    }
    return "UTF-8";
}

}  // namespace

Result<Table> read_csv(std::string_view bytes, std::string_view source) {
    const std::string where(source);
    Table table;
    table.source = where;
    std::string_view body = bytes;
    SourceEncoding encoding = SourceEncoding::Utf8;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") {
        body.remove_prefix(3);
        encoding = SourceEncoding::Utf8WithBom;
    }
    const std::size_t bom = bytes.size() - body.size();
    if (const void* nul = std::memchr(body.data(), 0, body.size()); nul != nullptr) {
        const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - body.data()) + bom;
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: looks like a binary file, not CSV (NUL byte at offset {})", where, offset), where);
    }
    std::size_t controls = 0;
    bool blank = true;
    for (const char ch : body) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
            ++controls;
        }
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
            blank = false;
        }
    }
    if (blank) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the file is empty", where), where);
    }
    if (controls * 100 > body.size()) {
        return fail(
            ErrorCode::InvalidInput,
            fmt::format("{}: looks like a binary file, not CSV ({} control bytes in {})", where, controls, body.size()),
            where);
    }

    std::string transcoded;
    bool check_utf8 = false;
    if (find_invalid_utf8(body)) {
        const Utf8Census census = count_utf8(body);
        if (encoding == SourceEncoding::Utf8WithBom || census.valid_multibyte > census.invalid) {
            check_utf8 = true;
        } else {
            transcoded = windows1252_to_utf8(body);
            body = transcoded;
            encoding = SourceEncoding::Windows1252;
        }
    }
    table.encoding = std::string(encoding_name(encoding));
    table.delimiter = detect_delimiter(body);

    RecordScanner scanner(body, table.delimiter);
    std::vector<std::string> fields;
    std::size_t count = 0;
    while (!scanner.at_end() && table.header.empty()) {
        const std::size_t line = scanner.line();
        const RecordEnd end = scanner.next(fields, count);
        if (end == RecordEnd::UnclosedQuote) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: the header row (line {}) has an unbalanced quote", where, line), where);
        }
        if (is_blank_record(fields, count)) {
            continue;
        }
        std::vector<std::string> names;
        names.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            names.push_back(check_utf8 ? repair_utf8(fields[i]) : fields[i]);
        }
        table.header = make_unique_header(std::move(names));
    }
    if (table.header.empty()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: has no header row (only empty lines or empty fields)", where), where);
    }
    const std::size_t width = table.header.size();

    // One record per line is the common case; the estimate only avoids regrowth.
    const auto lines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    table.rows.reserve(lines + 1);
    while (!scanner.at_end()) {
        const std::size_t line = scanner.line();
        const RecordEnd end = scanner.next(fields, count);
        if (end == RecordEnd::UnclosedQuote) {
            table.skipped.push_back({line, "unbalanced quote"});
            scanner.resume_after_open_quote();
            continue;
        }
        if (is_blank_record(fields, count)) {
            continue;
        }
        std::size_t used = count;
        while (used > width && fields[used - 1].empty()) {
            --used;
        }
        if (used != width) {
            table.skipped.push_back({line, fmt::format("{} fields, expected {}", count, width)});
            continue;
        }
        if (check_utf8) {
            std::string reason;
            for (std::size_t i = 0; i < width && reason.empty(); ++i) {
                if (const auto bad = find_invalid_utf8(fields[i])) {
                    reason = fmt::format("invalid UTF-8 at byte {} of field {} ({})", *bad + 1, i + 1, table.header[i]);
                }
            }
            if (!reason.empty()) {
                table.skipped.push_back({line, std::move(reason)});
                continue;
            }
        }
        TableRow& row = table.rows.emplace_back();
        row.line = line;
        row.cells.assign(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(width));
    }
    return table;
}

}  // namespace borough::io
