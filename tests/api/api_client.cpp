#include "api_client.h"

#include <string_view>

namespace borough::api_test {
namespace {

std::unique_ptr<httplib::Client> make_client(int port, std::chrono::seconds read_timeout) {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    c->set_connection_timeout(5);
    c->set_read_timeout(static_cast<time_t>(read_timeout.count()));
    c->set_write_timeout(30);
    c->set_keep_alive(false);
    return c;
}

// Feeds bytes of a text/event-stream and emits each complete event (a blank line ends one).
class SseParser {
public:
    explicit SseParser(std::function<bool(SseEvent&&)> emit) : emit_(std::move(emit)) {}

    // Returns false once `emit` asked to stop.
    bool feed(std::string_view bytes) {
        buffer_.append(bytes);
        std::size_t start = 0;
        while (true) {
            const auto nl = buffer_.find('\n', start);
            if (nl == std::string::npos) break;
            std::string_view line(buffer_.data() + start, nl - start);
            start = nl + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!line_(line)) {
                buffer_.erase(0, start);
                return false;
            }
        }
        buffer_.erase(0, start);
        return true;
    }

private:
    bool line_(std::string_view line) {
        if (line.empty()) {
            if (!has_data_) return true;
            SseEvent ev = std::move(current_);
            current_ = {};
            has_data_ = false;
            if (ev.event.empty()) ev.event = "message";
            auto parsed = parse_json(ev.data, "event data");
            if (parsed) ev.json = std::move(*parsed);
            return emit_(std::move(ev));
        }
        if (line.front() == ':') return true;  // comment / keep-alive
        const auto colon = line.find(':');
        const std::string_view field = line.substr(0, colon);
        std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (field == "data") {
            if (has_data_) current_.data += '\n';
            current_.data.append(value);
            has_data_ = true;
        } else if (field == "event") {
            current_.event = std::string(value);
        } else if (field == "id") {
            current_.id = std::stoull(std::string(value));
        }
        return true;
    }

    std::function<bool(SseEvent&&)> emit_;
    std::string buffer_;
    SseEvent current_;
    bool has_data_ = false;
};

ApiResponse to_response(const httplib::Result& r) {
    ApiResponse out;
    if (!r) {
        out.transport_error = httplib::to_string(r.error());
        return out;
    }
    out.status = r->status;
    out.body = r->body;
    out.headers = r->headers;
    return out;
}

}  // namespace

std::string ApiResponse::header(const std::string& name) const {
    // httplib::Headers compares names case-insensitively.
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

Json& ApiResponse::json() const {
    if (!json_) {
        auto parsed = parse_json(body, "response");
        json_ = parsed ? std::move(*parsed) : Json();
    }
    return *json_;
}

std::string ApiResponse::error_code() const {
    const Json j = json();
    if (!j.is_object() || !j.contains("error") || !j["error"].contains("code")) return "";
    return j["error"]["code"].is_string() ? j["error"]["code"].get<std::string>() : "";
}

std::string ApiResponse::error_field() const {
    const Json j = json();
    if (!j.is_object() || !j.contains("error") || !j["error"].contains("field")) return "";
    return j["error"]["field"].is_string() ? j["error"]["field"].get<std::string>() : "";
}

std::string ApiResponse::describe() const {
    if (status == 0) return "no response (" + transport_error + ")";
    return "HTTP " + std::to_string(status) + ": " + (body.size() > 2000 ? body.substr(0, 2000) + "..." : body);
}

ApiClient::ApiClient(int port) : port_(port) {}

ApiResponse ApiClient::sign_in(const std::string& user, const std::string& password) {
    const Json body = {{"username", user}, {"password", password}};
    auto c = make_client(port_, std::chrono::seconds(60));
    ApiResponse r = to_response(c->Post("/api/v1/session", dump_json(body), "application/json"));
    if (r.status == 200) {
        const std::string set_cookie = r.header("Set-Cookie");
        cookie_ = set_cookie.substr(0, set_cookie.find(';'));
        const Json j = r.json();
        if (j.contains("csrf_token") && j["csrf_token"].is_string()) csrf_ = j["csrf_token"].get<std::string>();
        token_.clear();
    }
    return r;
}

void ApiClient::use_token(std::string token) {
    token_ = std::move(token);
    cookie_.clear();
    csrf_.clear();
}

httplib::Headers ApiClient::auth_headers(const std::string& method) const {
    httplib::Headers h;
    if (!token_.empty()) h.emplace("Authorization", "Bearer " + token_);
    if (!cookie_.empty()) h.emplace("Cookie", cookie_);
    if (!csrf_.empty() && method != "GET" && method != "HEAD") h.emplace("X-CSRF-Token", csrf_);
    return h;
}

ApiResponse ApiClient::send(const std::string& method, const std::string& path, const std::string& body,
                            const std::string& content_type, const httplib::Headers& extra) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = auth_headers(method);
    for (const auto& [k, v] : extra) {
        req.headers.erase(k);
        req.headers.emplace(k, v);
    }
    if (!content_type.empty()) req.headers.emplace("Content-Type", content_type);
    req.body = body;
    auto c = make_client(port_, std::chrono::seconds(120));
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    ApiResponse out;
    if (!c->send(req, res, err)) {
        out.transport_error = httplib::to_string(err);
        return out;
    }
    out.status = res.status;
    out.body = std::move(res.body);
    out.headers = std::move(res.headers);
    return out;
}

