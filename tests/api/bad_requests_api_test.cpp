// Black-box: requests a careless or hostile client sends are refused with the documented status and
// an error body naming the problem (docs/api.md "Errors", "Limits and headers"), and create nothing.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "api_fixture.h"

namespace borough::api_test {
namespace {

// Sends a request of `body_bytes` spaces over a raw socket and returns what the server answers before
// it closes or 30 s pass. The body is sent whole unless the server stops reading (then the send fails
// and the answer already written is read).
std::string raw_exchange(int port, const std::string& head, std::size_t body_bytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return "";
    }
    timeval tv{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    bool ok = ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size());
    const std::string chunk(64 * 1024, ' ');
    for (std::size_t sent = 0; ok && sent < body_bytes;) {
        const std::size_t n = std::min(chunk.size(), body_bytes - sent);
        const ssize_t w = ::send(fd, chunk.data(), n, MSG_NOSIGNAL);
        ok = w > 0;
        if (ok) sent += static_cast<std::size_t>(w);
    }
    std::string answer;
    char buf[4096];
    while (true) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        answer.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

void expect_error(const ApiResponse& r, int status, const std::string& code, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.describe();
    EXPECT_EQ(r.error_code(), code) << r.describe();
    EXPECT_EQ(r.error_field(), field) << r.describe();
    Json j = r.json();
    ASSERT_TRUE(j.is_object() && j.contains("error")) << r.describe();
    EXPECT_TRUE(j["error"]["message"].is_string() && !j["error"]["message"].get<std::string>().empty()) << r.body;
    EXPECT_TRUE(j["error"]["field"].is_string()) << "field is always present, maybe empty: " << r.body;
}

constexpr std::size_t kMaxRequestBytes = std::size_t{1} << 20;

class BadRequestsApiTest : public ApiTest {
protected:
    ServerOptions server_options() const override {
        ServerOptions o;
        o.extra_args = {"--max-request-bytes", std::to_string(kMaxRequestBytes)};
        return o;
    }
    void SetUp() override {
        ApiTest::SetUp();
        if (HasFatalFailure()) return;
        staff_ = std::make_unique<ApiClient>(make_user("sam", "staff", kTeamA));
    }
    void expect_no_jobs() {
        const auto r = staff_->get("/api/v1/jobs");
        ASSERT_EQ(r.status, 200) << r.describe();
        EXPECT_TRUE(r.json()["jobs"].empty()) << "a refused request created a job: " << r.body;
    }
    std::unique_ptr<ApiClient> staff_;
};

TEST_F(BadRequestsApiTest, BodyOverMaxRequestBytesIs413) {
    const std::size_t too_big = kMaxRequestBytes + 1;
    const std::string head = "POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + staff_->cookie() +
                             "\r\nX-CSRF-Token: " + staff_->csrf() +
                             "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(too_big) +
                             "\r\nConnection: close\r\n\r\n";
    const std::string answer = raw_exchange(server_->port(), head, too_big);
    ASSERT_FALSE(answer.empty()) << "no answer to an oversize body";
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0U) << answer.substr(0, 300);
    EXPECT_NE(answer.find("ResourceExhausted"), std::string::npos) << answer.substr(0, 600);
    // At the limit is fine (then refused for what it says, not for its size).
    const auto at_limit = staff_->send("POST", "/api/v1/jobs", std::string(kMaxRequestBytes, ' '), "application/json");
    EXPECT_EQ(at_limit.status, 400) << at_limit.describe();
    expect_no_jobs();
}

TEST_F(BadRequestsApiTest, MalformedJsonIs400NamingTheProblem) {
    const auto cut =
        staff_->send("POST", "/api/v1/jobs", R"({"action": "meeting-minutes", "input": )", "application/json");
    EXPECT_EQ(cut.status, 400) << cut.describe();
    EXPECT_EQ(cut.error_code(), "InvalidInput");
    const std::string message = cut.json()["error"]["message"].get<std::string>();
    EXPECT_NE(message.find("JSON"), std::string::npos) << message;
    const auto not_object = staff_->send("POST", "/api/v1/jobs", "[1, 2, 3]", "application/json");
    EXPECT_EQ(not_object.status, 400) << not_object.describe();
    const auto wrong_type =
        staff_->post("/api/v1/jobs", {{"action", 42}, {"input", {{"name", "a.txt"}, {"text", "x"}}}});
    expect_error(wrong_type, 400, "InvalidInput", "action");
    const auto missing = staff_->post("/api/v1/jobs", {{"input", {{"name", "a.txt"}, {"text", "Jo: hi.\n"}}}});
    expect_error(missing, 400, "InvalidInput", "action");
    expect_no_jobs();
}

TEST_F(BadRequestsApiTest, WrongContentTypeIs415) {
    const auto r = staff_->send("POST", "/api/v1/jobs", R"({"action":"meeting-minutes"})", "text/plain");
    expect_error(r, 415, "InvalidInput", "Content-Type");
    const auto none = staff_->send("POST", "/api/v1/tokens", R"({"name":"x"})", "application/x-www-form-urlencoded");
    EXPECT_EQ(none.status, 415) << none.describe();
    expect_no_jobs();
}

TEST_F(BadRequestsApiTest, PathTraversalInAnUploadNameIs400OnFile) {
    const std::string csv = long_survey_csv(5);
    const std::vector<std::string> names{"../../etc/passwd.csv", "..\\..\\windows\\survey.csv",
                                         "reports/survey.csv",   "/tmp/survey.csv",
                                         "survey\x01.csv",       ".."};
    for (const std::string& name : names) {
        const auto r = submit_file(*staff_, "survey-analysis", name, csv);
        expect_error(r, 400, "InvalidInput", "file");
    }
    expect_no_jobs();
    EXPECT_FALSE(std::filesystem::exists(dir_ / "etc")) << "nothing was written outside the data directory";
    const auto ok = submit_file(*staff_, "survey-analysis", "survey.csv", csv, {{"stability_runs", "0"}});
    EXPECT_EQ(ok.status, 202) << "a plain base name is fine: " << ok.describe();
}

TEST_F(BadRequestsApiTest, UnknownActionIs404AndBadParametersAre400NamingTheParameter) {
    const std::string notes = "Jo: the new form goes live on Monday.\nRavi: agreed.\n";
    const auto unknown = submit_text(*staff_, "no-such-action", "notes.txt", notes);
    EXPECT_EQ(unknown.status, 404) << unknown.describe();
    EXPECT_EQ(unknown.error_code(), "NotFound");
    const std::string csv = long_survey_csv(5);
    expect_error(submit_file(*staff_, "survey-analysis", "s.csv", csv, {{"stability_runs", "11"}}), 400, "InvalidInput",
                 "stability_runs");
    expect_error(submit_file(*staff_, "survey-analysis", "s.csv", csv, {{"per_row", "maybe"}}), 400, "InvalidInput",
                 "per_row");
    expect_error(submit_file(*staff_, "survey-analysis", "s.csv", csv, {{"seed", "-1"}}), 400, "InvalidInput", "seed");
    expect_error(submit_file(*staff_, "survey-analysis", "s.csv", csv, {{"colour", "blue"}}), 400, "InvalidInput",
                 "colour");
    expect_error(submit_text(*staff_, "survey-analysis", "s.csv", csv, {{"stability_runs", "many"}}), 400,
                 "InvalidInput", "stability_runs");
    expect_error(submit_text(*staff_, "meeting-minutes", "notes.txt", notes, Json::object(), "no-such-model"), 404,
                 "NotFound", "engine");
    expect_no_jobs();
}

TEST_F(BadRequestsApiTest, UnknownRoutesAndBadQueriesAreJsonErrors) {
    const auto route = staff_->get("/api/v1/no-such-route");
    expect_error(route, 404, "NotFound", "");
    EXPECT_EQ(route.header("Content-Type").rfind("application/json", 0), 0U) << route.header("Content-Type");
    const auto action = staff_->post("/api/v1/jobs/0123456789abcdef0123456789abcdef/explode", Json::object());
    EXPECT_EQ(action.status, 404) << action.describe();
    expect_error(staff_->get("/api/v1/jobs?status=sleeping"), 400, "InvalidInput", "status");
    expect_error(staff_->get("/api/v1/jobs?limit=0"), 400, "InvalidInput", "limit");
    expect_error(staff_->get("/api/v1/jobs?limit=ten"), 400, "InvalidInput", "limit");
    const auto retention = admin_->put("/api/v1/settings/retention", {{"retention_days", 0}});
    expect_error(retention, 400, "InvalidInput", "retention_days");
    const auto role = admin_->post(
        "/api/v1/users",
        {{"name", "x"}, {"display_name", "X"}, {"password", kPassword}, {"role", "overlord"}, {"team", kTeamA}});
    expect_error(role, 400, "InvalidInput", "role");
}

}  // namespace
}  // namespace borough::api_test
