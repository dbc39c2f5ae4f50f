#include "core/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "core/sha256.h"
#include "support/loopback.h"
#include "support/loopback_server.h"
#include "support/temp_dir.h"

namespace borough {
namespace {

namespace fs = std::filesystem;
using test::free_loopback_port;
using test::LoopbackServer;

// Raw TCP server that answers one request with a Content-Length of `announced` bytes but sends only
// `sent` bytes before closing: a download cut off mid-body.
class CutOffServer {
public:
    CutOffServer(std::size_t announced, std::size_t sent) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        auto* sa = reinterpret_cast<sockaddr*>(&addr);  // NOLINT: the sockets API takes sockaddr*
        EXPECT_EQ(::bind(fd_, sa, sizeof addr), 0);
        EXPECT_EQ(::listen(fd_, 1), 0);
        socklen_t len = sizeof addr;
        EXPECT_EQ(::getsockname(fd_, sa, &len), 0);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this, announced, sent] {
            const int client = ::accept(fd_, nullptr, nullptr);
            if (client < 0) {
                return;
            }
            std::string request;
            std::array<char, 1024> buf{};
            while (request.find("\r\n\r\n") == std::string::npos) {
                const ssize_t n = ::recv(client, buf.data(), buf.size(), 0);
                if (n <= 0) {
                    break;
                }
                request.append(buf.data(), static_cast<std::size_t>(n));
            }
            std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                                std::to_string(announced) + "\r\nConnection: close\r\n\r\n";
            reply.append(sent, 'x');
            static_cast<void>(::send(client, reply.data(), reply.size(), MSG_NOSIGNAL));
            ::close(client);
        });
    }
    CutOffServer(const CutOffServer&) = delete;
    CutOffServer& operator=(const CutOffServer&) = delete;
    CutOffServer(CutOffServer&&) = delete;
    CutOffServer& operator=(CutOffServer&&) = delete;
    ~CutOffServer() {
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        ::close(fd_);
    }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/model.gguf"; }

private:
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
};

std::string pseudo_random_bytes(std::size_t n) {
    std::mt19937 rng(42);
    std::string out(n, '\0');
    for (auto& c : out) {
        c = static_cast<char>(rng() & 0xFFU);
    }
    return out;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class HttpClientTest : public ::testing::Test {
protected:
    [[nodiscard]] bool dir_is_empty() const { return fs::is_empty(dir_); }

    test::TempDir temp_;
    const fs::path dir_ = temp_.path();
    HttpClient client_;
};

TEST_F(HttpClientTest, PostJsonRoundTrip) {
    LoopbackServer srv;
    srv.server().Post("/v1/echo", [](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Seen-Auth", req.get_header_value("Authorization"));
        res.set_header("X-Seen-Type", req.get_header_value("Content-Type"));
        res.set_content("{\"echo\":" + req.body + "}", "application/json");
    });
    srv.start();
    auto reply = client_.post_json(srv.url("/v1/echo"), R"({"a":1})", {{"Authorization", "Bearer k"}}, 5000);
    ASSERT_TRUE(reply.has_value()) << reply.error().describe();
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->body, R"({"echo":{"a":1}})");
    EXPECT_EQ(reply->header("x-seen-auth").value_or(""), "Bearer k");
    EXPECT_EQ(reply->header("X-SEEN-TYPE").value_or(""), "application/json");
    EXPECT_FALSE(reply->header("X-Missing").has_value());
}

TEST_F(HttpClientTest, PostJsonReturnsServerErrorsAsResponses) {
    LoopbackServer srv;
    srv.server().Post("/busy", [](const httplib::Request&, httplib::Response& res) {
        res.status = 503;
        res.set_header("Retry-After", "2");
        res.set_content(R"({"error":{"message":"loading"}})", "application/json");
    });
    srv.start();
    auto reply = client_.post_json(srv.url("/busy"), "{}", {}, 5000);
    ASSERT_TRUE(reply.has_value()) << reply.error().describe();
    EXPECT_EQ(reply->status, 503);
    EXPECT_EQ(reply->header("retry-after").value_or(""), "2");
    EXPECT_NE(reply->body.find("loading"), std::string::npos);
}

TEST_F(HttpClientTest, PostJsonRejectsHeaderInjection) {
    auto reply = client_.post_json("http://127.0.0.1:1/", "{}", {{"X-A", "b\r\nX-Evil: 1"}}, 1000);
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::InvalidInput);
}

TEST_F(HttpClientTest, RefusedPortIsUnavailableNamingHost) {
    const int port = free_loopback_port();  // nothing listens there: connections are refused
    ASSERT_NE(port, 0);
    const auto start = std::chrono::steady_clock::now();
    auto reply = client_.post_json("http://127.0.0.1:" + std::to_string(port) + "/v1/chat/completions", "{}", {}, 5000);
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::Unavailable);
    EXPECT_NE(reply.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
        << reply.error().message;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

// A handler that stalls until released (or 5 s), for timeout and cancellation tests.
struct Stall {
    std::mutex mu;
    std::condition_variable cv;
    bool released = false;
    void wait() {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::seconds(5), [this] { return released; });
    }
    void release() {
        {
            const std::lock_guard lock(mu);
            released = true;
        }
        cv.notify_all();
    }
};

TEST_F(HttpClientTest, SlowServerTimesOutWithDeadlineExceeded) {
    Stall stall;
    LoopbackServer srv;
    srv.server().Post("/slow", [&stall](const httplib::Request&, httplib::Response& res) {
        stall.wait();
        res.set_content("{}", "application/json");
    });
    srv.start();
    auto reply = client_.post_json(srv.url("/slow"), "{}", {}, 200);
    stall.release();
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::DeadlineExceeded);
    EXPECT_NE(reply.error().message.find("127.0.0.1"), std::string::npos) << reply.error().message;
}

