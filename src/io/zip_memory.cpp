#include "io/zip_memory.h"

#include <fmt/format.h>

#include <cstdint>

#include "io/zip_archive.h"

namespace borough::io {
namespace {

// zlib's default. write_docx bytes depend on it: a change here changes every document written.
constexpr zip_uint32_t kDeflateLevel = 6;

Unexpected<Error> zip_failure(std::string_view what, zip_error_t* error) {
    std::string why = zip_error_strerror(error);
    zip_error_fini(error);
    return fail(ErrorCode::Internal, fmt::format("zip_in_memory: {} ({})", what, why));
}

}  // namespace

Result<std::string> zip_in_memory(const std::vector<std::pair<std::string, std::string>>& entries) {
    zip_error_t error;
    zip_error_init(&error);
    const ZipSource memory(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!memory) {
        return zip_failure("buffer", &error);
    }
    ZipArchive zip(zip_open_from_source(memory.get(), ZIP_TRUNCATE, &error));
    if (!zip) {
        return zip_failure("open", &error);
    }
    zip_error_fini(&error);
    zip_source_keep(memory.get());  // the archive took our reference; this one outlives zip_close
    for (const auto& [name, content] : entries) {
        BOROUGH_TRY_STATUS(add_zip_entry(zip.get(), name.c_str(),
                                         zip_source_buffer(zip.get(), content.data(), content.size(), 0), kDeflateLevel,
                                         "zip_in_memory"));
    }
    if (zip_close(zip.get()) != 0) {
        return fail(ErrorCode::Internal, fmt::format("zip_in_memory: close ({})", zip_strerror(zip.get())));
    }
    (void)zip.release();  // zip_close freed it
    return zip_source_bytes(memory.get(), "zip_in_memory");
}

Result<std::vector<std::pair<std::string, std::string>>> unzip_in_memory(std::string_view bytes,
                                                                         std::size_t max_total_bytes) {
    auto zip = open_zip_in_memory(bytes);
    if (!zip) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("unzip_in_memory: not a readable zip archive ({})", zip.error().message));
    }
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t total = 0;  // decompressed by the entries before this one; never above max_total_bytes
    const zip_int64_t count = zip_get_num_entries(zip->get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto idx = static_cast<zip_uint64_t>(i);
        const char* name = zip_get_name(zip->get(), idx, 0);
        if (name == nullptr) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("unzip_in_memory: cannot open entry {} ({})", i, zip_strerror(zip->get())));
        }
        const auto check_size = [&](std::uint64_t entry_bytes) -> Status {
            if (entry_bytes > max_total_bytes - total) {
                return fail(ErrorCode::InvalidInput,
                            fmt::format("unzip_in_memory: more than {} bytes decompressed (at entry {})",
                                        max_total_bytes, name));
            }
            return {};
        };
        const auto fault_error = [&](ZipEntryFault fault, std::string_view why) {
            return Error{ErrorCode::InvalidInput,
                         fault == ZipEntryFault::CannotOpen
                             ? fmt::format("unzip_in_memory: cannot open entry {} ({})", i, why)
                             : fmt::format("unzip_in_memory: entry {} is corrupt ({})", name, why),
                         std::string()};
        };
        BOROUGH_TRY(std::string content, read_zip_entry_at(zip->get(), idx, check_size, fault_error));
        total += content.size();
        out.emplace_back(name, std::move(content));
    }
    return out;
}

}  // namespace borough::io
