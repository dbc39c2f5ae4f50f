// Building and reading small zip archives in memory (deflate, fixed timestamps): XLSX test fixtures,
// fuzz inputs, DOCX parts. Not for large data: everything is held in memory. No libzip type shows
// here, so any module may use it; inside src/io, zip_archive.h is the libzip layer it is built on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace borough::io {

// Entries are {name, content}, stored in the given order. Errors: Internal (libzip failure).
[[nodiscard]] Result<std::string> zip_in_memory(const std::vector<std::pair<std::string, std::string>>& entries);

// The entries of a zip held in memory, {name, content} in archive order: reading back what
// zip_in_memory (or a writer such as write_docx) produced, in tests and for small documents.
// Errors: not a zip, a corrupt entry, or more than `max_total_bytes` decompressed (InvalidInput).
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> unzip_in_memory(
    std::string_view bytes, std::size_t max_total_bytes = std::size_t{64} << 20);

}  // namespace borough::io
