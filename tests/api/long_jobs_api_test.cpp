// Black-box: long jobs on the llama engine (the generated random-weight GGUF coding every survey row):
// cancelling a queued and a running job, re-running on another engine, and restart recovery after
// SIGKILL (the job resumes from its checkpoints; nothing lost or coded twice) and after SIGTERM (the
// job is left queued and resumes).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api_fixture.h"

namespace borough::api_test {
namespace {

constexpr int kRows = 48;  // ~1.5 s a row on the tiny model with one ASan-built llama thread

std::vector<std::pair<std::string, std::string>> per_row_params() {
    return {{"per_row", "true"}, {"stability_runs", "0"}, {"columns", "comment"}};
}

// Status of a job as the API reports it.
std::string status_of(ApiClient& c, const std::string& id) {
    const auto r = c.get("/api/v1/jobs/" + id);
    EXPECT_EQ(r.status, 200) << r.describe();
    Json j = r.json();
    return j.contains("job") ? j["job"].value("status", "") : "";
}

class LongJobsApiTest : public LlamaApiTest {
protected:
    // Submits the per-row survey job on the tiny model as `client`.
    std::string submit_long(ApiClient& client) {
        return job_id_of(submit_file(client, "survey-analysis", "long-survey.csv", long_survey_csv(kRows),
                                     per_row_params(), kModelName));
    }
    // Waits until at least `rows` answers are checkpointed (false, with a failure, if the job ends or
    // 4 minutes pass first).
    bool wait_for_checkpoints(ApiClient& client, const std::string& id, int rows) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
        while (std::chrono::steady_clock::now() < deadline) {
            if (checkpoint_rows() >= rows) return true;
            const std::string s = status_of(client, id);
            if (is_final_status(s)) {
                ADD_FAILURE() << "the job ended (" << s << ") before " << rows << " rows were checkpointed";
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "fewer than " << rows << " rows checkpointed after 4 minutes";
        return false;
    }
    // The finished survey coded every answer exactly once: `resumed` from checkpoints, the rest by the model.
    void expect_every_row_once(ApiClient& client, const std::string& id, int resumed) {
        const auto r = client.get("/api/v1/jobs/" + id + "/result");
        ASSERT_EQ(r.status, 200) << r.describe();
        Json j = r.json();
        Json& result = j["result"];
        EXPECT_EQ(result["questions"][0]["answered"], kRows);
        EXPECT_EQ(result["model_rows"]["resumed"], resumed) << dump_json(result["model_rows"]);
        EXPECT_EQ(result["model_rows"]["coded"], kRows - resumed) << dump_json(result["model_rows"]);
        EXPECT_EQ(checkpoint_rows(), kRows);
    }
    bool audit_has(const std::string& id, const std::string& action) {
        const auto r = admin_->get("/api/v1/audit?limit=1000");
        EXPECT_EQ(r.status, 200) << r.describe();
        for (const auto& e : r.json()["entries"]) {
            if (e.value("subject", "") == id && e.value("action", "") == action) return true;
        }
        return false;
    }
};

TEST_F(LongJobsApiTest, CancelsAQueuedJobAtOnceAndARunningJobPartWay) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    const std::string running = submit_long(staff);
    ASSERT_FALSE(running.empty());
    // One worker: this one waits behind the first.
    const std::string queued =
        job_id_of(submit_text(staff, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt")));
    ASSERT_FALSE(queued.empty());
    ASSERT_TRUE(wait_for_checkpoints(staff, running, 2));
    EXPECT_EQ(status_of(staff, running), "running");
    EXPECT_EQ(status_of(staff, queued), "queued");

    // Each coded row is streamed as a partial result as soon as it is saved.
    SseRead partial = staff.events(
        running, 0, [](const SseEvent& ev) { return ev.event == "partial"; }, std::chrono::seconds(120));
    ASSERT_TRUE(partial.stopped_by_client) << partial.status << " " << partial.events.size() << " events";
    const Json& unit = partial.events.back().json;
    EXPECT_TRUE(unit["key"].get<std::string>().starts_with("row:")) << unit.dump();
    EXPECT_GT(unit["bytes"].get<std::size_t>(), 0U);
    EXPECT_FALSE(unit["value"].is_null()) << unit.dump();

    // A client that drops the event stream of a running job and reconnects with Last-Event-ID gets
    // only newer events.
    int progress = 0;
    SseRead live = staff.events(
        running, 0, [&](const SseEvent& ev) { return ev.event == "progress" && ++progress == 2; },
        std::chrono::seconds(120));
    ASSERT_TRUE(live.stopped_by_client) << live.status << " " << live.events.size() << " events";
    const std::uint64_t seen = live.events.back().id;
    SseRead resumed = staff.events(
        running, seen, [](const SseEvent&) { return true; }, std::chrono::seconds(120));
    ASSERT_EQ(resumed.events.size(), 1U) << resumed.status;
    EXPECT_GT(resumed.events[0].id, seen);

    const auto q = staff.post("/api/v1/jobs/" + queued + "/cancel", Json::object());
    EXPECT_EQ(q.status, 202) << q.describe();
    EXPECT_EQ(status_of(staff, queued), "cancelled") << "a queued job is cancelled at once";
    const auto twice = staff.post("/api/v1/jobs/" + queued + "/cancel", Json::object());
    EXPECT_EQ(twice.status, 409) << twice.describe();
    EXPECT_EQ(twice.error_code(), "Conflict");

    const auto r = staff.post("/api/v1/jobs/" + running + "/cancel", Json::object());
    EXPECT_EQ(r.status, 202) << r.describe();
    EXPECT_EQ(final_status(staff, running), "cancelled");
    EXPECT_LT(checkpoint_rows(), kRows) << "the job stopped part-way";
    const auto got = staff.get("/api/v1/jobs/" + running);
    EXPECT_FALSE(got.json()["job"]["finished_at"].get<std::string>().empty());
    EXPECT_EQ(staff.get("/api/v1/jobs/" + running + "/export?format=md").status, 404)
        << "a cancelled job has no draft to export";
    EXPECT_TRUE(audit_has(running, "job.cancel_requested"));
    EXPECT_EQ(staff.post("/api/v1/jobs/" + running + "/cancel", Json::object()).status, 409);
    // The worker is free again.
    const std::string next =
        job_id_of(submit_text(staff, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt")));
    EXPECT_EQ(final_status(staff, next), "succeeded");
}

TEST_F(LongJobsApiTest, RerunOnAnotherEngineMakesANewJobWithTheSameInput) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    const std::string csv = long_survey_csv(12);
    const std::string first = job_id_of(
        submit_file(staff, "survey-analysis", "small.csv", csv, {{"stability_runs", "0"}, {"columns", "comment"}}));
    ASSERT_FALSE(first.empty());
    ASSERT_EQ(final_status(staff, first), "succeeded");
    EXPECT_EQ(staff.get("/api/v1/jobs/" + first).json()["job"]["engine"], "extractive");

    const auto rerun = staff.post("/api/v1/jobs/" + first + "/rerun", {{"engine", kModelName}});
    ASSERT_EQ(rerun.status, 202) << rerun.describe();
    Json job = rerun.json()["job"];
    const std::string second = job["id"].get<std::string>();
    EXPECT_NE(second, first);
    EXPECT_EQ(job["action"], "survey-analysis");
    EXPECT_EQ(job["parameters"]["rerun_of"], first) << dump_json(job);
    EXPECT_EQ(job["parameters"]["stability_runs"], 0) << dump_json(job);
    ASSERT_EQ(final_status(staff, second), "succeeded");
    const auto got = staff.get("/api/v1/jobs/" + second);
    EXPECT_EQ(got.json()["job"]["engine"], "llama") << got.body;
    EXPECT_NE(got.json()["job"]["model"].get<std::string>().find(kModelName), std::string::npos) << got.body;
    const auto source = staff.get("/api/v1/jobs/" + second + "/source");
    EXPECT_EQ(source.json()["text"], csv);
    EXPECT_EQ(staff.get("/api/v1/jobs/" + second + "/result").json()["result"]["respondents"], 12);

    const auto unknown = staff.post("/api/v1/jobs/" + first + "/rerun", {{"engine", "no-such-model"}});
    EXPECT_EQ(unknown.status, 404) << unknown.describe();
    EXPECT_EQ(unknown.error_field(), "engine");
}

TEST_F(LongJobsApiTest, AJobRunningWhenTheServerIsKilledResumesAfterRestart) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    const std::string id = submit_long(staff);
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(wait_for_checkpoints(staff, id, 8));
    server_->kill_hard();
    const int saved = checkpoint_rows();
    ASSERT_LT(saved, kRows) << "every row was coded before the kill; make the survey longer";
    EXPECT_EQ(store_value("SELECT status FROM jobs WHERE id = '" + id + "'"), "running");

    ASSERT_EQ(server_->start(), "");
    // Sessions are stored, so the browser stays signed in across the restart (on the new port).
    staff.set_port(server_->port());
    admin_->set_port(server_->port());
    const std::string after = status_of(staff, id);
    EXPECT_TRUE(after == "queued" || after == "running") << after;
    ASSERT_EQ(final_status(staff, id), "succeeded");
    expect_every_row_once(staff, id, saved);
    EXPECT_TRUE(audit_has(id, "job.recovered"));
    EXPECT_EQ(admin_->get("/api/v1/audit/verify").json()["ok"], true);
}

TEST_F(LongJobsApiTest, SigtermLeavesARunningJobQueuedAndItResumes) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    const std::string id = submit_long(staff);
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(wait_for_checkpoints(staff, id, 4));
    EXPECT_EQ(server_->terminate(), 0) << "SIGTERM stops the server cleanly";
    EXPECT_EQ(store_value("SELECT status FROM jobs WHERE id = '" + id + "'"), "queued");
    const int saved = checkpoint_rows();
    ASSERT_LT(saved, kRows) << "every row was coded before the stop; make the survey longer";

    ASSERT_EQ(server_->start(), "");
    ApiClient again(server_->port());
    ASSERT_EQ(again.sign_in("sam", kPassword).status, 200);
    ASSERT_EQ(final_status(again, id), "succeeded");
    expect_every_row_once(again, id, saved);
    admin_->set_port(server_->port());
    EXPECT_TRUE(audit_has(id, "job.interrupted"));
}

}  // namespace
}  // namespace borough::api_test
