#include "io/zip_memory.h"

#include <fmt/format.h>
#include <zip.h>

namespace borough::io {
namespace {

Unexpected<Error> zip_failure(std::string_view what, zip_error_t* error) {
    return fail(ErrorCode::Internal, fmt::format("zip_in_memory: {} ({})", what, zip_error_strerror(error)));
}

}  // namespace

Result<std::string> zip_in_memory(const std::vector<std::pair<std::string, std::string>>& entries) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer == nullptr) {
        return zip_failure("buffer", &error);
    }
    zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (zip == nullptr) {
        zip_source_free(buffer);
        return zip_failure("open", &error);
    }
    zip_source_keep(buffer);  // survive zip_close so the archive can be read back
    for (const auto& [name, content] : entries) {
        zip_source_t* part = zip_source_buffer(zip, content.data(), content.size(), 0);
        const zip_int64_t index = part == nullptr ? -1 : zip_file_add(zip, name.c_str(), part, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            if (part != nullptr) {
                zip_source_free(part);
            }
            std::string why = zip_strerror(zip);
            zip_discard(zip);
            zip_source_free(buffer);
            return fail(ErrorCode::Internal, fmt::format("zip_in_memory: add {} ({})", name, why));
        }
        const auto idx = static_cast<zip_uint64_t>(index);
        (void)zip_set_file_compression(zip, idx, ZIP_CM_DEFLATE, 6);
        (void)zip_file_set_dostime(zip, idx, 0, (40 << 9) | (1 << 5) | 1, 0);
    }
    if (zip_close(zip) != 0) {
        std::string why = zip_strerror(zip);
        zip_discard(zip);
        zip_source_free(buffer);
        return fail(ErrorCode::Internal, fmt::format("zip_in_memory: close ({})", why));
    }
    std::string out;
    zip_stat_t st;
    if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0) {
        zip_source_free(buffer);
        return fail(ErrorCode::Internal, "zip_in_memory: cannot read the archive back");
    }
    out.resize(static_cast<std::size_t>(st.size));
    const zip_int64_t n = zip_source_read(buffer, out.data(), out.size());
    zip_source_close(buffer);
    zip_source_free(buffer);
    if (n < 0 || static_cast<std::size_t>(n) != out.size()) {
        return fail(ErrorCode::Internal, "zip_in_memory: short read of the archive");
    }
    return out;
}

}  // namespace borough::io
