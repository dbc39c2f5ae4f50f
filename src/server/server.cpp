#include "server/server.h"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <exception>
#include <fstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "core/log.h"
#include "server/call.h"
#include "server/http_error.h"
#include "server/retention.h"
#include "server/routes.h"
#include "server/server_state.h"
#include "server/web_assets.h"

namespace borough::server {

namespace {

constexpr std::string_view kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'";

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

void write_error(httplib::Response& res, const Error& error, int retry_after_s = 0) {
    res.status = http_status(error);
    res.set_content(error_body(error), "application/json");
    if (res.status == 429 && retry_after_s > 0) res.set_header("Retry-After", std::to_string(retry_after_s));
}

// Authentication, permission and CSRF for the route, then the handler, inside the one error boundary.
Status run_route(Call& call) {
    const Route& route = call.route;
    if (route.permission != Permission::Public) {
        BOROUGH_TRY(std::optional<Principal> principal,
                    call.state.auth.authenticate(call.req.get_header_value("Cookie"),
                                                 call.req.get_header_value("Authorization")));
        if (!principal) return fail(ErrorCode::Unauthenticated, "sign in first (session cookie or Bearer token)");
        call.principal = std::move(principal);
        BOROUGH_TRY_STATUS(
            Authenticator::check_csrf(*call.principal, call.req.method, call.req.get_header_value("X-CSRF-Token")));
        if (!has_permission(call.principal->user.role, route.permission)) {
            return fail(ErrorCode::PermissionDenied,
                        fmt::format("the {} role does not have the '{}' permission",
                                    store::to_string(call.principal->user.role), to_string(route.permission)));
        }
    }
    return route.handler(call);
}

void serve_web(const httplib::Request& req, httplib::Response& res) {
    const WebAsset asset = find_web_asset(req.path);
    if (asset.body.empty()) {
        write_error(res, Error{ErrorCode::NotFound, "no such page", ""});
        return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", std::string(asset.etag));
    if (req.get_header_value("If-None-Match") == asset.etag) {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(asset.body.data(), asset.body.size(), std::string(asset.media_type));
}

void dispatch(ServerState& state, const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader* reader) {
    const auto start = std::chrono::steady_clock::now();
    const std::string request_id = fmt::format("r{}", state.next_request.fetch_add(1));
    res.set_header("X-Request-Id", request_id);

    const Route* route = nullptr;
    std::vector<std::string> args;
    bool path_known = false;
    for (const Route& r : routes()) {
        auto matched = match_path(r.path, req.path);
        if (!matched) continue;
        path_known = true;
        if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
            route = &r;
            args = std::move(*matched);
            break;
        }
    }

    std::string_view pattern = "-";
    if (route != nullptr) {
        pattern = route->path;
        Call call{state, req, res, reader, *route, std::move(args), std::nullopt, request_id, 0};
        try {
            if (Status st = run_route(call); !st) write_error(res, st.error(), call.retry_after_s);
        } catch (const std::exception& e) {
            BOROUGH_LOG_ERROR("http", "[{}] {} {}: unexpected exception: {}", request_id, req.method, route->path,
                              e.what());
            write_error(res, Error{ErrorCode::Internal, "internal error; the server log has the details", ""});
        }
    } else if ((req.method == "GET" || req.method == "HEAD") && !is_api_path(req.path)) {
        pattern = "web";
        serve_web(req, res);
    } else {
        write_error(res, Error{ErrorCode::NotFound,
                               path_known ? fmt::format("{} is not allowed on this path", req.method)
                                          : std::string("no such API route"),
                               ""});
    }
    if (res.status == -1) res.status = 200;
    // Counted here, before the response is written, so a client that reads /metrics next sees it.
    state.http.count(res.status);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // Route pattern, never the path itself: ids and names could be sensitive in aggregate.
    BOROUGH_LOG_INFO("http", "[{}] {} {} {} {} {:.1f}ms", request_id, req.method, pattern, res.status,
                     res.content_provider_ ? std::string("stream") : fmt::format("{}B", res.body.size()), ms);
}

// Fills the JSON error body for responses httplib produced itself (unreadable request, body over the
// hard limit) and any error left without a body.
httplib::Server::HandlerResponse error_handler(const httplib::Request& /*req*/, httplib::Response& res) {
    if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
    Error error;
    switch (res.status) {
        case 404:
            error = {ErrorCode::NotFound, "no such route", ""};
            break;
        case 413:
            error = {ErrorCode::ResourceExhausted, "the request body is too large", "body"};
            break;
        case 414:
            error = {ErrorCode::InvalidInput, "the request URI is too long", ""};
            break;
        default:
            if (res.status >= 500) {
                error = {ErrorCode::Internal, "internal error", ""};
            } else {
                error = {ErrorCode::InvalidInput, "the request could not be read", ""};
            }
    }
    const int status = res.status;
    res.set_content(error_body(error), "application/json");
    res.status = status;
    return httplib::Server::HandlerResponse::Handled;
}

Status check_config(const ServerConfig& c) {
    std::vector<std::string> problems;
    std::string field;
    auto problem = [&](std::string f, std::string m) {
        if (field.empty()) field = f;
        problems.push_back(fmt::format("{}: {}", f, m));
    };
    if (c.port < 0 || c.port > 65535) problem("port", fmt::format("{} is not a port (0-65535)", c.port));
    if (c.http_threads < 1 || c.http_threads > 1024) problem("http_threads", "must be 1-1024");
    if (c.session_hours < 1 || c.session_hours > 24 * 30) problem("session_hours", "must be 1-720");
    if (c.max_request_bytes < 1024) problem("max_request_bytes", "must be at least 1024");
    if (c.tls_cert.empty() != c.tls_key.empty()) problem("tls_cert", "tls_cert and tls_key must be set together");
    for (const auto& [name, path] : {std::pair{"tls_cert", &c.tls_cert}, std::pair{"tls_key", &c.tls_key}}) {
        if (!path->empty() && !std::ifstream(*path).good())
            problem(name, fmt::format("{} cannot be read", path->string()));
    }
    if (c.upload_dir.empty()) {
        problem("upload_dir", "must be set (recordings are saved there)");
    } else {
        std::error_code ec;
        std::filesystem::create_directories(c.upload_dir, ec);
        if (ec) problem("upload_dir", fmt::format("{} cannot be created: {}", c.upload_dir.string(), ec.message()));
    }
    if (problems.empty()) return {};
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return fail(ErrorCode::InvalidInput, message, field);
}

}  // namespace

Server::Server(std::unique_ptr<ServerState> state) : state_(std::move(state)) {}

Server::~Server() {
    stop();
    if (state_->retention_thread.joinable()) state_->retention_thread.join();
}

Result<std::unique_ptr<Server>> Server::create(ServerDeps deps, ServerConfig config) {
    BOROUGH_TRY_STATUS(check_config(config));
    auto state = std::make_unique<ServerState>(deps, std::move(config));
    ServerState& s = *state;
    const ServerConfig& c = s.config;
    if (!c.tls_cert.empty()) {
        auto tls = std::make_unique<httplib::SSLServer>(c.tls_cert.c_str(), c.tls_key.c_str());
        if (!tls->is_valid()) {
            return fail(
                ErrorCode::InvalidInput,
                fmt::format("TLS could not start with certificate {} and key {} (not PEM, or they do not match)",
                            c.tls_cert.string(), c.tls_key.string()),
                "tls_cert");
        }
        s.http_server = std::move(tls);
        s.tls = true;
    } else {
        s.http_server = std::make_unique<httplib::Server>();
    }
    httplib::Server& http = *s.http_server;
    const int threads = c.http_threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    http.set_keep_alive_timeout(5);
    // A keep-alive connection holds a pool thread; closing it after 100 requests lets clients waiting
    // for a thread in (100 busy clients on 64 threads would otherwise wait for the 5 s idle timeout).
    http.set_keep_alive_max_count(100);
    http.set_socket_options([&s](socket_t sock) {
        httplib::default_socket_options(sock);
        s.listen_fd = static_cast<int>(sock);
    });
    http.set_read_timeout(30);
    http.set_write_timeout(30);
    // The hard limit: the largest body any route accepts (a recording upload). Routes check their own.
    const std::int64_t hard = std::max(c.max_request_bytes, deps.services.max_input_bytes() + 1024 * 1024);
    http.set_payload_max_length(static_cast<std::size_t>(hard));

    auto get = [&s](const httplib::Request& req, httplib::Response& res) { dispatch(s, req, res, nullptr); };
    auto with_body = [&s](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        dispatch(s, req, res, &reader);
    };
    http.Get(".*", get);
    http.Post(".*", with_body);
    http.Post(".*", get);
    http.Put(".*", with_body);
    http.Put(".*", get);
    http.Patch(".*", with_body);
    http.Patch(".*", get);
    http.Delete(".*", with_body);
    http.Delete(".*", get);
    http.set_error_handler(httplib::Server::HandlerWithResponse(error_handler));
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        BOROUGH_LOG_ERROR("http", "{}: unexpected exception outside a route: {}", req.method, what);
        write_error(res, Error{ErrorCode::Internal, "internal error; the server log has the details", ""});
    });
    http.set_post_routing_handler([&s](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Content-Security-Policy", std::string(kCsp));
        if (is_api_path(req.path) && !res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
        if (s.tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
    });
    http.set_logger([&s](const httplib::Request& req, const httplib::Response& res) {
        if (!res.has_header("X-Request-Id")) {
            s.http.count(res.status);
            BOROUGH_LOG_INFO("http", "[-] {} - {} (refused before routing)", req.method, res.status);
        }
    });
    return std::unique_ptr<Server>(new Server(std::move(state)));
}

Result<int> Server::bind() {
    const ServerConfig& c = state_->config;
    int port = c.port;
    if (port == 0) {
        port = state_->http_server->bind_to_any_port(c.host);
        if (port <= 0) return fail(ErrorCode::Unavailable, fmt::format("cannot bind {} to any port", c.host), "host");
    } else if (!state_->http_server->bind_to_port(c.host, port)) {
        return fail(ErrorCode::Unavailable,
                    fmt::format("cannot bind {}:{} (in use, or not an address here)", c.host, port), "port");
    }
    // Debian's cpp-httplib 0.11 listens with a backlog of 5, so a burst of new connections overflows
    // the accept queue and clients wait for SYN retries (seconds). Linux lets a listening socket's
    // backlog be raised by calling listen() again.
    if (state_->listen_fd >= 0 && ::listen(state_->listen_fd, SOMAXCONN) != 0) {
        BOROUGH_LOG_WARN("http", "could not raise the listen backlog: errno {}", errno);
    }
    BOROUGH_LOG_INFO("http", "listening on {}://{}:{}", state_->tls ? "https" : "http", c.host, port);
    return port;
}

void Server::run() {
    ServerState& s = *state_;
    if (!s.retention_thread.joinable()) {
        s.retention_thread = std::thread([&s] { run_retention(s); });
    }
    s.run_entered.store(true);
    if (!s.stopping.load()) s.http_server->listen_after_bind();
    s.run_returned.store(true);
    {
        std::lock_guard lock(s.retention_mu);
        s.stopping.store(true);
    }
    s.retention_cv.notify_all();
    if (s.retention_thread.joinable()) s.retention_thread.join();
}

void Server::stop() {
    ServerState& s = *state_;
    {
        std::lock_guard lock(s.retention_mu);
        s.stopping.store(true);
    }
    s.retention_cv.notify_all();
    // listen_after_bind marks itself running only once it has started: wait for that (briefly) so
    // the stop is not lost when run() has just been entered on another thread.
    for (int i = 0; i < 2000 && s.run_entered.load() && !s.run_returned.load() && !s.http_server->is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    s.http_server->stop();
}

}  // namespace borough::server
