#include "server/upload.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <system_error>

#include "actions/common/recording.h"
#include "core/ids.h"
#include "core/text_encoding.h"
#include "server/call.h"

namespace borough::server {

namespace {
constexpr std::size_t kMaxFieldBytes = 64 * 1024;
}  // namespace

Result<std::string> safe_upload_name(std::string_view name, std::string_view field) {
    const std::string f(field);
    if (name.empty()) return fail(ErrorCode::InvalidInput, "the upload has no file name", f);
    if (name.size() > 255) return fail(ErrorCode::InvalidInput, "the file name is longer than 255 bytes", f);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == '/' || c == '\\') {
            return fail(ErrorCode::InvalidInput, fmt::format("the file name contains a path separator at byte {}", i),
                        f);
        }
        if (c < 0x20 || c == 0x7f) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("the file name contains a control character at byte {}", i), f);
        }
    }
    if (name.find("..") != std::string_view::npos)
        return fail(ErrorCode::InvalidInput, "the file name contains '..'", f);
    if (auto bad = find_invalid_utf8(name)) {
        return fail(ErrorCode::InvalidInput, fmt::format("the file name is not valid UTF-8 at byte {}", *bad), f);
    }
    return std::string(name);
}

SavedUpload::~SavedUpload() {
    if (dir_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

SavedUpload& SavedUpload::operator=(SavedUpload&& other) noexcept {
    if (this != &other) {
        if (!dir_.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
        }
        dir_ = std::exchange(other.dir_, {});
    }
    return *this;
}

namespace {

// Collects one form while httplib streams its parts: each part's header, then its bytes in pieces.
class FormReader {
public:
    FormReader(JobForm& form, const std::filesystem::path& upload_dir, std::int64_t max_file_bytes)
        : form_(form), upload_dir_(upload_dir), max_file_bytes_(max_file_bytes) {}

    bool on_header(const std::string& name, const std::string& filename) {
        if (!finish_part()) return false;
        limit_ = kMaxFieldBytes;
        if (name == "file") {
            if (form_.has_file) return stop(fail(ErrorCode::InvalidInput, "send one file per job", "file"));
            auto safe = safe_upload_name(filename, "file");
            if (!safe) return stop(fail(std::move(safe).error()));
            form_.has_file = true;
            form_.file_name = std::move(*safe);
            limit_ = static_cast<std::size_t>(max_file_bytes_);
            if (actions::is_recording(form_.file_name)) return open_recording();
            target_ = &form_.file_bytes;
            return true;
        }
        if (name == "action") {
            target_ = &form_.action;
        } else if (name == "engine") {
            target_ = &form_.engine;
        } else if (name.starts_with("param.") && name.size() > 6) {
            form_.params.emplace_back(name.substr(6), std::string());
            target_ = &form_.params.back().second;
        } else {
            return stop(fail(ErrorCode::InvalidInput,
                             fmt::format("unknown form field '{}' (expected action, file, engine, param.NAME)", name),
                             name));
        }
        return true;
    }

    bool on_data(const char* data, std::size_t n) {
        part_bytes_ += n;
        if (part_bytes_ > limit_) {
            if (form_.has_file && (target_ == &form_.file_bytes || out_.is_open())) {
                return stop(fail(ErrorCode::ResourceExhausted,
                                 fmt::format("the file is larger than the limit of {} bytes (max_input_bytes)", limit_),
                                 "file"));
            }
            return stop(
                fail(ErrorCode::InvalidInput, fmt::format("a form field is longer than {} bytes", limit_), "body"));
        }
        if (out_.is_open()) {
            out_.write(data, static_cast<std::streamsize>(n));
            if (!out_)
                return stop(fail(ErrorCode::Unavailable, "the upload could not be written to disk", "upload_dir"));
            return true;
        }
        if (target_ != nullptr) target_->append(data, n);
        return true;
    }

    // Ends the last part; the error that stopped reading, if any.
    Status finish() {
        if (error_.has_value()) return fail(*error_);
        if (!finish_part()) return fail(*error_);
        return {};
    }

    [[nodiscard]] bool has_error() const { return error_.has_value(); }

private:
    bool stop(Unexpected<Error> e) {
        if (!error_) error_ = std::move(e).error();
        return false;
    }

    bool open_recording() {
        std::error_code ec;
        const std::filesystem::path dir = upload_dir_ / random_hex(16);
        std::filesystem::create_directories(dir, ec);
        if (ec) return stop(fail(ErrorCode::Unavailable, "the upload folder cannot be created", "upload_dir"));
        form_.saved = SavedUpload(dir);
        form_.file_path = dir / form_.file_name;
        out_.open(form_.file_path, std::ios::binary | std::ios::trunc);
        if (!out_) return stop(fail(ErrorCode::Unavailable, "the upload could not be written to disk", "upload_dir"));
        target_ = nullptr;
        return true;
    }

    bool finish_part() {
        if (out_.is_open()) {
            out_.close();
            if (!out_)
                return stop(fail(ErrorCode::Unavailable, "the upload could not be written to disk", "upload_dir"));
        }
        target_ = nullptr;
        part_bytes_ = 0;
        return !error_.has_value();
    }

    JobForm& form_;
    const std::filesystem::path& upload_dir_;
    std::int64_t max_file_bytes_;
    std::string* target_ = nullptr;
    std::ofstream out_;
    std::size_t part_bytes_ = 0;
    std::size_t limit_ = kMaxFieldBytes;
    std::optional<Error> error_;
};

}  // namespace

Result<JobForm> read_job_form(Call& call, const std::filesystem::path& upload_dir, std::int64_t max_file_bytes) {
    JobForm form;
    FormReader reader(form, upload_dir, max_file_bytes);
    if (call.reader != nullptr) {
        const bool ok = (*call.reader)(
            [&](const httplib::MultipartFormData& part) { return reader.on_header(part.name, part.filename); },
            [&](const char* data, std::size_t n) { return reader.on_data(data, n); });
        call.reader = nullptr;
        BOROUGH_TRY_STATUS(reader.finish());
        if (!ok) {
            // httplib refuses a body whose Content-Length passes its hard limit before any part is read.
            const std::string length = call.req.get_header_value("Content-Length");
            std::int64_t declared = 0;
            std::from_chars(length.data(), length.data() + length.size(), declared);
            if (declared > max_file_bytes) {
                return fail(
                    ErrorCode::ResourceExhausted,
                    fmt::format("the upload is larger than the limit of {} bytes (max_input_bytes)", max_file_bytes),
                    "file");
            }
            return fail(ErrorCode::InvalidInput, "the multipart body could not be read to its end", "body");
        }
    } else {
        // httplib already parsed the body into req.files.
        for (const auto& [name, part] : call.req.files) {
            if (!reader.on_header(name, part.filename) || !reader.on_data(part.content.data(), part.content.size()))
                break;
        }
        BOROUGH_TRY_STATUS(reader.finish());
    }
    return form;
}

}  // namespace borough::server
