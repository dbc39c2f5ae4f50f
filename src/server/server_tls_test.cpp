// TLS: Secure cookies and HSTS over httplib's OpenSSL server, and create() refusing bad TLS files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "server/server.h"
#include "server/test_server.h"

namespace borough::server {
namespace {

class ServerTlsTest : public test::ServerFixture {
protected:
    void configure(ServerConfig& config) override {
        const std::filesystem::path cert = dir_ / "cert.pem";
        const std::filesystem::path key = dir_ / "key.pem";
        // A throwaway self-signed certificate made by the openssl command (Debian's openssl package).
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" + key.string() +
            "' -out '" + cert.string() + "' -days 1 -subj /CN=127.0.0.1 >/dev/null 2>&1";
        have_cert_ = std::system(command.c_str()) == 0;  // NOLINT(concurrency-mt-unsafe): test setup, one thread
        if (have_cert_) {
            config.tls_cert = cert;
            config.tls_key = key;
        }
    }
    bool have_cert_ = false;
};

TEST_F(ServerTlsTest, SecureCookieAndHsts) {
    if (!have_cert_) GTEST_SKIP() << "no openssl command to make a test certificate";
    httplib::SSLClient c("127.0.0.1", port_);
    c.enable_server_certificate_verification(false);
    auto health = c.Get("/healthz");
    ASSERT_TRUE(health) << httplib::to_string(health.error());
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(health->get_header_value("Strict-Transport-Security"), "max-age=31536000");
    auto res =
        c.Post("/api/v1/session", R"({"username":"sam","password":"correct horse battery"})", "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string cookie = res->get_header_value("Set-Cookie");
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
    // Plain HTTP to the TLS port gets no answer.
    httplib::Client plain("127.0.0.1", port_);
    plain.set_read_timeout(2, 0);
    auto refused = plain.Get("/healthz");
    EXPECT_TRUE(!refused || refused->status != 200);
}

TEST_F(ServerTlsTest, CreateRefusesMismatchedOrMissingTlsFiles) {
    ServerConfig config;
    config.port = 0;
    config.upload_dir = dir_ / "uploads2";
    config.tls_cert = dir_ / "missing.pem";
    auto half = Server::create({services_, *runner_, *accounts_}, config);
    ASSERT_FALSE(half);
    EXPECT_EQ(half.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(half.error().field, "tls_cert");
    config.tls_key = dir_ / "missing-key.pem";
    auto missing = Server::create({services_, *runner_, *accounts_}, config);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("cannot be read"), std::string::npos);
    std::ofstream(dir_ / "junk.pem") << "not a certificate\n";
    config.tls_cert = dir_ / "junk.pem";
    config.tls_key = dir_ / "junk.pem";
    auto junk = Server::create({services_, *runner_, *accounts_}, config);
    ASSERT_FALSE(junk);
    EXPECT_EQ(junk.error().field, "tls_cert");
    ServerConfig no_uploads;
    auto bad = Server::create({services_, *runner_, *accounts_}, no_uploads);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "upload_dir");
}

}  // namespace
}  // namespace borough::server
