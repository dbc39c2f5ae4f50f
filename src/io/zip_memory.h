// Building a small zip archive in memory (deflate, fixed timestamps): XLSX test fixtures and fuzz
// inputs assembled from hand-written parts. Not for large data: everything is held in memory.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace borough::io {

// Entries are {name, content}, stored in the given order. Errors: Internal (libzip failure).
[[nodiscard]] Result<std::string> zip_in_memory(const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace borough::io
