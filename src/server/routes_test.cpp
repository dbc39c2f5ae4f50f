#include "server/routes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "server/openapi.h"

namespace borough::server {
namespace {

TEST(MatchPath, LiteralAndParameterSegments) {
    auto args = match_path("/api/v1/jobs/{id}/versions/{n}", "/api/v1/jobs/abc/versions/3");
    ASSERT_TRUE(args);
    EXPECT_EQ(*args, (std::vector<std::string>{"abc", "3"}));
    EXPECT_FALSE(match_path("/api/v1/jobs/{id}", "/api/v1/jobs/"));
    EXPECT_FALSE(match_path("/api/v1/jobs/{id}", "/api/v1/jobs/a/b"));
    EXPECT_FALSE(match_path("/api/v1/jobs", "/api/v1/jobs/"));
    EXPECT_FALSE(match_path("/healthz", "/"));
    EXPECT_TRUE(match_path("/healthz", "/healthz"));
}

TEST(Routes, EveryRouteIsUniqueAndUnderstood) {
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (const Route& r : routes()) {
        EXPECT_TRUE(seen.insert({r.method, r.path}).second) << r.method << " " << r.path;
        EXPECT_NE(r.handler, nullptr) << r.path;
        EXPECT_FALSE(r.summary.empty()) << r.path;
        EXPECT_TRUE(r.path.starts_with("/api/v1/") || r.path == "/healthz" || r.path == "/metrics") << r.path;
    }
}

TEST(OpenApi, DocumentsEveryRouteWithItsPermission) {
    const Json doc = openapi_document(routes(), "1.2.3");
    EXPECT_EQ(doc["openapi"], "3.0.3");
    EXPECT_EQ(doc["info"]["version"], "1.2.3");
    std::size_t operations = 0;
    for (const auto& [path, ops] : doc["paths"].items()) operations += ops.size();
    EXPECT_EQ(operations, routes().size()) << "the document has an operation no route serves";
    for (const Route& r : routes()) {
        const std::string method = ascii_lower(r.method);
        ASSERT_TRUE(doc["paths"].contains(std::string(r.path))) << r.path;
        const Json& op = doc["paths"][std::string(r.path)];
        ASSERT_TRUE(op.contains(method)) << r.method << " " << r.path;
        EXPECT_EQ(op[method]["x-permission"], std::string(to_string(r.permission)));
        EXPECT_EQ(op[method]["summary"], std::string(r.summary));
        if (r.path.find('{') != std::string_view::npos) {
            EXPECT_TRUE(op[method].contains("parameters")) << r.path;
        }
    }
}

// docs/api.md lists the same routes as routes.cpp, with the same permission words.
TEST(OpenApi, DocsApiMdTableMatchesTheRouteTable) {
    std::ifstream in(std::string(BOROUGH_SOURCE_DIR) + "/docs/api.md");
    ASSERT_TRUE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    for (const Route& r : routes()) {
        const std::string row = "| " + std::string(r.method) + " | " + std::string(r.path) + " |";
        EXPECT_NE(doc.find(row), std::string::npos) << "docs/api.md lacks the row " << row;
    }
}

}  // namespace
}  // namespace borough::server
