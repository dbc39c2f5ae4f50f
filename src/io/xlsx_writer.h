// XLSX output for reports (coding sheets, summaries): a minimal, valid Office Open XML workbook with a
// bold, frozen, filterable header row. Sheet XML is streamed into the zip (never held whole), and large
// sheets can generate their rows on demand, so memory stays near the compressed output size.
#pragma once

#include <concepts>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace borough::io {

// One cell: text (UTF-8) or a number. Implicit from text and numbers so rows read as {"Ward", 12}.
struct XlsxCell {
    std::variant<std::string, double> value;

    XlsxCell() = default;
    XlsxCell(std::string text) : value(std::move(text)) {}    // NOLINT(google-explicit-constructor)
    XlsxCell(const char* text) : value(std::string(text)) {}  // NOLINT(google-explicit-constructor)
    XlsxCell(double number) : value(number) {}                // NOLINT(google-explicit-constructor)
    template <std::integral I>
    XlsxCell(I number) : value(static_cast<double>(number)) {}  // NOLINT(google-explicit-constructor)
};

// A cell of a generated row: text viewed from storage the row source owns, or a number.
struct XlsxCellView {
    std::string_view text;
    double number = 0;
    bool is_number = false;

    XlsxCellView() = default;
    XlsxCellView(std::string_view t) : text(t) {}           // NOLINT(google-explicit-constructor)
    XlsxCellView(double n) : number(n), is_number(true) {}  // NOLINT(google-explicit-constructor)
};

// Rows made on demand, so a sheet of a million rows never exists in memory as cells.
struct XlsxRowSource {
    std::size_t count = 0;    // number of rows
    std::size_t columns = 0;  // cells in the widest row (the sheet's dimension); a wider row is an error
    // Replaces `cells` with row `index` (0-based). The writer calls it for 0..count-1 in order, never
    // concurrently, but possibly from a thread of its own; once per workbook, or in three passes
    // should a sheet's XML pass 4 GiB (then it must give the same cells each time). It must not
    // throw (libzip, a C library, may be on the stack). The text must stay valid until the next call.
    std::function<void(std::size_t index, std::vector<XlsxCellView>& cells)> row;
};

struct XlsxSheet {
    std::string name;                         // sanitised: ≤31 characters, none of []:*?/\, unique
    std::vector<std::string> header;          // bold, frozen top row with an autofilter; may be empty
    std::vector<std::vector<XlsxCell>> rows;  // may be wider than the header
    XlsxRowSource generated_rows;             // optional: data rows written after `rows`
    std::vector<double> column_widths;        // optional, Excel character units; <= 0 means default
    // Data rows: `rows` plus the generated ones.
    [[nodiscard]] std::size_t row_count() const { return rows.size() + generated_rows.count; }
};

// Excel's limit on the characters in one cell; longer text is cut and ends with kTruncatedMarker.
inline constexpr std::size_t kMaxXlsxCellChars = 32767;
inline constexpr std::string_view kTruncatedMarker = "\xE2\x80\xA6[truncated]";  // "…[truncated]"

// The workbook's bytes. They depend only on the input (fixed zip timestamps; deflate level 1, which
// is several times faster than the default level 6 on sheet XML for a ~30% larger file). Text is
// XML-escaped; characters XML 1.0 forbids are dropped and invalid UTF-8 becomes U+FFFD. Empty text
// cells, and rows with no cells left, are left out. NaN and infinities are written as text. Sheets
// of more than 4,096 rows are compressed while a second thread writes their XML.
// Errors: no sheets, or a generated row wider than its source's `columns` (InvalidInput, naming the
// sheet and row); a libzip failure (Internal). Thread-safe (no shared state).
[[nodiscard]] Result<std::string> xlsx_to_bytes(const std::vector<XlsxSheet>& sheets);

// The same bytes written to `path` atomically (to "path.part", then renamed), compressed straight to
// the file rather than held in memory. Errors: those of xlsx_to_bytes (naming the path), cannot
// create, write or rename the file (Unavailable, naming the path). Thread-safe for distinct paths.
[[nodiscard]] Status write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets);

// The sheet names write_xlsx will use for these requested names (exposed for tests and for links
// between sheets): forbidden characters become '_', blank names "Sheet N", at most 31 UTF-16 units,
// unique ignoring ASCII case (" (2)" appended).
[[nodiscard]] std::vector<std::string> xlsx_sheet_names(const std::vector<std::string>& requested);

}  // namespace borough::io
