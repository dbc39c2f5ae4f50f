// HttpClient: the outbound HTTP calls borough makes (OpenAI-compatible engines, model downloads),
// over libcurl. curl's headers appear only in http_client.cpp. Never logs bodies or API keys: only
// the host, status, sizes and durations, at debug level.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace borough {

struct HttpHeader {
    std::string name;
    std::string value;
};

struct HttpResponse {
    long status = 0;                  // final HTTP status, e.g. 200 or 503
    std::vector<HttpHeader> headers;  // of the final response, in arrival order
    std::string body;

    // Value of the first header called `name` (case-insensitive), or nullopt.
    [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

// (bytes written so far, total from Content-Length or 0 when unknown). Called from the calling thread.
using DownloadProgress = std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total)>;

struct DownloadOptions {
    std::optional<std::string> expected_sha256;  // lower- or upper-case hex; checked when set
    std::uint64_t max_bytes = 64ULL << 30;       // ResourceExhausted past this size
    std::int64_t timeout_ms = 0;                 // whole transfer; 0 = no limit
    std::int64_t stall_timeout_ms = 60'000;      // DeadlineExceeded when no byte arrives for this long
    DownloadProgress progress;                   // optional
    std::stop_token cancel;                      // request_stop() aborts the transfer (Cancelled)
};

struct DownloadResult {
    std::filesystem::path path;  // the destination, complete and verified
    std::uint64_t size_bytes = 0;
    std::string sha256;  // lower-case hex of what was written
};

// Thread-safe: every call uses its own transfer, so one client may serve many threads at once.
// Transport failures are errors: connection refused and DNS failures are Unavailable, timeouts
// DeadlineExceeded, request_stop() Cancelled; each message names the host.
class HttpClient {
public:
    HttpClient();

    // POSTs `body` with Content-Type: application/json plus `headers`. Any HTTP status (including
    // 4xx/5xx) is returned as a response; only transport failures are errors. Redirects are not
    // followed. timeout_ms bounds the whole exchange (must be > 0).
    [[nodiscard]] Result<HttpResponse> post_json(std::string_view url, std::string_view body,
                                                 const std::vector<HttpHeader>& headers, std::int64_t timeout_ms,
                                                 const std::stop_token& cancel = {}) const;

    // GETs `url` (following up to 5 redirects) into dest_path + ".part" while hashing, checks the
    // byte count against Content-Length and the digest against expected_sha256, then renames into
    // place. On any failure the partial file is removed and dest_path is left as it was. Errors:
    // HTTP status >= 400 (message names URL and status: NotFound for 404/410, Unauthenticated 401,
    // PermissionDenied 403, else Unavailable), a cut-off body (Unavailable naming URL and byte
    // counts), checksum mismatch (InvalidInput), over max_bytes (ResourceExhausted), file system
    // errors (Unavailable naming the path).
    [[nodiscard]] Result<DownloadResult> download(std::string_view url, const std::filesystem::path& dest_path,
                                                  const DownloadOptions& options) const;
};

// "host:port" of an http(s) URL, for messages and logs (never the path or query, which may carry
// keys); "(invalid URL)" when it cannot be parsed.
std::string url_host(std::string_view url);

}  // namespace borough