ApiResponse ApiClient::get(const std::string& path, const httplib::Headers& extra) {
    return send("GET", path, "", "", extra);
}
ApiResponse ApiClient::post(const std::string& path, const Json& body) {
    return send("POST", path, dump_json(body), "application/json");
}
ApiResponse ApiClient::put(const std::string& path, const Json& body) {
    return send("PUT", path, dump_json(body), "application/json");
}
ApiResponse ApiClient::patch(const std::string& path, const Json& body) {
    return send("PATCH", path, dump_json(body), "application/json");
}
ApiResponse ApiClient::del(const std::string& path) { return send("DELETE", path, "", ""); }

ApiResponse ApiClient::post_multipart(const std::string& path, const std::vector<FormPart>& parts) {
    const std::string boundary = "----boroughApiTestBoundary7MA4YWxkTrZu0gW";
    std::string body;
    for (const auto& p : parts) {
        body += "--" + boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
        body += "\r\n";
        if (!p.content_type.empty()) body += "Content-Type: " + p.content_type + "\r\n";
        body += "\r\n" + p.value + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return send("POST", path, body, "multipart/form-data; boundary=" + boundary);
}

SseRead ApiClient::events(const std::string& job_id, std::uint64_t last_event_id,
                          const std::function<bool(const SseEvent&)>& stop, std::chrono::seconds timeout) {
    SseRead out;
    httplib::Headers h = auth_headers("GET");
    h.emplace("Accept", "text/event-stream");
    if (last_event_id > 0) h.emplace("Last-Event-ID", std::to_string(last_event_id));
    auto c = make_client(port_, timeout);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    SseParser parser([&](SseEvent&& ev) {
        out.events.push_back(std::move(ev));
        if (stop && stop(out.events.back())) {
            out.stopped_by_client = true;
            return false;
        }
        return std::chrono::steady_clock::now() < deadline;
    });
    auto r = c->Get(
        "/api/v1/jobs/" + job_id + "/events", h,
        [&](const httplib::Response& res) {
            out.status = res.status;
            out.content_type = res.get_header_value("Content-Type");
            return true;
        },
        [&](const char* data, size_t n) {
            if (out.status != 200) {
                out.error_body.append(data, n);
                return true;
            }
            return parser.feed(std::string_view(data, n));
        });
    if (r && out.status == 0) out.status = r->status;
    if (r && out.status != 200 && out.error_body.empty()) out.error_body = r->body;
    return out;
}

SseRead ApiClient::wait_final(const std::string& job_id, std::chrono::seconds timeout) {
    return events(
        job_id, 0,
        [](const SseEvent& ev) {
            return ev.event == "status" && ev.json.is_object() && ev.json.contains("status") &&
                   ev.json["status"].is_string() && is_final_status(ev.json["status"].get<std::string>());
        },
        timeout);
}

bool is_final_status(const std::string& status) {
    return status == "succeeded" || status == "failed" || status == "cancelled";
}

}  // namespace borough::api_test
