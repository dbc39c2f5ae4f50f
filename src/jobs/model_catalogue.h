// Adding a model to the catalogue, shared by `borough models add` and POST /api/v1/models: a local file
// (checksummed) or a URL (downloaded into the models folder, checked against the given sha256), then
// its magic is checked (GGUF language model or whisper.cpp GGML speech model), then it is recorded and
// audited. Nothing is recorded when any step fails; a bad download is removed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "store/job_store.h"

namespace borough::jobs {

struct ModelSource {
    std::string source;  // file path or http(s) URL
    std::string sha256;  // expected hex; required for a URL, checked when given for a file
    std::string name;    // catalogue name; "" = the file's stem
};

using DownloadProgress = std::function<void(std::uint64_t done_bytes, std::uint64_t total_bytes)>;

[[nodiscard]] bool is_url(std::string_view source);

// InvalidInput when the first 4 bytes are neither "GGUF" nor the whisper GGML magic (names the file).
[[nodiscard]] Status check_model_file(const std::filesystem::path& path);

// Errors: InvalidInput (no sha256 for a URL, checksum mismatch, not a model file), NotFound (no such
// file), the download's own errors (Unavailable, DeadlineExceeded), the store's errors.
[[nodiscard]] Result<store::ModelRecord> add_model(store::JobStore& jobs, const Clock& clock,
                                                   const std::filesystem::path& models_dir, const ModelSource& source,
                                                   const std::string& actor, const DownloadProgress& progress = {});

}  // namespace borough::jobs
