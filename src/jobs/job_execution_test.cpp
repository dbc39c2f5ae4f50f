#include "jobs/job_execution.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "actions/registry.h"
#include "core/ids.h"
#include "core/sha256.h"
#include "jobs/test_services.h"
#include "store/sqlite/sqlite_job_store.h"

namespace borough::jobs {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotes =
    "The library will open on Sundays from April. "
    "Volunteers will staff the reading room at weekends. "
    "The cost of the extra hours is met from the events budget. "
    "Visitor numbers will be reviewed after six months.\n";

class JobExecutionTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = store::sqlite::SqliteJobStore::open(":memory:", services_.manual_clock());
        ASSERT_TRUE(store) << store.error().describe();
        services_.set_store(std::move(store).value());
        action_ = services_.registry().value()->find("document-summary");
        ASSERT_NE(action_, nullptr);
    }

    store::JobRecord running_job(const std::string& id) {
        store::JobRecord job;
        job.id = id;
        job.action_id = action_->id;
        job.action_version = action_->version;
        job.action_hash = action_->content_hash;
        job.engine = "extractive";
        job.parameters = Json{{"length", "short"}, {"rerun_of", "older-job"}};
        job.status = store::JobStatus::Running;
        job.created_by = "amy";
        job.created_at = "2026-11-22T18:00:00.000Z";
        job.started_at = job.created_at;
        EXPECT_TRUE(services_.store().create_job(job));
        return job;
    }

    test::TestServices services_;
    const actions::ActionDefinition* action_ = nullptr;
};

TEST_F(JobExecutionTest, JobParamsKeepOnlyDeclaredParameters) {
    const store::JobRecord job = running_job("j1");
    const actions::Params params = job_params(*action_, job);
    ASSERT_EQ(params.size(), 1U);
    EXPECT_EQ(params.at("length"), "short");
}

TEST_F(JobExecutionTest, SuccessStoresDraftsUpdatesJobAndAudits) {
    store::JobRecord job = running_job("j1");
    actions::NullProgressSink sink;
    EngineHandle engine{nullptr, "extractive", "", ""};
    auto done =
        execute_job(services_, *action_, job, actions::ActionInput::from_bytes("notes.txt", std::string(kNotes)),
                    job_params(*action_, job), engine, sink, {}, "regenerated");
    ASSERT_TRUE(done) << done.error().describe();
    EXPECT_EQ(done->method, "extractive");
    EXPECT_EQ(done->markdown.rfind("> **DRAFT**", 0), 0U);
    EXPECT_NE(done->json_text.find("\"job\": \"j1\""), std::string::npos);
    EXPECT_EQ(job.status, store::JobStatus::Succeeded);

    auto stored = services_.store().job("j1");
    EXPECT_EQ(stored->status, store::JobStatus::Succeeded);
    EXPECT_FALSE(stored->finished_at.empty());
    auto outputs = services_.store().outputs("j1");
    ASSERT_TRUE(outputs);
    ASSERT_EQ(outputs->size(), 2U + done->artifacts.size());
    for (const auto& o : *outputs) EXPECT_EQ(o.kind, "regenerated");
    EXPECT_EQ((*outputs)[0].content, done->json_text);
    EXPECT_EQ((*outputs)[1].content, done->markdown);
    auto audit = services_.store().audit_entries(0, 10);
    ASSERT_EQ(audit->size(), 1U);
    EXPECT_EQ((*audit)[0].action, "job.succeeded");
    EXPECT_EQ((*audit)[0].detail.value("output_sha256", ""), sha256_hex(done->json_text));
}

