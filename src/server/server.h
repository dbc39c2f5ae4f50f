// The HTTP server of `borough serve`: the /api/v1 routes of docs/api.md over cpp-httplib, SSE job
// events, sessions and API tokens, the embedded web workbench, /healthz and /metrics. app/ builds it
// from the validated Config; httplib stays inside src/server/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "jobs/job_runner.h"
#include "jobs/services.h"
#include "store/account_store.h"
#include "store/job_store.h"

namespace borough::server {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;                 // 0 = any free port (bind() returns it)
    std::filesystem::path tls_cert;  // PEM; TLS is on when both are set (Secure cookies, HSTS)
    std::filesystem::path tls_key;
    int session_hours = 12;
    std::int64_t max_request_bytes = 64LL * 1024 * 1024;  // bodies except recording uploads
    std::filesystem::path upload_dir;                     // recordings are saved under here as files (required)
    std::filesystem::path actions_dir;                    // PUT /actions/{id} installs here ("" = installing refused)
    int http_threads = 128;               // connections served at once (each keep-alive client holds one)
    int login_failures_per_minute = 10;  // per client address
    int submissions_per_minute = 30;     // per user
    std::string version = "dev";
    std::vector<std::string> engines{"extractive"};  // engines this build offers (GET /models)
    std::string default_engine = "extractive";
    std::string settings_json = "{}";  // GET /api/v1/settings body, rendered by app/ (secrets masked)
    // POST /api/v1/models: adds a model to the catalogue (app/ wires jobs::add_model). Unset = 503.
    std::function<Result<store::ModelRecord>(const std::string& source, const std::string& sha256,
                                             const std::string& name)>
        add_model;
};

// Everything the server uses but does not own; all must outlive the Server.
struct ServerDeps {
    jobs::JobServices& services;
    jobs::JobRunner& runner;  // already start()ed by the caller
    store::AccountStore& accounts;
};

struct ServerState;

class Server {
public:
    // Checks the config (port range, thread count, TLS files readable, upload_dir creatable) and
    // builds the route table. Every problem is InvalidInput naming the field; nothing is bound yet.
    [[nodiscard]] static Result<std::unique_ptr<Server>> create(ServerDeps deps, ServerConfig config);
    ~Server();  // stop()s
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    Server(Server&&) = delete;
    Server& operator=(Server&&) = delete;

    // Binds host:port and returns the port (the chosen one when port is 0). Unavailable when the
    // address is in use or cannot be bound. Call once, before run().
    [[nodiscard]] Result<int> bind();
    // Runs the retention purge once, starts its hourly thread, then serves until stop(). Blocks.
    void run();
    // Stops accepting, ends SSE streams within about a second and lets run() return. Thread-safe,
    // idempotent; safe to call from a signal-watching thread.
    void stop();

private:
    explicit Server(std::unique_ptr<ServerState> state);
    std::unique_ptr<ServerState> state_;
};

}  // namespace borough::server