TEST_F(HttpClientTest, StopTokenCancelsPromptly) {
    Stall stall;
    LoopbackServer srv;
    srv.server().Post("/slow", [&stall](const httplib::Request&, httplib::Response& res) {
        stall.wait();
        res.set_content("{}", "application/json");
    });
    srv.start();
    std::stop_source stop;
    std::thread canceller([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        stop.request_stop();
    });
    const auto start = std::chrono::steady_clock::now();
    auto reply = client_.post_json(srv.url("/slow"), "{}", {}, 10'000, stop.get_token());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    canceller.join();
    stall.release();
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ErrorCode::Cancelled);
    EXPECT_LT(elapsed, std::chrono::milliseconds(900));
}

TEST_F(HttpClientTest, DownloadVerifiesSha256AndRenamesIntoPlace) {
    const std::string content = pseudo_random_bytes(3 * 1024 * 1024 + 17);
    LoopbackServer srv;
    srv.server().Get("/models/tiny.gguf", [&content](const httplib::Request&, httplib::Response& res) {
        res.set_content(content, "application/octet-stream");
    });
    srv.start();
    std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
    DownloadOptions options;
    options.expected_sha256 = sha256_hex(content);
    options.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.emplace_back(done, total); };
    const fs::path dest = dir_ / "models" / "tiny.gguf";
    auto result = client_.download(srv.url("/models/tiny.gguf"), dest, options);
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    EXPECT_EQ(result->path, dest);
    EXPECT_EQ(result->size_bytes, content.size());
    EXPECT_EQ(result->sha256, sha256_hex(content));
    EXPECT_EQ(slurp(dest), content);
    EXPECT_FALSE(fs::exists(dest.string() + ".part"));
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().first, content.size());
    EXPECT_EQ(progress.back().second, content.size());
    for (std::size_t i = 1; i < progress.size(); ++i) {
        EXPECT_GE(progress[i].first, progress[i - 1].first);
    }
}

TEST_F(HttpClientTest, DownloadWithWrongChecksumLeavesNoFile) {
    const std::string content = pseudo_random_bytes(100'000);
    LoopbackServer srv;
    srv.server().Get("/m.gguf", [&content](const httplib::Request&, httplib::Response& res) {
        res.set_content(content, "application/octet-stream");
    });
    srv.start();
    DownloadOptions options;
    options.expected_sha256 = sha256_hex("something else");
    auto result = client_.download(srv.url("/m.gguf"), dir_ / "m.gguf", options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(result.error().message.find("checksum mismatch"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find(sha256_hex(content)), std::string::npos) << result.error().message;
    EXPECT_TRUE(dir_is_empty());
}

TEST_F(HttpClientTest, DownloadKeepsExistingFileOnFailure) {
    const fs::path dest = dir_ / "m.gguf";
    { std::ofstream(dest) << "old"; }
    CutOffServer srv(1000, 500);
    auto result = client_.download(srv.url(), dest, DownloadOptions{});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(slurp(dest), "old");
    EXPECT_FALSE(fs::exists(dest.string() + ".part"));
}

TEST_F(HttpClientTest, CutOffDownloadIsAnErrorNamingUrlAndBytes) {
    CutOffServer srv(1000, 500);
    auto result = client_.download(srv.url(), dir_ / "model.gguf", DownloadOptions{});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unavailable);
    const std::string& msg = result.error().message;
    EXPECT_NE(msg.find(srv.url()), std::string::npos) << msg;
    EXPECT_NE(msg.find("500 of 1000 bytes"), std::string::npos) << msg;
    EXPECT_TRUE(dir_is_empty());
}

TEST_F(HttpClientTest, NotFoundNamesUrlAndStatus) {
    LoopbackServer srv;
    srv.start();
    const std::string url = srv.url("/missing.gguf");
    auto result = client_.download(url, dir_ / "missing.gguf", DownloadOptions{});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    EXPECT_NE(result.error().message.find(url), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("404"), std::string::npos) << result.error().message;
    EXPECT_TRUE(dir_is_empty());
}

TEST_F(HttpClientTest, DownloadOverMaxBytesIsResourceExhausted) {
    const std::string content = pseudo_random_bytes(10'000);
    LoopbackServer srv;
    srv.server().Get("/big", [&content](const httplib::Request&, httplib::Response& res) {
        res.set_content(content, "application/octet-stream");
    });
    srv.start();
    DownloadOptions options;
    options.max_bytes = 4096;
    auto result = client_.download(srv.url("/big"), dir_ / "big", options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::ResourceExhausted);
    EXPECT_TRUE(dir_is_empty());
}

TEST_F(HttpClientTest, DownloadFromRefusedPortIsUnavailable) {
    const int port = free_loopback_port();  // nothing listens there: connections are refused
    ASSERT_NE(port, 0);
    auto result =
        client_.download("http://127.0.0.1:" + std::to_string(port) + "/m.gguf", dir_ / "m.gguf", DownloadOptions{});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unavailable);
    EXPECT_NE(result.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
    EXPECT_TRUE(dir_is_empty());
}

TEST(UrlHost, NamesHostAndPortOnly) {
    EXPECT_EQ(url_host("http://127.0.0.1:8080/v1/chat?api-version=1&key=secret"), "127.0.0.1:8080");
    EXPECT_EQ(url_host("https://example.org/x"), "example.org:443");
    EXPECT_EQ(url_host("not a url"), "(invalid URL)");
}

}  // namespace
}  // namespace borough
