// Black-box: what operators and browsers rely on: /healthz, /metrics counters, the OpenAPI document
// matching the route table in docs/api.md, security headers, and the embedded web workbench.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.h"

namespace borough::api_test {
namespace {

using ServiceApi = ApiTest;

// The value of one Prometheus sample line `name{labels} value` (0 when absent: counters start unset).
double metric(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    }
    return 0;
}

// "METHOD /path/{}" for every /api/v1 route of docs/api.md's route table (parameter names blanked).
std::set<std::string> documented_routes() {
    std::ifstream in(API_DOC);
    EXPECT_TRUE(in.good()) << API_DOC;
    static const std::regex row(R"(^\| (GET|POST|PUT|PATCH|DELETE) \| (/api/v1/[^ |]*) \|)");
    std::set<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_search(line, m, row)) {
            out.insert(m[1].str() + " " + std::regex_replace(m[2].str(), std::regex(R"(\{[^}]*\})"), "{}"));
        }
    }
    return out;
}

void expect_security_headers(const ApiResponse& r, const std::string& what) {
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << what;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << what;
    const std::string csp = r.header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what << ": " << csp;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << what << ": " << csp;
    EXPECT_EQ(r.header("Strict-Transport-Security"), "") << what << ": no TLS, no HSTS";
}

TEST_F(ServiceApi, HealthzIsPublicAndReportsTheVersion) {
    ApiClient c = anonymous();
    const auto r = c.get("/healthz");
    ASSERT_EQ(r.status, 200) << r.describe();
    EXPECT_EQ(r.json()["status"], "ok");
    EXPECT_TRUE(r.json()["version"].is_string());
    EXPECT_FALSE(r.json()["version"].get<std::string>().empty());
}

TEST_F(ServiceApi, MetricsCountJobsAndRequests) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    ApiClient c = anonymous();
    const auto before = c.get("/metrics");
    ASSERT_EQ(before.status, 200) << before.describe();
    EXPECT_EQ(before.header("Content-Type").rfind("text/plain", 0), 0U) << before.header("Content-Type");
    EXPECT_NE(before.body.find("# TYPE borough_jobs_total counter"), std::string::npos) << before.body;
    EXPECT_NE(before.body.find("borough_jobs_queued"), std::string::npos);
    EXPECT_NE(before.body.find("borough_jobs_running"), std::string::npos);
    // docs/api.md leaves the code label's form open: the status ("200") or its class ("2xx").
    const auto requests = [](const std::string& text, const std::string& code) {
        return metric(text, "borough_http_requests_total{code=\"" + code + "\"}") +
               metric(text, "borough_http_requests_total{code=\"" + code.substr(0, 1) + "xx\"}");
    };
    const double ok_before = requests(before.body, "200");
    const double not_found_before = requests(before.body, "404");
    const double succeeded_before = metric(before.body, R"(borough_jobs_total{status="succeeded"})");
    const double duration_count_before = metric(before.body, "borough_job_duration_seconds_count");

    // The 404 first: responses are counted once written, so a request right before /metrics may not
    // be counted yet.
    EXPECT_EQ(staff.get("/api/v1/jobs/0123456789abcdef0123456789abcdef").status, 404);
    const std::string id =
        job_id_of(submit_text(staff, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt")));
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(final_status(staff, id), "succeeded");

    // The final status event can reach the client a moment before the worker updates the counters.
    ApiResponse after;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        after = c.get("/metrics");
        ASSERT_EQ(after.status, 200);
        if (metric(after.body, "borough_jobs_running") == 0 &&
            metric(after.body, R"(borough_jobs_total{status="succeeded"})") > succeeded_before) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(metric(after.body, R"(borough_jobs_total{status="succeeded"})"), succeeded_before + 1) << after.body;
    EXPECT_EQ(metric(after.body, "borough_job_duration_seconds_count"), duration_count_before + 1);
    EXPECT_GT(metric(after.body, "borough_job_duration_seconds_sum"), 0);
    EXPECT_GE(requests(after.body, "200"), ok_before + 2) << after.body;
    EXPECT_GE(requests(after.body, "404"), not_found_before + 1) << after.body;
    EXPECT_EQ(metric(after.body, "borough_jobs_running"), 0);
    EXPECT_EQ(after.body.find("team-meeting"), std::string::npos) << "metrics carry no council content";
}

TEST_F(ServiceApi, OpenApiDocumentListsExactlyTheDocumentedRoutes) {
    ApiClient c = anonymous();
    const auto r = c.get("/api/v1/openapi.json");
    ASSERT_EQ(r.status, 200) << r.describe();
    Json doc = r.json();
    ASSERT_TRUE(doc.is_object()) << r.body.substr(0, 500);
    EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0U);
    std::set<std::string> served;
    for (const auto& [path, item] : doc["paths"].items()) {
        if (path.rfind("/api/v1/", 0) != 0) continue;
        const std::string blanked = std::regex_replace(path, std::regex(R"(\{[^}]*\})"), "{}");
        for (const auto& [method, op] : item.items()) {
            std::string upper = method;
            for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (upper == "GET" || upper == "POST" || upper == "PUT" || upper == "PATCH" || upper == "DELETE") {
                served.insert(upper + " " + blanked);
            }
        }
    }
    const std::set<std::string> documented = documented_routes();
    ASSERT_GT(documented.size(), 30U);
    for (const auto& route : documented) EXPECT_TRUE(served.count(route)) << "not in openapi.json: " << route;
    for (const auto& route : served) EXPECT_TRUE(documented.count(route)) << "not in docs/api.md: " << route;
}

