// Opening a survey or other table file from disk, whichever of CSV and XLSX it is (decided by content,
// not by extension).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "io/table.h"

namespace borough::io {

inline constexpr std::uint64_t kMaxTableFileBytes = 1024ULL * 1024 * 1024;

// Reads `path` as XLSX when it is a zip ("PK\3\4"), otherwise as CSV; Table::source is the file name.
// `sheet` picks an XLSX sheet (see read_xlsx); naming one for a CSV file is an error.
// Errors: missing file (NotFound), unreadable (Unavailable), over kMaxTableFileBytes
// (ResourceExhausted), an old binary .xls workbook or a .xlsx that is not a zip (InvalidInput, saying
// to save as .xlsx or .csv), and everything read_csv / read_xlsx report. Thread-safe.
[[nodiscard]] Result<Table> read_table_file(const std::filesystem::path& path, std::string_view sheet = {});

}  // namespace borough::io
