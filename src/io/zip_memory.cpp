#include "io/zip_memory.h"

#include <fmt/format.h>
#include <zip.h>

#include <array>
#include <memory>

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

Result<std::vector<std::pair<std::string, std::string>>> unzip_in_memory(std::string_view bytes,
                                                                          std::size_t max_total_bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip == nullptr) {
        std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        if (source != nullptr) {
            zip_source_free(source);
        }
        return fail(ErrorCode::InvalidInput, fmt::format("unzip_in_memory: not a readable zip archive ({})", why));
    }
    zip_error_fini(&error);
    const std::unique_ptr<zip_t, decltype(&zip_discard)> owner(zip, &zip_discard);
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t total = 0;
    const zip_int64_t count = zip_get_num_entries(zip, 0);
    std::array<char, std::size_t{64} * 1024> buffer{};
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto idx = static_cast<zip_uint64_t>(i);
        const char* name = zip_get_name(zip, idx, 0);
        zip_file_t* file = name == nullptr ? nullptr : zip_fopen_index(zip, idx, 0);
        if (file == nullptr) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("unzip_in_memory: cannot open entry {} ({})", i, zip_strerror(zip)));
        }
        std::string content;
        for (;;) {
            const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
            if (n < 0) {
                std::string why = zip_file_strerror(file);
                zip_fclose(file);
                return fail(ErrorCode::InvalidInput,
                            fmt::format("unzip_in_memory: entry {} is corrupt ({})", name, why));
            }
            if (n == 0) {
                break;
            }
            total += static_cast<std::size_t>(n);
            if (total > max_total_bytes) {
                zip_fclose(file);
                return fail(ErrorCode::InvalidInput,
                            fmt::format("unzip_in_memory: more than {} bytes decompressed (at entry {})",
                                        max_total_bytes, name));
            }
            content.append(buffer.data(), static_cast<std::size_t>(n));
        }
        zip_fclose(file);
        out.emplace_back(name, std::move(content));
    }
    return out;
}

}  // namespace borough::io
