// Job submissions as multipart/form-data: fields action, engine, param.NAME and one file. The file is
// streamed: a recording goes straight to upload_dir/<random>/<name> on disk, anything else is kept in
// memory up to max_input_bytes. Upload names are checked before anything is written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace borough::server {

struct Call;

// The name itself when it is a plain file name: 1-255 bytes of valid UTF-8 with no '/', '\\', "..",
// NUL or control character. InvalidInput naming `field` otherwise.
[[nodiscard]] Result<std::string> safe_upload_name(std::string_view name, std::string_view field);

// A recording saved by read_job_form; deletes its folder on destruction unless keep() was called.
class SavedUpload {
public:
    SavedUpload() = default;
    explicit SavedUpload(std::filesystem::path dir) : dir_(std::move(dir)) {}
    ~SavedUpload();
    SavedUpload(const SavedUpload&) = delete;
    SavedUpload& operator=(const SavedUpload&) = delete;
    SavedUpload(SavedUpload&& other) noexcept : dir_(std::exchange(other.dir_, {})) {}
    SavedUpload& operator=(SavedUpload&& other) noexcept;
    void keep() { dir_.clear(); }

private:
    std::filesystem::path dir_;
};

struct JobForm {
    std::string action;
    std::string engine;
    std::vector<std::pair<std::string, std::string>> params;  // from param.NAME fields
    bool has_file = false;
    std::string file_name;            // checked with safe_upload_name
    std::string file_bytes;           // when not a recording
    std::filesystem::path file_path;  // a recording saved on disk
    SavedUpload saved;                // owns file_path's folder until keep()
};

// Reads the multipart body of `call`. Errors: InvalidInput (unknown field, a second file, a bad file
// name: field "file"), ResourceExhausted field "file" when the file passes max_file_bytes, Unavailable
// when the recording cannot be written.
[[nodiscard]] Result<JobForm> read_job_form(Call& call, const std::filesystem::path& upload_dir,
                                            std::int64_t max_file_bytes);

}  // namespace borough::server
