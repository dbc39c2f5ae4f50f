// Black-box tests of the `borough` binary: what an administrator types and what they get back —
// exit codes, messages naming the file/field, and nothing already stored lost after a failure.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/ids.h"
#include "core/json.h"
#include "core/sha256.h"
#include "run_process.h"
#include "triage_action.h"

namespace borough {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("borough_cli_" + random_hex(6));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    ProcessResult borough(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
        env.emplace("BOROUGH_DATA_DIR", (dir_ / "data").string());
        return testing::run_process(BOROUGH_BIN, args, env, 300);
    }
    fs::path write(const std::string& name, const std::string& content) {
        const auto p = dir_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    std::string run_ok_job() {
        auto r = borough({"run", "document-summary", "--input", SAMPLE_DOC, "--format", "json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        auto j = parse_json(r.out, "stdout");
        EXPECT_TRUE(j) << r.out;
        return j ? (*j)["job"].get<std::string>() : std::string();
    }

    fs::path dir_;
};

TEST_F(Cli, VersionNamesLlamaCpp) {
    auto r = borough({"version"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("borough "), std::string::npos);
    EXPECT_NE(r.out.find("llama.cpp "), std::string::npos);
    EXPECT_NE(r.out.find("node-llama-cpp@3.22.1"), std::string::npos);
}

TEST_F(Cli, ExtractiveSummaryIsStoredAndAudited) {
    auto r = borough({"run", "document-summary", "--input", SAMPLE_DOC});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("DRAFT"), std::string::npos);
    EXPECT_NE(r.out.find("extractive"), std::string::npos);

    const std::string job = run_ok_job();
    ASSERT_FALSE(job.empty());
    auto hist = borough({"history"});
    ASSERT_EQ(hist.exit_code, 0);
    EXPECT_NE(hist.out.find(job), std::string::npos);
    EXPECT_NE(hist.out.find("succeeded"), std::string::npos);

    auto show = borough({"show", job, "--format", "json"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    auto j = parse_json(show.out, "show");
    ASSERT_TRUE(j);
    EXPECT_EQ((*j)["status"], "succeeded");
    EXPECT_EQ((*j)["engine"], "extractive");
    EXPECT_EQ((*j)["action_hash"].get<std::string>().size(), 64u);
    EXPECT_GE((*j)["outputs"].size(), 2u);

    auto audit = borough({"audit", "verify"});
    EXPECT_EQ(audit.exit_code, 0) << audit.err;
    EXPECT_NE(audit.out.find("ok"), std::string::npos);
}

TEST_F(Cli, BadInputGetsOneClearErrorAndLosesNothing) {
    const std::string job = run_ok_job();
    ASSERT_FALSE(job.empty());

    auto missing = borough({"run", "document-summary", "--input", (dir_ / "nope.txt").string()});
    EXPECT_EQ(missing.exit_code, 4);
    EXPECT_NE(missing.err.find("nope.txt"), std::string::npos) << missing.err;

    auto empty = borough({"run", "document-summary", "--input", write("empty.txt", "").string()});
    EXPECT_EQ(empty.exit_code, 3);
    EXPECT_NE(empty.err.find("empty"), std::string::npos) << empty.err;

    auto binary = borough({"run", "document-summary", "--input", write("garbage.txt", std::string("ab\0\x01\x02", 5)).string()});
    EXPECT_EQ(binary.exit_code, 3);
    EXPECT_NE(binary.err.find("garbage.txt"), std::string::npos) << binary.err;
    EXPECT_NE(binary.err.find("byte"), std::string::npos) << binary.err;

    auto big = borough({"run", "document-summary", "--input", SAMPLE_DOC, "--max-input-bytes", "100"});
    EXPECT_EQ(big.exit_code, 9) << big.err;

    auto unknown = borough({"run", "no-such-action", "--input", SAMPLE_DOC});
    EXPECT_EQ(unknown.exit_code, 4);
    EXPECT_NE(unknown.err.find("no-such-action"), std::string::npos);

    auto bad_param = borough({"run", "document-summary", "--input", SAMPLE_DOC, "--param", "nonsense"});
    EXPECT_EQ(bad_param.exit_code, 3);
    auto unknown_param = borough({"run", "document-summary", "--input", SAMPLE_DOC, "--param", "colour=blue"});
    EXPECT_EQ(unknown_param.exit_code, 3);
    EXPECT_NE(unknown_param.err.find("colour"), std::string::npos) << unknown_param.err;

    auto bad_setting = borough({"history", "--llama-parallel", "lots"});
    EXPECT_EQ(bad_setting.exit_code, 2);
    EXPECT_NE(bad_setting.err.find("llama_parallel"), std::string::npos);

    auto bad_model = borough({"run", "document-summary", "--input", SAMPLE_DOC, "--engine", "llama", "--model",
                              write("broken.gguf", std::string("GGUF\x03\x00\x00\x00garbage", 15)).string()});
    EXPECT_EQ(bad_model.exit_code, 3) << bad_model.err;
    EXPECT_NE(bad_model.err.find("broken.gguf"), std::string::npos) << bad_model.err;

    // The earlier job and the audit chain are intact.
    auto show = borough({"show", job});
    EXPECT_EQ(show.exit_code, 0);
    EXPECT_EQ(borough({"audit", "verify"}).exit_code, 0);
}

TEST_F(Cli, Windows1252InputIsTranscoded) {
    std::string text =
        "The council spent \xA3" "2.5m on repairs this year. Tenants said the \x93online form\x94 was hard to use. "
        "Repairs took an average of 38 days against a target of 28 days. Damp and mould reports doubled. "
        "The committee recommends photo uploads on the repairs form. A follow-up review will take place next year.";
    auto r = borough({"run", "document-summary", "--input", write("cp1252.txt", text).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\xC2\xA3" "2.5m"), std::string::npos) << r.out;
}

TEST_F(Cli, AuditVerifyDetectsAnEditedEntry) {
    ASSERT_FALSE(run_ok_job().empty());
    ASSERT_EQ(borough({"audit", "verify"}).exit_code, 0);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "data" / "borough.db").c_str(), &db), SQLITE_OK);
    std::vector<std::string> triggers;
    sqlite3_exec(
        db, "SELECT name FROM sqlite_master WHERE type='trigger'",
        [](void* out, int, char** values, char**) {
            static_cast<std::vector<std::string>*>(out)->emplace_back(values[0]);
            return 0;
        },
        &triggers, nullptr);
    for (const auto& t : triggers) sqlite3_exec(db, ("DROP TRIGGER " + t).c_str(), nullptr, nullptr, nullptr);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE audit SET actor = 'someone-else' WHERE seq = 1", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    auto r = borough({"audit", "verify"});
    EXPECT_EQ(r.exit_code, 10) << r.out << r.err;
    EXPECT_NE(r.err.find("BROKEN"), std::string::npos);
}

// ---- models ------------------------------------------------------------------------------------------

TEST_F(Cli, ModelsAddPathAndList) {
    auto r = borough({"models", "add", TINY_MODEL, "--name", "tiny"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto sha = sha256_file_hex(TINY_MODEL);
    ASSERT_TRUE(sha);
    auto list = borough({"models", "list"});
    EXPECT_NE(list.out.find("tiny"), std::string::npos);
    EXPECT_NE(list.out.find(sha->substr(0, 16)), std::string::npos);

    auto not_gguf = borough({"models", "add", SAMPLE_DOC});
    EXPECT_EQ(not_gguf.exit_code, 3);
    EXPECT_NE(not_gguf.err.find("GGUF"), std::string::npos);
}

// Serves the tiny model over HTTP on loopback: /tiny.gguf whole, /cut.gguf announced whole but cut off
// half way (the connection closes early, as a dropped download would).
class ModelServer {
public:
    ModelServer() : body_(slurp(TINY_MODEL)) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        ::listen(listen_fd_, 8);
        thread_ = std::thread([this] { serve(); });
    }
    ~ModelServer() {
        stop_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);
        ::close(listen_fd_);
        thread_.join();
    }
    ModelServer(const ModelServer&) = delete;
    ModelServer& operator=(const ModelServer&) = delete;
    ModelServer(ModelServer&&) = delete;
    ModelServer& operator=(ModelServer&&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

private:
    void serve() {
        while (!stop_) {
            const int c = ::accept(listen_fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string req;
            char buf[4096];
            while (req.find("\r\n\r\n") == std::string::npos) {
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                req.append(buf, static_cast<std::size_t>(n));
            }
            const bool cut = req.find("GET /cut.gguf") == 0;
            const bool ok = cut || req.find("GET /tiny.gguf") == 0;
            std::string head = ok ? "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                                        std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n"
                                  : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            send_all(c, head);
            if (ok) send_all(c, cut ? std::string_view(body_).substr(0, body_.size() / 2) : std::string_view(body_));
            ::close(c);
        }
    }
    static void send_all(int fd, std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    std::string body_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST_F(Cli, ModelsAddUrlChecksAndCleansUp) {
    ModelServer server;
    auto sha = sha256_file_hex(TINY_MODEL);
    ASSERT_TRUE(sha);
    const auto models = dir_ / "data" / "models";

    auto no_sha = borough({"models", "add", server.url("/tiny.gguf")});
    EXPECT_EQ(no_sha.exit_code, 3);
    EXPECT_NE(no_sha.err.find("--sha256"), std::string::npos);

    auto bad = borough({"models", "add", server.url("/tiny.gguf"), "--sha256", std::string(64, '0')});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("sha256"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(models / "tiny.gguf"));

    auto cut = borough({"models", "add", server.url("/cut.gguf"), "--sha256", *sha});
    EXPECT_NE(cut.exit_code, 0);
    EXPECT_FALSE(fs::exists(models / "cut.gguf"));
    EXPECT_FALSE(fs::exists(models / "cut.gguf.part"));

    auto missing = borough({"models", "add", server.url("/nothing.gguf"), "--sha256", *sha});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("404"), std::string::npos) << missing.err;

    auto ok = borough({"models", "add", server.url("/tiny.gguf"), "--sha256", *sha});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(*sha256_file_hex(models / "tiny.gguf"), *sha);
    auto list = borough({"models", "list"});
    EXPECT_NE(list.out.find("tiny"), std::string::npos);

    // A registered name works as --model, and the job records the model's checksum.
    fs::create_directories(dir_ / "actions");
    std::ofstream(dir_ / "actions" / "complaint-triage.yaml") << testing::kTriageAction;
    const auto complaint = write("complaint.txt", "The street light outside number 12 has been out for a month.");
    auto run = borough({"run", "complaint-triage", "--input", complaint.string(), "--actions-dir", (dir_ / "actions").string(),
                        "--engine", "llama", "--model", "tiny", "--format", "json", "--llama-ctx", "4096"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto out = parse_json(run.out, "stdout");
    ASSERT_TRUE(out);
    auto show = borough({"show", (*out)["job"].get<std::string>(), "--format", "json"});
    auto job = parse_json(show.out, "show");
    ASSERT_TRUE(job) << show.out;
    EXPECT_EQ((*job)["engine"], "llama");
    EXPECT_EQ((*job)["model_sha256"], *sha);
}

}  // namespace
}  // namespace borough
