// The in-memory table that the CSV and XLSX readers produce: a header, rows of UTF-8 cells, and the
// malformed rows reported beside them (never silently dropped, never aborting the rest).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borough::io {

struct TableRow {
    std::size_t line = 0;            // 1-based: CSV physical line where the record starts; XLSX row number
    std::vector<std::string> cells;  // UTF-8, exactly header.size() cells
};

struct SkippedRow {
    std::size_t line = 0;  // where the bad record starts (same numbering as TableRow::line)
    std::string reason;    // "unbalanced quote", "8 fields, expected 6", "invalid UTF-8 at byte 3 of field 2"
};

struct Table {
    std::string source;               // file name for messages
    std::vector<std::string> header;  // from the first row; blank/duplicate names made unique
    std::vector<TableRow> rows;
    std::vector<SkippedRow> skipped;  // malformed rows, in file order
    std::string encoding;             // "UTF-8", "UTF-8 with BOM", "Windows-1252", "XLSX"
    char delimiter = ',';             // CSV only
    std::string sheet;                // XLSX only: the sheet read

    // Index of the header named `name`, compared case-insensitively (ASCII) after trimming spaces.
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

// Header names as the readers store them: each trimmed of surrounding whitespace, a blank name becomes
// "Column N" (N = 1-based position) and a repeated name (case-insensitive) becomes "Name (2)", "Name (3)".
[[nodiscard]] std::vector<std::string> make_unique_header(std::vector<std::string> names);

}  // namespace borough::io