TEST_F(JobExecutionTest, FailureAndCancellationAreRecorded) {
    actions::NullProgressSink sink;
    EngineHandle engine{nullptr, "extractive", "", ""};
    store::JobRecord bad = running_job("bad");
    // A format the action does not accept fails inside the action runner.
    auto failed =
        execute_job(services_, *action_, bad, actions::ActionInput::from_bytes("notes.exe", "x"), {}, engine, sink, {});
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(services_.store().job("bad")->status, store::JobStatus::Failed);
    EXPECT_NE(services_.store().job("bad")->error.find("notes.exe"), std::string::npos);

    std::stop_source stop;
    stop.request_stop();
    store::JobRecord cancelled = running_job("cancelled");
    auto c =
        execute_job(services_, *action_, cancelled, actions::ActionInput::from_bytes("notes.txt", std::string(kNotes)),
                    {}, engine, sink, stop.get_token());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ErrorCode::Cancelled);
    EXPECT_EQ(services_.store().job("cancelled")->status, store::JobStatus::Cancelled);

    // Shutdown: the same stop, but the job is left running for the next start to resume.
    store::JobRecord interrupted = running_job("interrupted");
    auto i = execute_job(services_, *action_, interrupted,
                         actions::ActionInput::from_bytes("notes.txt", std::string(kNotes)), {}, engine, sink,
                         stop.get_token(), "generated", stop.get_token());
    ASSERT_FALSE(i);
    EXPECT_EQ(services_.store().job("interrupted")->status, store::JobStatus::Running);

    std::vector<std::string> actions;
    const auto entries = services_.store().audit_entries(0, 10);
    ASSERT_TRUE(entries);
    for (const auto& e : *entries) actions.push_back(e.subject + ":" + e.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"bad:job.failed", "cancelled:job.cancelled"}));
}

TEST_F(JobExecutionTest, LoadJobInputBytesPurgedAndFileReferences) {
    running_job("bytes");
    ASSERT_TRUE(
        services_.store().add_input({"bytes", "notes.txt", "text/plain", sha256_hex(kNotes), std::string(kNotes)}));
    auto in = load_job_input(services_.store(), "bytes");
    ASSERT_TRUE(in) << in.error().describe();
    EXPECT_TRUE(in->is_bytes);
    EXPECT_EQ(in->name, "notes.txt");
    EXPECT_EQ(in->content, kNotes);

    // An input that was empty to begin with is not mistaken for a purged one.
    running_job("empty");
    ASSERT_TRUE(services_.store().add_input({"empty", "e.txt", "text/plain", sha256_hex(""), ""}));
    EXPECT_TRUE(load_job_input(services_.store(), "empty"));

    running_job("none");
    auto none = load_job_input(services_.store(), "none");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);

    store::JobRecord old = running_job("purged");
    ASSERT_TRUE(
        services_.store().add_input({"purged", "notes.txt", "text/plain", sha256_hex(kNotes), std::string(kNotes)}));
    old.status = store::JobStatus::Succeeded;
    ASSERT_TRUE(services_.store().update_job(old));
    ASSERT_EQ(services_.store().purge_inputs("2027-01-01T00:00:00.000Z").value().count, 1);
    auto purged = load_job_input(services_.store(), "purged");
    ASSERT_FALSE(purged);
    EXPECT_EQ(purged.error().code, ErrorCode::NotFound);
    EXPECT_NE(purged.error().message.find("retention"), std::string::npos);

    const fs::path dir = fs::temp_directory_path() / ("borough_jobs_test_" + random_hex(6));
    fs::create_directories(dir);
    const fs::path recording = dir / "meeting.wav";
    { std::ofstream(recording, std::ios::binary) << "RIFF fake audio"; }
    running_job("rec");
    ASSERT_TRUE(services_.store().add_input(
        {"rec", "meeting.wav", std::string(kFileReference), sha256_file_hex(recording).value(), recording.string()}));
    auto rec = load_job_input(services_.store(), "rec");
    ASSERT_TRUE(rec) << rec.error().describe();
    EXPECT_EQ(rec->path, recording);
    EXPECT_TRUE(rec->content.empty());
    { std::ofstream(recording, std::ios::binary | std::ios::app) << "edited"; }
    auto changed = load_job_input(services_.store(), "rec");
    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().code, ErrorCode::Conflict);
    fs::remove(recording);
    auto moved = load_job_input(services_.store(), "rec");
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, ErrorCode::Conflict);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace borough::jobs
