#include "api_fixture.h"

#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/ids.h"

namespace borough::api_test {

namespace fs = std::filesystem;

void ApiTest::SetUp() {
    dir_ = fs::temp_directory_path() / ("borough_api_" + random_hex(6));
    fs::create_directories(dir_);
    server_ = std::make_unique<ServerProcess>(dir_ / "data", server_options());
    prepare_data_dir();
    if (HasFatalFailure()) return;
    const std::string why = server_->start();
    ASSERT_EQ(why, "");
    admin_ = std::make_unique<ApiClient>(server_->port());
    const auto r = admin_->sign_in("admin", kPassword);
    ASSERT_EQ(r.status, 200) << r.describe();
}

void ApiTest::TearDown() {
    if (server_ && server_->is_running()) {
        const int status = server_->terminate();
        EXPECT_EQ(status, 0) << "borough serve did not stop cleanly on SIGTERM";
    }
    if (HasFailure() && server_) {
        std::cerr << "---- borough serve log (tail) ----\n" << tail(server_->log(), 6000) << "\n";
    }
    server_.reset();
    if (std::getenv("BOROUGH_KEEP_TEST_DIRS") == nullptr) {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
}

void ApiTest::prepare_data_dir() {
    for (const auto& [team, area] : {std::pair{kTeamA, "Insight"}, std::pair{kTeamB, "Housing"}}) {
        const auto r = server_->cli({"teams", "add", team, "--service-area", area});
        ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
    const auto r = server_->cli({"users", "add", "admin", "--role", "admin", "--display-name", "Ada Admin"},
                                {{"BOROUGH_PASSWORD", kPassword}});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

ApiClient ApiTest::make_user(const std::string& name, const std::string& role, const std::string& team) {
    Json body = {{"name", name}, {"display_name", "Test " + name}, {"password", kPassword}, {"role", role}};
    body["team"] = team;
    const auto created = admin_->post("/api/v1/users", body);
    EXPECT_EQ(created.status, 201) << created.describe();
    ApiClient c(server_->port());
    const auto signed_in = c.sign_in(name, kPassword);
    EXPECT_EQ(signed_in.status, 200) << signed_in.describe();
    return c;
}

ApiResponse ApiTest::submit_text(ApiClient& client, const std::string& action, const std::string& name,
                                 const std::string& text, const Json& parameters, const std::string& engine) {
    Json body = {{"action", action}, {"input", {{"name", name}, {"text", text}}}, {"parameters", parameters}};
    if (!engine.empty()) body["engine"] = engine;
    return client.post("/api/v1/jobs", body);
}

ApiResponse ApiTest::submit_file(ApiClient& client, const std::string& action, const std::string& filename,
                                 const std::string& bytes,
                                 const std::vector<std::pair<std::string, std::string>>& params,
                                 const std::string& engine) {
    std::vector<FormPart> parts{{"action", action, "", ""}};
    if (!engine.empty()) parts.push_back({"engine", engine, "", ""});
    for (const auto& [k, v] : params) parts.push_back({"param." + k, v, "", ""});
    parts.push_back({"file", bytes, filename, "application/octet-stream"});
    return client.post_multipart("/api/v1/jobs", parts);
}

std::string ApiTest::job_id_of(const ApiResponse& submitted) {
    EXPECT_EQ(submitted.status, 202) << submitted.describe();
    const Json j = submitted.json();
    if (!j.is_object() || !j.contains("job") || !j["job"].contains("id") || !j["job"]["id"].is_string()) {
        ADD_FAILURE() << "no job.id in " << submitted.describe();
        return "";
    }
    return j["job"]["id"].get<std::string>();
}

std::string ApiTest::final_status(ApiClient& client, const std::string& job_id) {
    const SseRead read = client.wait_final(job_id);
    if (read.status != 200 || read.events.empty() || read.events.back().event != "status" ||
        !read.events.back().json.contains("status")) {
        ADD_FAILURE() << "no final status for job " << job_id << " (HTTP " << read.status << ", " << read.events.size()
                      << " events) " << read.error_body;
        return "";
    }
    const Json& last = read.events.back().json;
    if (last["status"] == "failed") std::cerr << "job " << job_id << " failed: " << dump_json(last) << "\n";
    return last["status"].get<std::string>();
}

std::string ApiTest::sample(const std::string& relative_path) {
    std::ifstream in(fs::path(SAMPLES_DIR) / relative_path, std::ios::binary);
    EXPECT_TRUE(in.good()) << relative_path;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string ApiTest::long_survey_csv(int rows) {
    static const char* const kTopics[] = {
        "the repairs took months and nobody called back",  "damp and mould in the bedroom again this winter",
        "the caretaker keeps the stairs lovely and clean", "more parking spaces please, there is never room at night",
        "the lift was broken for three weeks in August",   "staff at the housing office were kind and quick"};
    std::string csv = "id,ward,comment\n";
    for (int i = 0; i < rows; ++i) {
        csv += "R" + std::to_string(i) + "," + (i % 2 ? "Castle" : "Riverside") + ",\"Resident " + std::to_string(i) +
               ": " + kTopics[i % 6] + " (" + std::to_string(i) + ")\"\n";
    }
    return csv;
}

std::string ApiTest::store_value(const std::string& sql) const {
    const fs::path db_path = server_->data_dir() / "borough.db";
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "";
    }
    sqlite3_busy_timeout(db, 2000);
    std::string value;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(st, 0);
        if (text != nullptr) value = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

int ApiTest::checkpoint_rows() const {
    const std::string n = store_value("SELECT count(*) FROM checkpoints");
    return n.empty() ? 0 : std::stoi(n);
}

ServerOptions LlamaApiTest::server_options() const {
    ServerOptions o;
    o.workers = 1;
    o.extra_args = {"--llama-threads", "1", "--llama-parallel", "4"};
    return o;
}

void LlamaApiTest::prepare_data_dir() {
    ApiTest::prepare_data_dir();
    if (HasFatalFailure()) return;
    const auto r = server_->cli({"models", "add", TINY_MODEL, "--name", kModelName});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace borough::api_test
