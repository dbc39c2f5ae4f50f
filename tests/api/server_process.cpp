#include "server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace borough::api_test {
namespace {

using testing::c_strings;
using testing::merged_env;
std::string slurp(const std::filesystem::path& path) { return testing::slurp(path.string()); }

int exit_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

std::string tail(const std::string& text, std::size_t bytes) {
    return text.size() <= bytes ? text : "..." + text.substr(text.size() - bytes);
}

ServerProcess::ServerProcess(std::filesystem::path data_dir, ServerOptions options)
    : data_dir_(std::move(data_dir)), options_(std::move(options)) {
    log_path_ = data_dir_.parent_path() / (data_dir_.filename().string() + "-serve.log");
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) kill_hard();
}

std::string ServerProcess::start(int timeout_s) {
    if (pid_ > 0) return "already running";
    // Each start appends to the log, after a marker, so the "listening" line is looked for after it.
    const std::string marker = "=== borough api test: start " + std::to_string(++starts_) + " ===\n";
    { std::ofstream(log_path_, std::ios::app) << marker; }
    const std::size_t from = slurp(log_path_).size();

    std::vector<std::string> argv_s{BOROUGH_BIN, "--data-dir", data_dir_.string()};
    argv_s.insert(argv_s.end(), options_.extra_args.begin(), options_.extra_args.end());
    for (const char* a : {"serve", "--host", "127.0.0.1", "--port", "0", "--workers"}) argv_s.emplace_back(a);
    argv_s.push_back(std::to_string(options_.workers));
    auto env_s = merged_env(options_.env);
    auto argv_c = c_strings(argv_s);
    auto env_c = c_strings(env_s);
    const std::string log = log_path_.string();

    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        ::execve(argv_c[0], argv_c.data(), env_c.data());
        ::_exit(127);
    }
    if (pid < 0) return "fork failed";
    pid_ = pid;

    static const std::regex listening(R"(borough: listening on http://127\.0\.0\.1:(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string text = slurp(log_path_);
        std::smatch m;
        const std::string fresh = text.size() > from ? text.substr(from) : std::string();
        if (std::regex_search(fresh, m, listening)) {
            port_ = std::stoi(m[1].str());
            return "";
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return "borough serve exited with status " + std::to_string(exit_status(status)) + " before listening:\n" +
                   tail(fresh);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill_hard();
    return "borough serve did not print its listening line within " + std::to_string(timeout_s) + " s:\n" +
           tail(slurp(log_path_));
}

int ServerProcess::terminate(int timeout_s) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return exit_status(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill_hard();
    return -1;
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string ServerProcess::log() const { return slurp(log_path_); }

testing::ProcessResult ServerProcess::cli(const std::vector<std::string>& args,
                                          const std::map<std::string, std::string>& env) const {
    std::vector<std::string> all{"--data-dir", data_dir_.string()};
    all.insert(all.end(), options_.extra_args.begin(), options_.extra_args.end());
    all.insert(all.end(), args.begin(), args.end());
    std::map<std::string, std::string> merged = options_.env;
    for (const auto& [k, v] : env) merged[k] = v;
    return testing::run_process(BOROUGH_BIN, all, merged, 120);
}

}  // namespace borough::api_test
