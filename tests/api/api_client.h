// Black-box API tests: an HTTP client that talks to `borough serve` the way the web workbench or a
// script does: session cookie + X-CSRF-Token, or a Bearer token; JSON, multipart and Server-Sent Events.
// Not thread-safe: one ApiClient per thread.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"

namespace borough::api_test {

struct ApiResponse {
    int status = 0;  // 0 when no HTTP response came back (connection error)
    std::string body;
    httplib::Headers headers;
    std::string transport_error;  // httplib's error name when status is 0
    mutable std::optional<Json> json_;

    [[nodiscard]] std::string header(const std::string& name) const;  // "" when absent
    // The body as JSON, or null when it is not JSON. Parsed once; mutable so that `json()["a"]["b"]`
    // on a missing key yields null (nlohmann's const operator[] would assert) and the reference stays
    // valid as long as the response.
    [[nodiscard]] Json& json() const;
    // error.code / error.field of an error body ("" when absent).
    [[nodiscard]] std::string error_code() const;
    [[nodiscard]] std::string error_field() const;
    // For failure messages: status and body (shortened).
    [[nodiscard]] std::string describe() const;
};

// One Server-Sent Event as a client sees it.
struct SseEvent {
    std::uint64_t id = 0;  // the `id:` field (0 when none)
    std::string event;     // the `event:` field ("message" when none)
    std::string data;      // `data:` lines joined with '\n'
    Json json;             // data parsed as JSON (null when it is not JSON)
};

struct SseRead {
    int status = 0;
    std::string content_type;
    std::vector<SseEvent> events;
    bool stopped_by_client = false;  // `stop` returned true (the client hung up)
    std::string error_body;          // the body when status is not 200
};

// A multipart/form-data part; file parts have a filename.
struct FormPart {
    std::string name;
    std::string value;
    std::string filename;      // "" for a plain field
    std::string content_type;  // "" = none sent
};

class ApiClient {
public:
    explicit ApiClient(int port);
    // After a server restart (a new port); the cookie, CSRF and Bearer token are kept.
    void set_port(int port) { port_ = port; }

    // POST /api/v1/session; on 200 keeps the session cookie and the CSRF token for later requests.
    ApiResponse sign_in(const std::string& user, const std::string& password);
    // Scripts: every request carries Authorization: Bearer TOKEN (and no cookie or CSRF token).
    void use_token(std::string token);
    void set_csrf(std::string token) { csrf_ = std::move(token); }
    void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }
    [[nodiscard]] const std::string& cookie() const { return cookie_; }  // "borough_session=..."
    [[nodiscard]] const std::string& csrf() const { return csrf_; }

    ApiResponse get(const std::string& path, const httplib::Headers& extra = {});
    ApiResponse post(const std::string& path, const Json& body);
    ApiResponse put(const std::string& path, const Json& body);
    ApiResponse patch(const std::string& path, const Json& body);
    ApiResponse del(const std::string& path);
    // Any method with a raw body and Content-Type (nothing sent when empty).
    ApiResponse send(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& content_type, const httplib::Headers& extra = {});
    ApiResponse post_multipart(const std::string& path, const std::vector<FormPart>& parts);

    // GET /api/v1/jobs/{id}/events; reads events until the server ends the stream, `stop` returns true
    // for an event (the client then hangs up) or `timeout` passes. `last_event_id` > 0 sends Last-Event-ID.
    SseRead events(const std::string& job_id, std::uint64_t last_event_id = 0,
                   const std::function<bool(const SseEvent&)>& stop = {},
                   std::chrono::seconds timeout = std::chrono::seconds(300));
    // Events until the job's final status (succeeded, failed or cancelled); the last event is that status.
    SseRead wait_final(const std::string& job_id, std::chrono::seconds timeout = std::chrono::seconds(300));

private:
    httplib::Headers auth_headers(const std::string& method) const;

    int port_;
    std::string cookie_;
    std::string csrf_;
    std::string token_;
};

// True for a final job status.
bool is_final_status(const std::string& status);

}  // namespace borough::api_test
