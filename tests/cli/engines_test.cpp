// Black-box: a custom YAML action (no C++ for it anywhere) runs on the embedded llama engine and on an
// OpenAI-compatible endpoint (llama.cpp's own llama-server on loopback), and engine failures give one
// clear message and the documented exit code.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <fstream>
#include <thread>

#include "core/ids.h"
#include "core/json.h"
#include "run_process.h"
#include "triage_action.h"

namespace borough {
namespace {

namespace fs = std::filesystem;


class Engines : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("borough_engines_" + random_hex(6));
        fs::create_directories(dir_ / "actions");
        std::ofstream(dir_ / "actions" / "complaint-triage.yaml") << testing::kTriageAction;
        std::ofstream(dir_ / "complaint.txt")
            << "The bins on Elm Road have not been collected for three weeks and rats are now in the garden.";
    }
    void TearDown() override { fs::remove_all(dir_); }

    testing::ProcessResult borough(std::vector<std::string> args) {
        std::vector<std::string> all{"--actions-dir", (dir_ / "actions").string()};
        all.insert(all.end(), args.begin(), args.end());
        return testing::run_process(BOROUGH_BIN, all, {{"BOROUGH_DATA_DIR", (dir_ / "data").string()}}, 300);
    }
    std::vector<std::string> run_triage() {
        return {"run", "complaint-triage", "--input", (dir_ / "complaint.txt").string(), "--format", "json"};
    }
    static void expect_valid_triage(const testing::ProcessResult& r) {
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto j = parse_json(r.out, "stdout");
        ASSERT_TRUE(j) << r.out;
        const auto& result = (*j)["result"];
        const std::set<std::string> services{"housing", "waste", "highways", "council-tax", "other"};
        ASSERT_TRUE(result.contains("service")) << r.out;
        EXPECT_TRUE(services.count(result["service"].get<std::string>())) << r.out;
        EXPECT_TRUE(result["urgent"].is_boolean()) << r.out;
        EXPECT_NE((*j)["method"].get<std::string>().find("llm:"), std::string::npos);
    }

    fs::path dir_;
};

TEST_F(Engines, CustomYamlActionRunsOnEmbeddedLlama) {
    auto args = run_triage();
    for (const char* a : {"--engine", "llama", "--model", TINY_MODEL, "--llama-ctx", "4096"}) args.emplace_back(a);
    expect_valid_triage(borough(args));
}

TEST_F(Engines, CustomYamlActionRunsOnOpenAiCompatibleServer) {
    const int port = testing::free_port();
    const std::string log = (dir_ / "llama-server.log").string();
    const int pid = testing::spawn_process(LLAMA_SERVER_BIN,
                                           {"-m", TINY_QWEN2_MODEL, "--host", "127.0.0.1", "--port", std::to_string(port),
                                            "-c", "4096", "-np", "2", "-t", "2", "--no-webui"},
                                           log);
    httplib::Client probe("127.0.0.1", port);
    bool up = false;
    for (int i = 0; i < 300 && !up; ++i) {
        auto res = probe.Get("/health");
        up = res && res->status == 200;
        if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!up) {
        testing::kill_process(pid);
        std::ifstream in(log);
        std::stringstream ss;
        ss << in.rdbuf();
        FAIL() << "llama-server did not become healthy:\n" << ss.str();
    }
    auto args = run_triage();
    for (const std::string& a : {std::string("--engine"), std::string("openai"), std::string("--openai-url"),
                                 "http://127.0.0.1:" + std::to_string(port) + "/v1", std::string("--openai-model"),
                                 std::string("tiny")}) {
        args.push_back(a);
    }
    auto r = borough(args);
    testing::kill_process(pid);
    expect_valid_triage(r);
}

TEST_F(Engines, CustomActionWithoutModelNamesTheSetting) {
    auto args = run_triage();
    args.insert(args.end(), {"--engine", "extractive"});
    auto r = borough(args);
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("needs a language model"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--engine"), std::string::npos) << r.err;
}

TEST_F(Engines, UnreachableEndpointIsUnavailable) {
    const int port = testing::free_port();  // nothing listens there
    auto args = run_triage();
    args.insert(args.end(), {"--engine", "openai", "--openai-model", "any", "--openai-url",
                             "http://127.0.0.1:" + std::to_string(port) + "/v1"});
    const auto start = std::chrono::steady_clock::now();
    auto r = borough(args);
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find("127.0.0.1"), std::string::npos) << r.err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST_F(Engines, EndpointReturningJunkIsModelOutputInvalid) {
    httplib::Server junk;
    junk.Post("/v1/chat/completions", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<html>Service temporarily moved</html>", "text/html");
    });
    const int port = junk.bind_to_any_port("127.0.0.1");
    std::thread t([&junk] { junk.listen_after_bind(); });
    auto args = run_triage();
    args.insert(args.end(), {"--engine", "openai", "--openai-model", "any", "--openai-url",
                             "http://127.0.0.1:" + std::to_string(port) + "/v1"});
    auto r = borough(args);
    junk.stop();
    t.join();
    EXPECT_EQ(r.exit_code, 6) << r.err;
    // The failed job is recorded, not lost.
    auto hist = borough({"history"});
    EXPECT_NE(hist.out.find("failed"), std::string::npos) << hist.out;
}

}  // namespace
}  // namespace borough
