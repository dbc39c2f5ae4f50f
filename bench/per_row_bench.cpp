// borough-bench-per-row: survey-analysis per-row LLM mode (one schema-constrained request per answer,
// shared system prefix) in rows/s, borough's embedded engine against llama.cpp's llama-server (same
// build dir, same model, same requests, -np 8, prompt cache on) driven by C concurrent clients, in the
// same run. Usage:
//   borough-bench-per-row --model M.gguf --llama-server PATH [--rows 128] [--threads 2] [--parallel 16]
//                         [--concurrency 4,8,16] [--rounds 3] [--json FILE]
// The requests are built by llm_coding's row_prompt/row_request on themes the extractive analysis found in
// a generated survey (bench/survey_text.h). Rounds alternate the sides; figures are medians over rounds.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actions/survey_analysis/llm_coding.h"
#include "actions/survey_analysis/survey_analysis.h"
#include "core/file.h"
#include "core/json.h"
#include "engine/llama/llama_text_generator.h"
#include "bench_timing.h"
#include "io/csv_reader.h"
#include "support/loopback.h"
#include "survey_text.h"

namespace {

using borough::Json;
using borough::bench::median;
using borough::bench::seconds_since;
using borough::bench::SteadyClock;
using borough::engine::GenerationRequest;
using borough::test::free_loopback_port;
using borough::test::read_tail;
namespace survey = borough::actions::survey;

// One side's totals for one pass over all rows.
struct Pass {
    double seconds = 0;
    std::size_t rows = 0;
    std::size_t failed = 0;  // error, or output that is not JSON
    double prompt_tokens = 0;
    double evaluated_prompt_tokens = 0;  // prompt tokens not taken from a cache
    double completion_tokens = 0;
    std::string first_output;  // row 0's model output, to compare the two sides' work
    [[nodiscard]] double rows_per_s() const { return static_cast<double>(rows) / seconds; }
};

// A minimal HTTP/1.1 keep-alive client for one loopback connection. Not cpp-httplib: llama-common,
// linked through the engine, compiles its own newer copy, and two copies of httplib::Client in one
// binary break at run time (ODR). Enough for llama-server's replies (Content-Length bodies).
class LoopbackHttp {
public:
    explicit LoopbackHttp(int port) : port_(port) {}
    ~LoopbackHttp() { close_socket(); }
    LoopbackHttp(const LoopbackHttp&) = delete;
    LoopbackHttp& operator=(const LoopbackHttp&) = delete;
    LoopbackHttp(LoopbackHttp&&) = delete;
    LoopbackHttp& operator=(LoopbackHttp&&) = delete;

    // Status code (0 when the connection failed) and body. One reconnect on a stale connection.
    std::pair<int, std::string> request(const std::string& method, const std::string& path,
                                        const std::string& body = {}) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (fd_ < 0 && !connect_socket()) return {0, {}};
            const std::string head = fmt::format(
                "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n"
                "Content-Length: {}\r\nConnection: keep-alive\r\n\r\n",
                method, path, port_, body.size());
            if (send_all(head + body)) {
                if (auto reply = read_reply(); reply.first != 0) return reply;
            }
            close_socket();
        }
        return {0, {}};
    }

private:
    bool connect_socket() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {  // NOLINT: sockets API
            close_socket();
            return false;
        }
        return true;
    }
    void close_socket() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        buffer_.clear();
    }
    bool send_all(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    bool fill() {
        char chunk[16384];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
    std::pair<int, std::string> read_reply() {
        std::size_t end = 0;
        while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
            if (!fill()) return {0, {}};
        }
        const std::string head = buffer_.substr(0, end);
        buffer_.erase(0, end + 4);
        int status = 0;
        if (std::sscanf(head.c_str(), "HTTP/1.%*d %d", &status) != 1) return {0, {}};
        std::size_t length = 0;
        for (std::size_t at = head.find("\r\n"); at != std::string::npos; at = head.find("\r\n", at + 2)) {
            constexpr std::string_view kField = "content-length:";
            if (::strncasecmp(head.c_str() + at + 2, kField.data(), kField.size()) == 0) {
                length = std::stoul(head.substr(at + 2 + kField.size()));
            }
        }
        while (buffer_.size() < length) {
            if (!fill()) return {0, {}};
        }
        std::string body = buffer_.substr(0, length);
        buffer_.erase(0, length);
        return {status, std::move(body)};
    }

    int port_;
    int fd_ = -1;
    std::string buffer_;  // bytes received but not yet consumed
};

