// XLSX input: one worksheet of an Office Open XML workbook read into a Table (shared, inline and rich
// strings, numbers as stored, cells placed by their reference), with limits against zip bombs.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "io/table.h"

namespace borough::io {

// Caps on decompressed sizes; a part or a file over them is refused, never read in part.
struct XlsxLimits {
    std::uint64_t max_part_bytes = 512ULL * 1024 * 1024;    // any one zip entry
    std::uint64_t max_total_bytes = 1024ULL * 1024 * 1024;  // all entries read, together
};

// Reads the sheet named `sheet` (exact name, else case-insensitive), or the first sheet when empty.
// The first non-empty row is the header; entirely empty rows are skipped silently; TableRow::line is
// the sheet row number. Missing cells read as "". Cell values: shared, inline and formula strings as
// text (rich-text runs joined, _xHHHH_ escapes decoded, CRLF → LF); numbers as stored ("3", "0.25");
// booleans "TRUE"/"FALSE"; error cells ""; dates stay serial numbers. A row with a non-empty cell to
// the right of the header, or a bad shared-string index, goes to `skipped`.
// Errors (field = source unless noted): not a zip or corrupt (InvalidInput, naming the part), a
// required part missing (InvalidInput, naming it), unknown sheet (InvalidInput, field "sheet", listing
// the sheet names), a part over the limits (ResourceExhausted). Thread-safe (no shared state).
[[nodiscard]] Result<Table> read_xlsx(std::string_view bytes, std::string_view source, std::string_view sheet = {},
                                      const XlsxLimits& limits = {});

}  // namespace borough::io
