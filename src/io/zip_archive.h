// The one libzip layer of src/io: opening an archive held in memory, reading its entries whole under
// a size limit (zip bombs), and adding entries with the fixed settings that keep written bytes
// reproducible. Used by zip_memory and the OOXML readers and writers. Private to src/io (its callers
// keep libzip out of public headers: other modules use zip_memory.h).
#pragma once

#include <zip.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace borough::io {

struct ZipDiscard {
    void operator()(zip_t* zip) const { zip_discard(zip); }
};
// An archive that is discarded (nothing written) unless released to zip_close.
using ZipArchive = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipSourceFree {
    void operator()(zip_source_t* source) const { zip_source_free(source); }
};
// One reference to a libzip source (libzip counts them: zip_source_keep adds one).
using ZipSource = std::unique_ptr<zip_source_t, ZipSourceFree>;

// 2020-01-01 00:00 in MS-DOS date/time format: the stamp of every entry written, for reproducible bytes.
inline constexpr zip_uint16_t kZipDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
inline constexpr zip_uint16_t kZipDosTime = 0;

// `bytes` opened read-only; they must outlive the archive. Errors: libzip cannot make a source of
// them (Internal) or cannot read them as a zip (InvalidInput); the message is libzip's reason alone,
// for the caller to say which file was not a zip.
[[nodiscard]] Result<ZipArchive> open_zip_in_memory(std::string_view bytes);

// Whether `zip` has an entry named `entry`, ignoring ASCII case (as every read by name here does).
[[nodiscard]] bool has_zip_entry(zip_t* zip, std::string_view entry);

// Called with the bytes decompressed so far after each block; an error it returns ends the read.
using ZipSizeCheck = std::function<Status(std::uint64_t bytes)>;

// Why libzip gave no bytes for an entry.
enum class ZipEntryFault { CannotOpen, Corrupt };
// The error to return for `fault`, worded by the caller; `why` is libzip's reason.
using ZipFaultError = std::function<Error(ZipEntryFault fault, std::string_view why)>;

// The entry at `index` decompressed whole. What comes out is counted, not what the entry's header
// declares (it may lie); the declared size only sizes the buffer when it passes `check_size`.
// Errors: `fault_error(...)` when the entry cannot be opened or is corrupt, and whatever `check_size`
// returns. For callers that walk the archive by index (unzip_in_memory); read_zip_entry words the
// errors for a named part.
[[nodiscard]] Result<std::string> read_zip_entry_at(zip_t* zip, zip_uint64_t index, const ZipSizeCheck& check_size,
                                                    const ZipFaultError& fault_error);

// The entry `entry` (ignoring ASCII case) decompressed whole, as read_zip_entry_at reads it. Errors,
// each message starting "`source`: " with Error::field `source`: no such entry (InvalidInput, "the
// part E is missing"), the entry cannot be opened or is corrupt (InvalidInput, with libzip's reason),
// and whatever `check_size` returns.
[[nodiscard]] Result<std::string> read_zip_entry(zip_t* zip, std::string_view entry, std::string_view source,
                                                 const ZipSizeCheck& check_size);

// The same, refusing an entry that expands past `max_bytes` (ResourceExhausted: "`source`: the
// part E expands to more than N bytes; refusing it").
[[nodiscard]] Result<std::string> read_zip_entry(zip_t* zip, std::string_view entry, std::string_view source,
                                                 std::uint64_t max_bytes);

// Adds `source` (which the archive then owns, also on failure; null reports the archive's last error)
// as `name` (UTF-8), deflated at `deflate_level` (1-9) with the fixed timestamp. Errors (Internal,
// "`context`: cannot ... (libzip's reason)"): libzip refuses the entry or its settings.
[[nodiscard]] Status add_zip_entry(zip_t* zip, const char* name, zip_source_t* source, zip_uint32_t deflate_level,
                                   std::string_view context);

// The bytes of an in-memory libzip source once the archive written on it is closed (the caller kept
// a reference with zip_source_keep). Errors (Internal, starting "`context`: "): libzip cannot read it.
[[nodiscard]] Result<std::string> zip_source_bytes(zip_source_t* source, std::string_view context);

}  // namespace borough::io
