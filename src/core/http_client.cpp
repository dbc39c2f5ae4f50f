#include "core/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>

#include "core/log.h"
#include "core/sha256.h"

namespace borough {
namespace {

constexpr std::string_view kComponent = "http";
constexpr std::size_t kMaxResponseBytes = 64U << 20;  // post_json replies larger than this are refused
constexpr std::uint64_t kProgressStepBytes = 1U << 20;
constexpr long kMaxConnectTimeoutMs = 10'000;

// curl_global_init is not thread-safe and must run once per process before any other curl call.
bool ensure_curl_initialised() {
    static std::once_flag once;
    static CURLcode init_result = CURLE_OK;
    std::call_once(once, [] { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return init_result == CURLE_OK;
}

struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

struct MultiDeleter {
    void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

bool equals_ignore_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

// Collects the header block of the final response; a new status line (after a redirect or a
// 100 Continue) starts a fresh block.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* headers = static_cast<std::vector<HttpHeader>*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return n;
    }
    headers->push_back(HttpHeader{std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    return n;
}

struct BodySink {
    std::string* body = nullptr;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    const std::size_t n = size * count;
    if (sink->body->size() + n > kMaxResponseBytes) {
        sink->too_large = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    sink->body->append(data, n);
    return n;
}

struct TransferOutcome {
    CURLcode code = CURLE_OK;
    bool cancelled = false;
    std::string multi_error;  // set when the multi interface itself failed
};

// Runs one easy transfer through a private multi handle so request_stop() can wake the poll and
// abort at once (curl_easy_perform would only notice within about a second).
TransferOutcome run_transfer(CURL* easy, const std::stop_token& cancel) {
    TransferOutcome out;
    MultiHandle multi(curl_multi_init());
    if (!multi) {
        out.multi_error = "curl_multi_init failed";
        return out;
    }
    CURLMcode mc = curl_multi_add_handle(multi.get(), easy);
    if (mc != CURLM_OK) {
        out.multi_error = curl_multi_strerror(mc);
        return out;
    }
    {
        CURLM* raw = multi.get();
        const std::stop_callback wake(cancel, [raw] { curl_multi_wakeup(raw); });
        int running = 1;
        while (true) {
            mc = curl_multi_perform(multi.get(), &running);
            if (mc != CURLM_OK) {
                out.multi_error = curl_multi_strerror(mc);
                break;
            }
            if (running == 0) {
                break;
            }
            if (cancel.stop_requested()) {
                out.cancelled = true;
                break;
            }
            mc = curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
            if (mc != CURLM_OK) {
                out.multi_error = curl_multi_strerror(mc);
                break;
            }
        }
        if (!out.cancelled && out.multi_error.empty()) {
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
                if (msg->msg == CURLMSG_DONE) {
                    out.code = msg->data.result;
                }
            }
        }
    }
    curl_multi_remove_handle(multi.get(), easy);
    return out;
}

// Maps a failed transfer to an Error naming the host (never the path or query of the URL).
Error transport_error(const TransferOutcome& outcome, const char* errbuf, std::string_view url, std::string_view verb,
                      std::int64_t elapsed_ms) {
    const std::string host = url_host(url);
    if (outcome.cancelled) {
        return Error{ErrorCode::Cancelled, fmt::format("{} to {} was cancelled", verb, host), ""};
    }
    if (!outcome.multi_error.empty()) {
        return Error{ErrorCode::Internal,
                     fmt::format("{} to {} failed inside libcurl: {}", verb, host, outcome.multi_error), ""};
    }
    const std::string detail =
        errbuf != nullptr && errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(outcome.code);
    switch (outcome.code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return Error{ErrorCode::Unavailable, fmt::format("cannot resolve host {} ({})", host, detail), ""};
        case CURLE_COULDNT_CONNECT:
            return Error{ErrorCode::Unavailable, fmt::format("cannot connect to {} ({})", host, detail), ""};
        case CURLE_OPERATION_TIMEDOUT:
            return Error{ErrorCode::DeadlineExceeded,
                         fmt::format("{} to {} timed out after {} ms ({})", verb, host, elapsed_ms, detail), ""};
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return Error{ErrorCode::InvalidInput, fmt::format("{} is not a usable http(s) URL ({})", host, detail), ""};
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
            return Error{ErrorCode::Unavailable, fmt::format("TLS connection to {} failed ({})", host, detail), ""};
        default:
            return Error{ErrorCode::Unavailable, fmt::format("{} to {} failed ({})", verb, host, detail), ""};
    }
}

std::int64_t ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool is_sha256_hex(std::string_view s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return out;
}

// Settings every transfer shares.
void set_common_options(CURL* easy, std::string_view url, std::vector<HttpHeader>* headers, char* errbuf) {
    const std::string url_copy(url);
    curl_easy_setopt(easy, CURLOPT_URL, url_copy.c_str());  // curl copies the string
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, headers);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "borough/0.1");
}

struct DownloadSink {
    std::FILE* file = nullptr;
    Sha256* hash = nullptr;
    CURL* easy = nullptr;
    std::uint64_t written = 0;
    std::uint64_t max_bytes = 0;
    std::uint64_t last_progress = 0;
    const DownloadProgress* progress = nullptr;
    bool too_large = false;
    int write_errno = 0;
};

std::uint64_t content_length(CURL* easy) {
    curl_off_t length = -1;
    if (curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) != CURLE_OK || length < 0) {
        return 0;
    }
    return static_cast<std::uint64_t>(length);
}

std::size_t on_download_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<DownloadSink*>(user);
    const std::size_t n = size * count;
    if (sink->written + n > sink->max_bytes) {
        sink->too_large = true;
        return 0;
    }
    if (n > 0 && std::fwrite(data, 1, n, sink->file) != n) {
        sink->write_errno = errno != 0 ? errno : EIO;
        return 0;
    }
    sink->hash->update(std::string_view(data, n));
    sink->written += n;
    if (*sink->progress && sink->written - sink->last_progress >= kProgressStepBytes) {
        sink->last_progress = sink->written;
        (*sink->progress)(sink->written, content_length(sink->easy));
    }
    return n;
}

ErrorCode code_for_http_status(long status) {
    switch (status) {
        case 401:
            return ErrorCode::Unauthenticated;
        case 403:
            return ErrorCode::PermissionDenied;
        case 404:
        case 410:
            return ErrorCode::NotFound;
        default:
            return ErrorCode::Unavailable;
    }
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& h : headers) {
        if (equals_ignore_case(h.name, name)) {
            return h.value;
        }
    }
    return std::nullopt;
}

