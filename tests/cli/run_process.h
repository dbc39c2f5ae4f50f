// Test helper: runs a program with arguments and extra environment, capturing exit code and output.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace borough::testing {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `program args...` with the current environment plus `env` (overriding), stdin from /dev/null.
// Kills it after timeout_s seconds (exit_code -9 then).
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}, int timeout_s = 120);

// Starts a program in the background with stdout/stderr to `log_path`; returns its pid.
int spawn_process(const std::string& program, const std::vector<std::string>& args, const std::string& log_path);
void kill_process(int pid);

// The whole file (empty when it cannot be read).
std::string slurp(const std::string& path);

// The current environment with `extra` added or replaced, as "K=V" strings: build it before fork().
std::vector<std::string> merged_env(const std::map<std::string, std::string>& extra);

// argv/envp view of `items` (null-terminated); `items` must outlive it.
std::vector<char*> c_strings(std::vector<std::string>& items);

// A free TCP port on 127.0.0.1 (bind to port 0 and read it back).
int free_port();

}  // namespace borough::testing