// One llama-server child process on a loopback port, stopped by the destructor.
class ServerProcess {
public:
    ServerProcess() = default;
    ~ServerProcess() { stop(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    ServerProcess(ServerProcess&&) = delete;
    ServerProcess& operator=(ServerProcess&&) = delete;

    // Empty on success, else why it did not start.
    std::string start(const std::vector<std::string>& args_in, const std::string& log_path) {
        port_ = free_loopback_port();
        std::vector<std::string> args = args_in;
        args.insert(args.end(), {"--host", "127.0.0.1", "--port", std::to_string(port_)});
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_ = ::fork();
        if (pid_ < 0) return "fork failed";
        if (pid_ == 0) {
            // Child: die with the benchmark, log to a file, become llama-server.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (log >= 0) {
                ::dup2(log, STDOUT_FILENO);
                ::dup2(log, STDERR_FILENO);
            }
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
        while (SteadyClock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return "llama-server exited during start-up:\n" + read_tail(log_path, 3000);
            }
            if (LoopbackHttp(port_).request("GET", "/health").first == 200) return {};
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return "llama-server did not become healthy in 120 s:\n" + read_tail(log_path, 3000);
    }

    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 100 && ::waitpid(pid_, nullptr, WNOHANG) != pid_; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (::waitpid(pid_, nullptr, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }

    [[nodiscard]] int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

// The OpenAI-style body llama-server gets for one row: the same messages, schema, budget and greedy
// sampling as the GenerationRequest.
std::string chat_body(const GenerationRequest& req) {
    Json messages = Json::array();
    for (const auto& m : req.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
    Json body{{"messages", std::move(messages)},
              {"max_tokens", req.max_tokens},
              {"temperature", 0.0},
              {"cache_prompt", true},
              {"response_format",
               {{"type", "json_schema"}, {"json_schema", {{"name", "row"}, {"schema", *req.json_schema}}}}}};
    return borough::dump_json(body);
}

Pass run_borough(borough::engine::TextGenerator& gen, const std::vector<GenerationRequest>& requests) {
    Pass p;
    std::mutex mu;
    const auto t0 = SteadyClock::now();
    gen.generate_batch(requests, [&](std::size_t i, borough::Result<borough::engine::GenerationResult> res) {
        std::lock_guard lock(mu);
        ++p.rows;
        if (!res || !res->json) {
            ++p.failed;
            return;
        }
        if (i == 0) p.first_output = res->text;
        p.prompt_tokens += res->prompt_tokens;
        p.evaluated_prompt_tokens += res->prompt_tokens - res->cached_prompt_tokens;
        p.completion_tokens += res->completion_tokens;
    });
    p.seconds = seconds_since(t0);
    return p;
}

Pass run_server(int port, const std::vector<std::string>& bodies, int clients) {
    Pass p;
    std::mutex mu;
    std::atomic<std::size_t> next{0};
    const auto t0 = SteadyClock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
            LoopbackHttp client(port);
            for (std::size_t i = next++; i < bodies.size(); i = next++) {
                const auto [status, text] = client.request("POST", "/v1/chat/completions", bodies[i]);
                std::lock_guard lock(mu);
                ++p.rows;
                if (status != 200) {
                    ++p.failed;
                    continue;
                }
                const Json reply = Json::parse(text, nullptr, false);
                if (reply.is_discarded() || !reply.contains("choices")) {
                    ++p.failed;
                    continue;
                }
                const auto content = reply["choices"][0]["message"].value("content", std::string());
                if (i == 0) p.first_output = content;
                if (Json::parse(content, nullptr, false).is_discarded()) ++p.failed;
                const auto& usage = reply["usage"];
                p.prompt_tokens += usage.value("prompt_tokens", 0.0);
                p.completion_tokens += usage.value("completion_tokens", 0.0);
                if (reply.contains("timings")) p.evaluated_prompt_tokens += reply["timings"].value("prompt_n", 0.0);
            }
        });
    }
    for (auto& t : threads) t.join();
    p.seconds = seconds_since(t0);
    return p;
}

// Per-row requests for the first `rows` answered answers of question 1 of a generated survey whose
// themes come from the extractive analysis of `respondents` rows.
borough::Result<std::vector<GenerationRequest>> build_requests(std::size_t respondents, std::size_t rows) {
    const std::string csv = borough::bench::make_csv(respondents, 1, 7);
    BOROUGH_TRY(auto table, borough::io::read_csv(csv, "bench.csv"));
    survey::SurveyOptions options;
    options.columns.questions = {"Question 1"};
    options.columns.segments = {"Ward", "Age band", "Tenure"};
    options.columns.id = "Respondent ID";
    options.stability_runs = 0;
    options.combined = false;
    borough::SystemClock clock;
    borough::actions::NullProgressSink sink;
    borough::actions::ActionContext ctx{nullptr, clock, sink, {}};
    BOROUGH_TRY(auto r, survey::analyse_survey(table, options, ctx));
    std::vector<GenerationRequest> requests;
    const survey::RowPrompt prompt = survey::row_prompt(r, 0);
    for (std::size_t a = 0; a < r.answers.size() && requests.size() < rows; ++a) {
        if (r.answers[a].state != survey::AnswerState::Answered || r.answers[a].question != 0) continue;
        requests.push_back(survey::row_request(r, prompt, a, {}));
    }
    return requests;
}

Json pass_json(const std::vector<Pass>& passes) {
    std::vector<double> rps;
    Json rounds = Json::array();
    for (const auto& p : passes) {
        rps.push_back(p.rows_per_s());
        const double n = static_cast<double>(p.rows);
        rounds.push_back({{"seconds", p.seconds},
                          {"rows_per_s", p.rows_per_s()},
                          {"failed", p.failed},
                          {"prompt_tokens_per_row", p.prompt_tokens / n},
                          {"evaluated_prompt_tokens_per_row", p.evaluated_prompt_tokens / n},
                          {"completion_tokens_per_row", p.completion_tokens / n},
                          {"completion_tokens_per_s", p.completion_tokens / p.seconds}});
    }
    return {{"median_rows_per_s", median(rps)},
            {"first_output", passes.empty() ? std::string() : passes.back().first_output},
            {"rounds", rounds}};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"survey per-row LLM mode: borough vs llama-server"};
    std::string model;
    std::string server_bin;
    std::string json_out;
    std::size_t rows = 128;
    std::size_t respondents = 2000;
    int threads = 2;
    int parallel = 16;
    int server_slots = 8;
    int slot_ctx = 2048;
    int rounds = 3;
    std::vector<int> concurrency = {4, 8, 16};
    std::vector<std::string> extra_server_flags;
    app.add_option("--model", model)->required();
    app.add_option("--llama-server", server_bin)->required();
    app.add_option("--rows", rows, "Requests (answers) per pass");
    app.add_option("--respondents", respondents, "Generated survey size the themes come from");
    app.add_option("--threads", threads);
    app.add_option("--parallel", parallel, "borough engine sequences decoded together");
    app.add_option("--server-slots", server_slots, "llama-server -np");
    app.add_option("--slot-ctx", slot_ctx, "Context tokens per sequence, both sides");
    app.add_option("--rounds", rounds);
    app.add_option("--concurrency", concurrency, "llama-server client counts")->delimiter(',');
    app.add_option("--server-flag", extra_server_flags, "Extra llama-server flag (repeatable)");
    app.add_option("--json", json_out);
    CLI11_PARSE(app, argc, argv);

    auto requests = build_requests(respondents, rows);
    if (!requests) {
        std::fprintf(stderr, "requests: %s\n", requests.error().message.c_str());
        return 1;
    }
    std::vector<std::string> bodies;
    for (const auto& r : *requests) bodies.push_back(chat_body(r));

    borough::engine::llama::LlamaOptions opts;
    opts.model_path = model;
    opts.n_threads = threads;
    opts.n_parallel = parallel;
    opts.n_ctx = parallel * slot_ctx;
    opts.n_batch = 512;
    auto engine = borough::engine::llama::LlamaTextGenerator::create(opts);
    if (!engine) {
        std::fprintf(stderr, "engine: %s\n", engine.error().message.c_str());
        return 1;
    }
    const int system_tokens = (*engine)->count_tokens((*requests)[0].messages[0].content);

    std::vector<std::string> server_args = {server_bin,
                                            "-m",
                                            model,
                                            "-t",
                                            std::to_string(threads),
                                            "-tb",
                                            std::to_string(threads),
                                            "-np",
                                            std::to_string(server_slots),
                                            "-c",
                                            std::to_string(server_slots * slot_ctx),
                                            "--no-webui",
                                            "--seed",
                                            "1"};
    server_args.insert(server_args.end(), extra_server_flags.begin(), extra_server_flags.end());
    const std::string log_path = fmt::format("/tmp/borough-bench-per-row-{}.log", ::getpid());
    ServerProcess server;
    if (auto err = server.start(server_args, log_path); !err.empty()) {
        std::fprintf(stderr, "%s\n", err.c_str());
        return 1;
    }
    std::string flags;
    for (std::size_t i = 1; i < server_args.size(); ++i) {
        flags += (flags.empty() ? "" : " ") + (server_args[i] == model ? std::string("MODEL") : server_args[i]);
    }
    std::fprintf(stderr, "rows %zu, system prompt %d tokens; llama-server %s\n", rows, system_tokens, flags.c_str());

    // Warm-up: page in the weights and put the shared prefix in every sequence or slot of both sides
    // (llama-server's slots each hold their own copy), so the rounds measure the steady state.
    {
        const auto n = static_cast<std::size_t>(std::max(parallel, server_slots));
        std::vector<GenerationRequest> warm(requests->begin(),
                                            requests->begin() + static_cast<std::ptrdiff_t>(std::min(n, rows)));
        auto t0 = SteadyClock::now();
        (void)run_borough(**engine, warm);
        const double ours_s = seconds_since(t0);
        std::vector<std::string> warm_bodies(bodies.begin(),
                                             bodies.begin() + static_cast<std::ptrdiff_t>(std::min(n, rows)));
        t0 = SteadyClock::now();
        (void)run_server(server.port(), warm_bodies, server_slots);
        std::fprintf(stderr, "warm-up (%zu rows each): borough %.1f s, llama-server %.1f s\n", warm.size(), ours_s,
                     seconds_since(t0));
    }
    std::vector<Pass> ours;
    std::map<int, std::vector<Pass>> peer;
    for (int round = 0; round < rounds; ++round) {
        // Alternate which side goes first, so load from anything else hits both alike.
        auto borough_pass = [&] {
            ours.push_back(run_borough(**engine, *requests));
            std::fprintf(stderr, "round %d borough: %.2f rows/s\n", round + 1, ours.back().rows_per_s());
        };
        if (round % 2 == 0) borough_pass();
        for (int c : concurrency) {
            peer[c].push_back(run_server(server.port(), bodies, c));
            std::fprintf(stderr, "round %d llama-server C=%d: %.2f rows/s\n", round + 1, c,
                         peer[c].back().rows_per_s());
        }
        if (round % 2 == 1) borough_pass();
    }
    server.stop();

    auto row = [](const std::string& side, const std::vector<Pass>& passes) {
        std::vector<double> rps, prompt, evaluated, completion, tps;
        std::size_t failed = 0;
        for (const auto& p : passes) {
            const double n = static_cast<double>(p.rows);
            rps.push_back(p.rows_per_s());
            prompt.push_back(p.prompt_tokens / n);
            evaluated.push_back(p.evaluated_prompt_tokens / n);
            completion.push_back(p.completion_tokens / n);
            tps.push_back(p.completion_tokens / p.seconds);
            failed += p.failed;
        }
        std::printf("| %s | %.2f | %.0f | %.1f | %.1f | %.1f | %zu |\n", side.c_str(), median(rps), median(prompt),
                    median(evaluated), median(completion), median(tps), failed);
        return median(rps);
    };
    std::printf(
        "| side | rows/s | prompt tok/row | evaluated prompt tok/row | completion tok/row | "
        "completion tok/s | failed rows |\n|---|---|---|---|---|---|---|\n");
    const double ours_rps = row(fmt::format("borough ({} sequences)", parallel), ours);
    double best = 0;
    int best_c = 0;
    for (int c : concurrency) {
        const double v = row(fmt::format("llama-server -np {}, {} clients", server_slots, c), peer[c]);
        if (v > best) {
            best = v;
            best_c = c;
        }
    }
    std::printf("\nborough / llama-server (best: %d clients) = **%.2f** (%zu rows, %d rounds, median)\n", best_c,
                ours_rps / best, rows, rounds);
    if (!json_out.empty()) {
        Json peers = Json::object();
        for (int c : concurrency) peers[std::to_string(c)] = pass_json(peer[c]);
        Json j{{"rows", rows},
               {"threads", threads},
               {"system_prompt_tokens", system_tokens},
               {"borough", {{"parallel", parallel}, {"result", pass_json(ours)}}},
               {"llama_server", {{"flags", flags}, {"by_clients", peers}}},
               {"best_clients", best_c},
               {"ratio", ours_rps / best}};
        if (auto st = borough::write_file_atomic(json_out, borough::dump_json(j, 2)); !st) {
            std::fprintf(stderr, "%s\n", st.error().message.c_str());
            return 1;
        }
    }
    return 0;
}