std::string url_host(std::string_view url) {
    if (!ensure_curl_initialised()) {
        return "(unknown host)";
    }
    CURLU* parsed = curl_url();
    if (parsed == nullptr) {
        return "(unknown host)";
    }
    const std::string copy(url);
    std::string out = "(invalid URL)";
    if (curl_url_set(parsed, CURLUPART_URL, copy.c_str(), 0) == CURLUE_OK) {
        char* host = nullptr;
        char* port = nullptr;
        if (curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
            curl_url_get(parsed, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
            out = fmt::format("{}:{}", host, port);
        }
        curl_free(host);
        curl_free(port);
    }
    curl_url_cleanup(parsed);
    return out;
}

HttpClient::HttpClient() { static_cast<void>(ensure_curl_initialised()); }

Result<HttpResponse> HttpClient::post_json(std::string_view url, std::string_view body,
                                           const std::vector<HttpHeader>& headers, std::int64_t timeout_ms,
                                           const std::stop_token& cancel) const {
    if (!ensure_curl_initialised()) {
        return fail(ErrorCode::Internal, "curl_global_init failed");
    }
    if (timeout_ms <= 0) {
        return fail(ErrorCode::InvalidInput, fmt::format("timeout_ms must be > 0, got {}", timeout_ms), "timeout_ms");
    }
    EasyHandle easy(curl_easy_init());
    if (!easy) {
        return fail(ErrorCode::Internal, "curl_easy_init failed");
    }

    HeaderList list;
    const auto append = [&list](const std::string& line) {
        curl_slist* next = curl_slist_append(list.get(), line.c_str());
        if (next == nullptr) {
            return false;
        }
        static_cast<void>(list.release());
        list.reset(next);
        return true;
    };
    bool ok = append("Content-Type: application/json") && append("Accept: application/json") && append("Expect:");
    for (const auto& h : headers) {
        if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value) ||
            h.name.find(':') != std::string::npos) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("HTTP header '{}' is malformed (empty, a colon or a line break)",
                                    has_line_break(h.name) ? std::string() : h.name),
                        "headers");
        }
        ok = ok && append(h.name + ": " + h.value);
    }
    if (!ok) {
        return fail(ErrorCode::Internal, "curl_slist_append failed");
    }

    HttpResponse response;
    BodySink sink{&response.body, false};
    std::array<char, CURL_ERROR_SIZE> errbuf{};
    set_common_options(easy.get(), url, &response.headers, errbuf.data());
    curl_easy_setopt(easy.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT_MS,
                     std::min(static_cast<long>(timeout_ms), kMaxConnectTimeoutMs));

    const auto start = std::chrono::steady_clock::now();
    const TransferOutcome outcome = run_transfer(easy.get(), cancel);
    const std::int64_t elapsed_ms = ms_since(start);
    if (sink.too_large) {
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("reply from {} is larger than {} bytes", url_host(url), kMaxResponseBytes));
    }
    if (outcome.cancelled || !outcome.multi_error.empty() || outcome.code != CURLE_OK) {
        Error error = transport_error(outcome, errbuf.data(), url, "POST", elapsed_ms);
        BOROUGH_LOG_DEBUG(kComponent, "POST {} failed after {} ms: {}", url_host(url), elapsed_ms,
                          to_string(error.code));
        return fail(std::move(error));
    }
    curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
    BOROUGH_LOG_DEBUG(kComponent, "POST {} -> {} ({} bytes sent, {} bytes received, {} ms)", url_host(url),
                      response.status, body.size(), response.body.size(), elapsed_ms);
    return response;
}

