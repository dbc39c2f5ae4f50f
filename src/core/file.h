// Reading and writing whole files with errors that name the path. Writes are atomic (temp + rename)
// so a crash never leaves a half-written output where a complete one was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace borough {

// Reads the whole file. Fails with NotFound (missing), InvalidInput (a directory, empty when
// !allow_empty), ResourceExhausted (larger than max_bytes) or Unavailable (unreadable).
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path,
                                            std::uint64_t max_bytes, bool allow_empty = false);

// Writes `data` to path.tmp, fsyncs, renames over `path`.
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& path, std::string_view data);

}  // namespace borough
