// Black-box API tests: runs the real `borough serve` as a child process on a free loopback port
// (--port 0, port read from its "listening" line) with a data directory the test owns.
// Not thread-safe: one test thread drives one ServerProcess.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../cli/run_process.h"

namespace borough::api_test {

struct ServerOptions {
    int workers = 1;
    std::vector<std::string> extra_args;     // settings flags placed before `serve`
    std::map<std::string, std::string> env;  // added to (and overriding) the test's environment
};

class ServerProcess {
public:
    ServerProcess(std::filesystem::path data_dir, ServerOptions options);
    ~ServerProcess();  // SIGKILLs a server still running
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    ServerProcess(ServerProcess&&) = delete;
    ServerProcess& operator=(ServerProcess&&) = delete;

    // Spawns the server and waits up to `timeout_s` for "borough: listening on http://127.0.0.1:PORT".
    // Returns "" when it is listening, else why not (the log's tail included).
    [[nodiscard]] std::string start(int timeout_s = 120);
    // SIGTERM and wait up to `timeout_s`: the exit status (128+signal when killed by one, -1 on timeout,
    // after which it is SIGKILLed).
    int terminate(int timeout_s = 60);
    // SIGKILL, as a crash would.
    void kill_hard();
    [[nodiscard]] bool is_running() const { return pid_ > 0; }

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] const std::filesystem::path& data_dir() const { return data_dir_; }
    // Everything the server wrote to stdout and stderr, over every start.
    [[nodiscard]] std::string log() const;

    // `borough --data-dir D args...` with the server's settings flags and environment plus `env`.
    [[nodiscard]] testing::ProcessResult cli(const std::vector<std::string>& args,
                                             const std::map<std::string, std::string>& env = {}) const;

private:
    std::filesystem::path data_dir_;
    ServerOptions options_;
    std::filesystem::path log_path_;
    int pid_ = -1;
    int port_ = 0;
    int starts_ = 0;
};

// The tail of a text, for failure messages.
std::string tail(const std::string& text, std::size_t bytes = 4000);

}  // namespace borough::api_test