Result<DownloadResult> HttpClient::download(std::string_view url, const std::filesystem::path& dest_path,
                                            const DownloadOptions& options) const {
    if (!ensure_curl_initialised()) {
        return fail(ErrorCode::Internal, "curl_global_init failed");
    }
    const std::string url_text(url);
    if (options.expected_sha256 && !is_sha256_hex(*options.expected_sha256)) {
        return fail(ErrorCode::InvalidInput, fmt::format("expected sha256 for {} is not 64 hex digits", url_text),
                    "expected_sha256");
    }
    if (options.timeout_ms < 0 || options.stall_timeout_ms < 0) {
        return fail(ErrorCode::InvalidInput, "download timeouts must not be negative", "timeout_ms");
    }
    const std::filesystem::path part = dest_path.string() + ".part";
    std::error_code ec;
    if (dest_path.has_parent_path()) {
        std::filesystem::create_directories(dest_path.parent_path(), ec);
    }
    if (ec) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot create folder {} ({})", dest_path.parent_path().string(), ec.message()),
                    dest_path.string());
    }
    std::FILE* file = std::fopen(part.c_str(), "wb");
    if (file == nullptr) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot write {} ({})", part.string(),
                                std::error_code(errno, std::generic_category()).message()),
                    part.string());
    }
    // From here on every early return must close and remove the partial file.
    bool keep = false;
    const auto cleanup = [&file, &part, &keep]() {
        if (file != nullptr) {
            std::fclose(file);
        }
        file = nullptr;
        if (!keep) {
            std::error_code ignored;
            std::filesystem::remove(part, ignored);
        }
    };
    struct Guard {
        explicit Guard(decltype(cleanup)& run) : run_(run) {}
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;
        Guard(Guard&&) = delete;
        Guard& operator=(Guard&&) = delete;
        ~Guard() { run_(); }

    private:
        decltype(cleanup)& run_;
    } guard{cleanup};

    EasyHandle easy(curl_easy_init());
    if (!easy) {
        return fail(ErrorCode::Internal, "curl_easy_init failed");
    }
    Sha256 hash;
    DownloadSink sink;
    sink.file = file;
    sink.hash = &hash;
    sink.easy = easy.get();
    sink.max_bytes = options.max_bytes;
    sink.progress = &options.progress;
    std::vector<HttpHeader> headers;
    std::array<char, CURL_ERROR_SIZE> errbuf{};
    set_common_options(easy.get(), url, &headers, errbuf.data());
    curl_easy_setopt(easy.get(), CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(easy.get(), CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, on_download_body);
    curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(easy.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
    curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT_MS, kMaxConnectTimeoutMs);
    if (options.timeout_ms > 0) {
        curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
    }
    if (options.stall_timeout_ms > 0) {
        curl_easy_setopt(easy.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(easy.get(), CURLOPT_LOW_SPEED_TIME,
                         std::max(1L, static_cast<long>((options.stall_timeout_ms + 999) / 1000)));
    }

    const auto start = std::chrono::steady_clock::now();
    const TransferOutcome outcome = run_transfer(easy.get(), options.cancel);
    const std::int64_t elapsed_ms = ms_since(start);
    long status = 0;
    curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
    const std::uint64_t expected_bytes = content_length(easy.get());
    BOROUGH_LOG_DEBUG(kComponent, "GET {} -> {} ({} of {} bytes, {} ms)", url_host(url), status, sink.written,
                      expected_bytes, elapsed_ms);

    if (sink.too_large || (!outcome.cancelled && outcome.code == CURLE_FILESIZE_EXCEEDED)) {
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("download of {} is larger than the limit of {} bytes", url_text, options.max_bytes),
                    dest_path.string());
    }
    if (sink.write_errno != 0) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot write {} ({})", part.string(),
                                std::error_code(sink.write_errno, std::generic_category()).message()),
                    part.string());
    }
    if (!outcome.cancelled && outcome.multi_error.empty() && outcome.code == CURLE_HTTP_RETURNED_ERROR) {
        return fail(code_for_http_status(status),
                    fmt::format("download of {} failed: HTTP status {}", url_text, status), dest_path.string());
    }
    if (!outcome.cancelled && outcome.multi_error.empty() && outcome.code == CURLE_PARTIAL_FILE) {
        return fail(
            ErrorCode::Unavailable,
            fmt::format("download of {} was cut off after {} of {} bytes", url_text, sink.written, expected_bytes),
            dest_path.string());
    }
    if (outcome.cancelled || !outcome.multi_error.empty() || outcome.code != CURLE_OK) {
        Error error = transport_error(outcome, errbuf.data(), url, "download", elapsed_ms);
        error.message += fmt::format(" after {} bytes", sink.written);
        error.field = dest_path.string();
        return fail(std::move(error));
    }
    if (status < 200 || status >= 300) {
        return fail(ErrorCode::Unavailable, fmt::format("download of {} failed: HTTP status {}", url_text, status),
                    dest_path.string());
    }
    if (expected_bytes > 0 && sink.written != expected_bytes) {
        return fail(
            ErrorCode::Unavailable,
            fmt::format("download of {} was cut off after {} of {} bytes", url_text, sink.written, expected_bytes),
            dest_path.string());
    }
    if (std::fflush(file) != 0 || ::fsync(fileno(file)) != 0) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot write {} ({})", part.string(),
                                std::error_code(errno, std::generic_category()).message()),
                    part.string());
    }
    const int close_result = std::fclose(file);
    file = nullptr;
    if (close_result != 0) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot write {} ({})", part.string(),
                                std::error_code(errno, std::generic_category()).message()),
                    part.string());
    }
    std::string digest = hash.finish_hex();
    if (options.expected_sha256 && to_lower(*options.expected_sha256) != digest) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("checksum mismatch for {}: expected sha256 {}, got {} ({} bytes)", url_text,
                                to_lower(*options.expected_sha256), digest, sink.written),
                    dest_path.string());
    }
    std::filesystem::rename(part, dest_path, ec);
    if (ec) {
        return fail(ErrorCode::Unavailable, fmt::format("cannot move {} into place ({})", part.string(), ec.message()),
                    dest_path.string());
    }
    keep = true;
    if (options.progress) {
        options.progress(sink.written, expected_bytes);
    }
    return DownloadResult{dest_path, sink.written, std::move(digest)};
}

}  // namespace borough
