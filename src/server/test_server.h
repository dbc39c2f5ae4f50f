// Test fixture for this folder's HTTP tests: a Server on a free loopback port over a temp-dir SQLite
// job store and account store, the built-in actions, the extractive engine and a JobRunner, with one
// user per role in two teams. Tests drive it with httplib::Client. Not part of the library.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "actions/registry.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/password_hash.h"
#include "engine/scripted/blocking_text_generator.h"
#include "engine/text_generator.h"
#include "jobs/job_runner.h"
#include "jobs/services.h"
#include "server/server.h"
#include "store/account_store.h"
#include "store/job_store.h"

namespace borough::server::test {

inline constexpr std::string_view kPassword = "correct horse battery";

// Our own short report text (not from any evaluation set).
inline constexpr std::string_view kReport =
    "The library review covered six branches across the borough. "
    "Visitors said the opening hours on Saturdays are too short. "
    "Staff counted more children at homework clubs than last year. "
    "The council proposes longer Saturday hours at two branches from April. "
    "The change would cost eighteen thousand pounds a year from the culture budget. "
    "Volunteers offered to run reading groups at the smaller branches. "
    "The cabinet will decide in February after a four week consultation.\n";

// Opens the SQLite job and account stores on one file (defined in test_stores_test.cpp: only tests
// and app/ may name concrete stores).
struct TestStores {
    std::unique_ptr<store::JobStore> jobs;
    std::unique_ptr<store::AccountStore> accounts;
};
[[nodiscard]] Result<TestStores> open_test_stores(const std::string& path, Clock& clock);

using BlockingGenerator = engine::scripted::BlockingTextGenerator;

class TestServices final : public jobs::JobServices {
public:
    TestServices() : clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1795370400))) {}
    const Clock& clock() override { return clock_; }
    Result<store::JobStore*> job_store() override { return store_.get(); }
    Result<const actions::Registry*> registry() override { return registries_.current(); }
    // Reads actions_dir_ (the server config's actions_dir) like the real services.
    Status reload_registry() override {
        std::optional<std::filesystem::path> dir;
        if (std::filesystem::exists(actions_dir_)) dir = actions_dir_;
        BOROUGH_TRY(auto reg, actions::Registry::create(dir));
        registries_.replace(std::move(reg));
        return {};
    }
    // "" and "extractive": no model; "blocking" (a catalogue name the fixture registers): blocking_.
    Result<jobs::EngineHandle> open_engine(std::string_view choice) override {
        if (choice.empty() || choice == "extractive") return jobs::EngineHandle{nullptr, "extractive", "", ""};
        if (choice == "blocking") return jobs::EngineHandle{blocking_, "llama", "blocking", "00"};
        return fail(ErrorCode::NotFound, "no such model", "engine");
    }
    Result<engine::OcrReader*> ocr_reader() override { return fail(ErrorCode::Unavailable, "no OCR in tests"); }
    Result<engine::Transcriber*> transcriber() override {
        return fail(ErrorCode::Unavailable, "no speech model in tests", "whisper_model");
    }
    std::int64_t max_input_bytes() const override { return 4 << 20; }

    ManualClock clock_;
    std::shared_ptr<BlockingGenerator> blocking_ = std::make_shared<BlockingGenerator>();
    std::unique_ptr<store::JobStore> store_;
    actions::RegistryVersions registries_;
    std::filesystem::path actions_dir_;
};

struct Session {
    std::string cookie;  // "borough_session=..."
    std::string csrf;
};

