#include "io/zip_archive.h"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace borough::io {

Result<ZipArchive> open_zip_in_memory(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.empty() ? "" : bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        return fail(ErrorCode::Internal, std::move(why));
    }
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip == nullptr) {
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        zip_source_free(source);
        return fail(ErrorCode::InvalidInput, std::move(why));
    }
    zip_error_fini(&error);
    return ZipArchive(zip);
}

bool has_zip_entry(zip_t* zip, std::string_view entry) {
    return zip_name_locate(zip, std::string(entry).c_str(), ZIP_FL_NOCASE) >= 0;
}

Result<std::string> read_zip_entry_at(zip_t* zip, zip_uint64_t index, const ZipSizeCheck& check_size,
                                      const ZipFaultError& fault_error) {
    zip_stat_t st;
    zip_stat_init(&st);
    const bool sized = zip_stat_index(zip, index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0;
    zip_file_t* file = zip_fopen_index(zip, index, 0);
    if (file == nullptr) {
        return fail(fault_error(ZipEntryFault::CannotOpen, zip_strerror(zip)));
    }
    std::string out;
    if (sized && check_size(st.size)) {
        out.reserve(static_cast<std::size_t>(st.size));
    }
    std::array<char, std::size_t{64} * 1024> buffer{};
    for (;;) {
        const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
        if (n < 0) {
            std::string why = zip_file_strerror(file);
            zip_fclose(file);
            return fail(fault_error(ZipEntryFault::Corrupt, why));
        }
        if (n == 0) {
            break;
        }
        out.append(buffer.data(), static_cast<std::size_t>(n));
        if (auto ok = check_size(out.size()); !ok) {
            zip_fclose(file);
            return fail(std::move(ok).error());
        }
    }
    zip_fclose(file);
    return out;
}

Result<std::string> read_zip_entry(zip_t* zip, std::string_view entry, std::string_view source,
                                   const ZipSizeCheck& check_size) {
    const std::string name(entry);
    const zip_int64_t index = zip_name_locate(zip, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the part {} is missing", source, name),
                    std::string(source));
    }
    return read_zip_entry_at(zip, static_cast<zip_uint64_t>(index), check_size,
                             [&](ZipEntryFault fault, std::string_view why) {
                                 return Error{ErrorCode::InvalidInput,
                                              fault == ZipEntryFault::CannotOpen
                                                  ? fmt::format("{}: cannot read the part {} ({})", source, name, why)
                                                  : fmt::format("{}: the part {} is corrupt ({})", source, name, why),
                                              std::string(source)};
                             });
}

Result<std::string> read_zip_entry(zip_t* zip, std::string_view entry, std::string_view source,
                                   std::uint64_t max_bytes) {
    return read_zip_entry(zip, entry, source, [&](std::uint64_t bytes) -> Status {
        if (bytes > max_bytes) {
            return fail(
                ErrorCode::ResourceExhausted,
                fmt::format("{}: the part {} expands to more than {} bytes; refusing it", source, entry, max_bytes),
                std::string(source));
        }
        return {};
    });
}

Status add_zip_entry(zip_t* zip, const char* name, zip_source_t* source, zip_uint32_t deflate_level,
                     std::string_view context) {
    if (source == nullptr) {
        return fail(ErrorCode::Internal, fmt::format("{}: cannot create a zip entry ({})", context, zip_strerror(zip)));
    }
    const zip_int64_t index = zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        return fail(ErrorCode::Internal, fmt::format("{}: cannot add {} ({})", context, name, zip_strerror(zip)));
    }
    const auto idx = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(zip, idx, ZIP_CM_DEFLATE, deflate_level) != 0 ||
        zip_file_set_dostime(zip, idx, kZipDosTime, kZipDosDate, 0) != 0) {
        return fail(ErrorCode::Internal, fmt::format("{}: cannot set up {} ({})", context, name, zip_strerror(zip)));
    }
    return {};
}

Result<std::string> zip_source_bytes(zip_source_t* source, std::string_view context) {
    const auto unreadable = [&] {
        return fail(ErrorCode::Internal, fmt::format("{}: cannot read the finished archive back from memory", context));
    };
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(source, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0 || zip_source_open(source) != 0) {
        return unreadable();
    }
    std::string out(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t n = zip_source_read(source, out.data(), st.size);
    zip_source_close(source);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
        return unreadable();
    }
    return out;
}

}  // namespace borough::io