TEST_F(ServiceApi, EveryResponseCarriesTheSecurityHeaders) {
    ApiClient c = anonymous();
    const auto health = c.get("/healthz");
    expect_security_headers(health, "/healthz");
    const auto refused = c.get("/api/v1/me");
    EXPECT_EQ(refused.status, 401);
    expect_security_headers(refused, "401 /api/v1/me");
    EXPECT_EQ(refused.header("Cache-Control"), "no-store");
    const auto me = admin_->get("/api/v1/me");
    expect_security_headers(me, "/api/v1/me");
    EXPECT_EQ(me.header("Cache-Control"), "no-store");
    EXPECT_EQ(me.header("Content-Type").rfind("application/json", 0), 0U);
    const auto page = c.get("/");
    expect_security_headers(page, "/");
    const auto missing = admin_->get("/api/v1/jobs/0123456789abcdef0123456789abcdef");
    expect_security_headers(missing, "404");
}

TEST_F(ServiceApi, TheWorkbenchIsServedFromTheBinary) {
    ApiClient c = anonymous();
    const auto index = c.get("/");
    ASSERT_EQ(index.status, 200) << index.describe();
    EXPECT_EQ(index.header("Content-Type").rfind("text/html", 0), 0U) << index.header("Content-Type");
    if (!BOROUGH_WEB_BUILT) GTEST_SKIP() << "built with BOROUGH_BUILD_WEB=OFF: a placeholder page, no assets";
    std::smatch m;
    ASSERT_TRUE(std::regex_search(index.body, m, std::regex(R"re((/assets/[^"']+\.js))re")))
        << index.body.substr(0, 800);
    const auto script = c.get(m[1].str());
    EXPECT_EQ(script.status, 200) << m[1].str();
    EXPECT_NE(script.header("Content-Type").find("javascript"), std::string::npos) << script.header("Content-Type");
    // A deep link into the single-page app gets index.html; an unknown API path does not.
    const auto deep = c.get("/jobs/0123456789abcdef0123456789abcdef");
    EXPECT_EQ(deep.status, 200);
    EXPECT_EQ(deep.body, index.body);
    EXPECT_EQ(c.get("/assets/no-such-file.js").status, 404);
}

}  // namespace
}  // namespace borough::api_test
