// XLSX output for reports (coding sheets, summaries): a minimal, valid Office Open XML workbook with a
// bold, frozen, filterable header row, streamed into the zip so memory stays near the output size.
#pragma once

#include <concepts>
#include <filesystem>
#include <string>
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

struct XlsxSheet {
    std::string name;                         // sanitised: ≤31 characters, none of []:*?/\, unique
    std::vector<std::string> header;          // bold, frozen top row with an autofilter; may be empty
    std::vector<std::vector<XlsxCell>> rows;  // may be wider than the header
    std::vector<double> column_widths;        // optional, Excel character units; <= 0 means default
};

// Excel's limit on the characters in one cell; longer text is cut and ends with kTruncatedMarker.
inline constexpr std::size_t kMaxXlsxCellChars = 32767;
inline constexpr std::string_view kTruncatedMarker = "\xE2\x80\xA6[truncated]";  // "…[truncated]"

// Writes the workbook to `path` atomically (to "path.part", then renamed). The bytes depend only on
// the input (fixed zip timestamps). Text is XML-escaped; characters XML 1.0 forbids are dropped and
// invalid UTF-8 becomes U+FFFD. Empty text cells are left out. NaN and infinities are written as text.
// Errors: no sheets (InvalidInput), cannot create or rename the file (Unavailable, naming the path).
// Thread-safe for distinct paths.
[[nodiscard]] Status write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets);

// The sheet names write_xlsx will use for these requested names (exposed for tests and for links
// between sheets): forbidden characters become '_', blank names "Sheet N", at most 31 UTF-16 units,
// unique ignoring ASCII case (" (2)" appended).
[[nodiscard]] std::vector<std::string> xlsx_sheet_names(const std::vector<std::string>& requested);

}  // namespace borough::io
