// Internal to src/server/: what the server owns while it runs, shared by the dispatcher, handlers,
// SSE streams and the retention thread. Not part of the public API.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "server/auth.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/server.h"

namespace borough::server {

struct ServerState {
    ServerState(ServerDeps d, ServerConfig c)
        : deps(d),
          config(std::move(c)),
          auth(deps.accounts, deps.services.clock(),
               AuthOptions{config.session_hours, config.login_failures_per_minute}),
          submissions(config.submissions_per_minute) {}

    ServerDeps deps;
    const ServerConfig config;
    bool tls = false;
    Authenticator auth;
    RateLimiter submissions;  // per user
    HttpCounters http;
    std::atomic<bool> stopping{false};  // written under retention_mu, read anywhere
    std::atomic<bool> run_entered{false};
    std::atomic<bool> run_returned{false};
    std::atomic<std::uint64_t> next_request{1};

    std::unique_ptr<httplib::Server> http_server;
    // The listening socket, seen in httplib's socket-options hook, so bind() can widen its backlog.
    int listen_fd = -1;
    // The retention thread sleeps on this and wakes at stop().
    std::mutex retention_mu;
    std::condition_variable retention_cv;
    std::thread retention_thread;
};

}  // namespace borough::server