class ServerFixture : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("borough-server-test-" + random_hex(8));
        std::filesystem::create_directories(dir_);
        const std::string db = (dir_ / "borough.db").string();
        auto stores = open_test_stores(db, services_.clock_);
        ASSERT_TRUE(stores) << stores.error().describe();
        services_.store_ = std::move(stores->jobs);
        accounts_ = std::move(stores->accounts);
        auto registry = actions::Registry::create(std::nullopt);
        ASSERT_TRUE(registry) << registry.error().describe();
        services_.registries_.replace(std::move(registry).value());

        ASSERT_TRUE(services_.store_->upsert_model({"blocking", "/models/blocking.gguf", "00", 1, "test", ""}));
        ASSERT_TRUE(accounts_->create_team({"adults-north", "Adults", ""}));
        ASSERT_TRUE(accounts_->create_team({"housing", "Housing", ""}));
        // A cheap argon2id cost: verify_password accepts any cost, and tests sign in many times.
        auto hash = hash_password(kPassword, PasswordHashCost{1024, 1, 1});
        ASSERT_TRUE(hash);
        add_user("ada", "Ada Admin", store::Role::Admin, "", *hash);
        add_user("sam", "Sam Staff", store::Role::Staff, "adults-north", *hash);
        add_user("rita", "Rita Reviewer", store::Role::Reviewer, "adults-north", *hash);
        add_user("aud", "Audrey Auditor", store::Role::Auditor, "", *hash);
        add_user("hana", "Hana Housing", store::Role::Staff, "housing", *hash);

        auto runner = jobs::JobRunner::create(services_, jobs::JobRunnerOptions{});
        ASSERT_TRUE(runner) << runner.error().describe();
        runner_ = std::move(runner).value();
        ASSERT_TRUE(runner_->start());

        ServerConfig config;
        config.host = "127.0.0.1";
        config.port = 0;
        config.upload_dir = dir_ / "uploads";
        config.actions_dir = dir_ / "actions";
        services_.actions_dir_ = config.actions_dir;
        config.http_threads = 16;
        config.max_request_bytes = 256 * 1024;
        config.version = "test-1";
        config.settings_json = R"({"settings":[]})";
        configure(config);
        auto server = Server::create({services_, *runner_, *accounts_}, config);
        ASSERT_TRUE(server) << server.error().describe();
        server_ = std::move(server).value();
        auto port = server_->bind();
        ASSERT_TRUE(port) << port.error().describe();
        port_ = *port;
        thread_ = std::thread([this] { server_->run(); });
    }

    void TearDown() override {
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
        server_.reset();
        if (runner_) runner_->stop();
        runner_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // Lets a test change the config before the server is created.
    virtual void configure(ServerConfig& /*config*/) {}

    void add_user(const std::string& name, const std::string& display, store::Role role, const std::string& team,
                  const std::string& hash) {
        store::UserRecord u{name, display, role, team, hash, false, ""};
        auto st = accounts_->create_user(u);
        ASSERT_TRUE(st) << st.error().describe();
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(30, 0);
        return c;
    }

    // Signs in and returns the cookie and CSRF token (fails the test otherwise).
    Session sign_in(const std::string& user) {
        auto c = client();
        auto res =
            c.Post("/api/v1/session", dump_json(Json{{"username", user}, {"password", kPassword}}), "application/json");
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, 200) << res->body;
        const std::string set_cookie = res->get_header_value("Set-Cookie");
        Session s;
        s.cookie = set_cookie.substr(0, set_cookie.find(';'));
        auto body = parse_json(res->body, "response");
        if (body) s.csrf = (*body).value("csrf_token", "");
        return s;
    }

    static httplib::Headers as(const Session& s, bool with_csrf = true) {
        httplib::Headers h{{"Cookie", s.cookie}};
        if (with_csrf) h.emplace("X-CSRF-Token", s.csrf);
        return h;
    }

    static Json body_of(const httplib::Result& res) {
        if (!res) return Json();
        auto j = parse_json(res->body, "response");
        return j ? *j : Json();
    }

    static std::string error_code(const httplib::Result& res) {
        const Json j = body_of(res);
        if (!j.is_object() || !j.contains("error")) return "";
        return j["error"].value("code", "");
    }
    static std::string error_field(const httplib::Result& res) {
        const Json j = body_of(res);
        if (!j.is_object() || !j.contains("error")) return "";
        return j["error"].value("field", "");
    }

    // Submits the library report as a JSON job and returns its id.
    std::string submit_report(const Session& s, const std::string& action = "document-summary") {
        auto c = client();
        const Json request{{"action", action},
                           {"input", {{"name", "library.txt"}, {"text", std::string(kReport)}}},
                           {"parameters", {{"length", "short"}}}};
        auto res = c.Post("/api/v1/jobs", as(s), dump_json(request), "application/json");
        EXPECT_TRUE(res);
        if (!res) return "";
        EXPECT_EQ(res->status, 202) << res->body;
        return body_of(res)["job"].value("id", "");
    }

    // Reads the job's SSE stream to its end and returns the body.
    std::string read_events(const Session& s, const std::string& id, const std::string& last_event_id = "") {
        auto c = client();
        httplib::Headers h = as(s, false);
        if (!last_event_id.empty()) h.emplace("Last-Event-ID", last_event_id);
        std::string body;
        auto res = c.Get(("/api/v1/jobs/" + id + "/events").c_str(), h, [&](const char* data, std::size_t n) {
            body.append(data, n);
            return true;
        });
        EXPECT_TRUE(res);
        if (res) {
            EXPECT_EQ(res->status, 200);
            EXPECT_EQ(res->get_header_value("Content-Type"), "text/event-stream");
        }
        return body;
    }

    std::filesystem::path dir_;
    TestServices services_;
    std::unique_ptr<store::AccountStore> accounts_;
    std::unique_ptr<jobs::JobRunner> runner_;
    std::unique_ptr<Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace borough::server::test
