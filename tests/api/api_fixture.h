// Black-box API tests: the GoogleTest fixture. Each test gets a temporary data directory with two
// teams and an admin made by the CLI (`borough teams add`, `borough users add`), a running
// `borough serve`, and helpers that create users of each role through the API.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api_client.h"
#include "server_process.h"

namespace borough::api_test {

inline constexpr const char* kPassword = "correct horse battery staple 42";
inline constexpr const char* kTeamA = "insight-a";  // service area Insight
inline constexpr const char* kTeamB = "housing-b";  // service area Housing
inline constexpr const char* kModelName = "tiny";   // the random-weight GGUF, registered by LlamaApiTest

class ApiTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    // Settings of the server under test; subclasses add flags (engine, workers, limits).
    virtual ServerOptions server_options() const { return {}; }
    // Runs with the CLI before the server starts; the default makes the teams and the admin.
    virtual void prepare_data_dir();

    // A user created through POST /api/v1/users by the admin, and a client signed in as them.
    ApiClient make_user(const std::string& name, const std::string& role, const std::string& team);
    // A client with no credentials.
    [[nodiscard]] ApiClient anonymous() const { return ApiClient(server_->port()); }

    // POST /api/v1/jobs as JSON with a pasted text input.
    static ApiResponse submit_text(ApiClient& client, const std::string& action, const std::string& name,
                                   const std::string& text, const Json& parameters = Json::object(),
                                   const std::string& engine = "");
    // POST /api/v1/jobs as multipart with a file upload and param.NAME fields.
    static ApiResponse submit_file(ApiClient& client, const std::string& action, const std::string& filename,
                                   const std::string& bytes,
                                   const std::vector<std::pair<std::string, std::string>>& params = {},
                                   const std::string& engine = "");
    // Submits and returns the job id (a test failure, and "", when the answer is not 202 with an id).
    static std::string job_id_of(const ApiResponse& submitted);
    // Follows the job's events to its final status and returns it ("" and a test failure when the
    // stream ends without one).
    static std::string final_status(ApiClient& client, const std::string& job_id);

    // The text of a file under samples/.
    static std::string sample(const std::string& relative_path);
    // A survey CSV (id, ward, comment) with `rows` distinct answers: long enough to kill mid-run
    // when every row is coded by the model.
    static std::string long_survey_csv(int rows);
    // Reads the job store behind the server's back (read-only): the first column of the first row of
    // `sql` as text, "" when there is no row or no database yet.
    [[nodiscard]] std::string store_value(const std::string& sql) const;
    // Rows in the checkpoints table (0 while the database or table does not exist yet).
    [[nodiscard]] int checkpoint_rows() const;

    std::filesystem::path dir_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<ApiClient> admin_;
};

// The same with the tiny random-weight GGUF registered as model "tiny" (engine "tiny" in jobs), one
// llama thread, and one worker, so per-row survey coding makes a job that runs long enough to
// cancel or kill.
class LlamaApiTest : public ApiTest {
protected:
    ServerOptions server_options() const override;
    void prepare_data_dir() override;
};

}  // namespace borough::api_test
