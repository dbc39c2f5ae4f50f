// A cpp-httplib server on an ephemeral loopback port, run on its own thread for one test. Test support
// only (header-only): the test target must link PkgConfig::HTTPLIB. Production code never includes
// httplib.h outside server/ (STYLE.md §2), and benchmarks must not (llama.cpp links its own copy).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

namespace borough::test {

// Register handlers on server(), then start(); the destructor stops and joins. Handlers run on
// httplib's worker threads, so what they share with the test must be thread-safe.
class LoopbackServer {
public:
    LoopbackServer() = default;
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;
    LoopbackServer(LoopbackServer&&) = delete;
    LoopbackServer& operator=(LoopbackServer&&) = delete;
    ~LoopbackServer() { stop(); }

    httplib::Server& server() { return server_; }

    // Binds 127.0.0.1 on a port the kernel picks and serves until stop(); returns once the server
    // accepts connections. A fatal test failure when it cannot bind or does not start within 5 s.
    void start() {
        port_ = server_.bind_to_any_port("127.0.0.1");
        ASSERT_GT(port_, 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ASSERT_TRUE(server_.is_running());
    }
    // Stops serving and waits for the server thread; safe to call twice or before start().
    void stop() {
        if (thread_.joinable()) {
            server_.stop();
            thread_.join();
        }
    }

    [[nodiscard]] int port() const { return port_; }
    // "http://127.0.0.1:<port><path>".
    [[nodiscard]] std::string url(const std::string& path = {}) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace borough::test
