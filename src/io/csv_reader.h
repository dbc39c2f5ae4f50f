// CSV input (RFC 4180 plus what spreadsheet exports really contain): delimiter and encoding detection,
// quoted fields, and malformed records reported with their line instead of aborting the file.
#pragma once

#include <string_view>

#include "core/result.h"
#include "io/table.h"

namespace borough::io {

// Parses a whole CSV file held in memory. `source` names the file in messages and Error::field.
//
// - Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF and lone CR end
//   records, and line breaks inside quoted fields become LF. Text after a closing quote is kept
//   (`"a"b` reads as `ab`, as Excel does); a quote inside an unquoted field is literal.
// - Encoding: a UTF-8 BOM is removed. Valid UTF-8 is read as is. A file with more valid multi-byte
//   UTF-8 sequences than invalid bytes is UTF-8 with a few damaged records, which go to `skipped`
//   naming the field and byte; any other file is decoded as Windows-1252.
// - Delimiter: `,` `;` TAB or `|`, whichever gives the most consistent field count (> 1) over the
//   first 50 records; `,` for a one-column file.
// - The first non-blank record is the header. Blank lines are ignored. A record with a different
//   field count goes to `skipped` ("4 fields, expected 3"), except that extra empty trailing fields
//   are dropped. A quote left open at end of file skips the record where it starts; reading resumes
//   after the line holding that quote.
// Errors (InvalidInput, field = source): empty or blank input, binary content (NUL byte offset or
// too many control bytes), an unbalanced quote in the header. A header-only file is an empty table.
// Thread-safe (no shared state). Time and memory are linear in the input size.
[[nodiscard]] Result<Table> read_csv(std::string_view bytes, std::string_view source);

}  // namespace borough::io
