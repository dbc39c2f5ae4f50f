#include "jobs/job_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "core/sha256.h"
#include "jobs/test_services.h"
#include "store/sqlite/sqlite_job_store.h"

namespace borough::jobs {
namespace {

using namespace std::chrono_literals;

// Our own short report text (not from any evaluation set).
constexpr std::string_view kReport =
    "The parking review covered twelve streets near the station. "
    "Residents reported that commuters fill the bays before seven in the morning. "
    "Officers counted an average of forty parked cars per street on weekdays. "
    "The council proposes a residents' permit zone from March. "
    "A permit would cost thirty pounds a year, with discounts for blue badge holders. "
    "Businesses asked for two hours of free parking for customers. "
    "The cabinet will decide on the scheme in January after a six week consultation. "
    "Enforcement would be shared with the neighbouring district council.\n";

class JobRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = store::sqlite::SqliteJobStore::open(":memory:", services_.manual_clock());
        ASSERT_TRUE(store) << store.error().describe();
        services_.set_store(std::move(store).value());
    }

    std::unique_ptr<JobRunner> make_runner(JobRunnerOptions options = {}) {
        auto runner = JobRunner::create(services_, options);
        EXPECT_TRUE(runner) << runner.error().describe();
        return runner ? std::move(runner).value() : nullptr;
    }

    static JobRequest summary_request(std::string name = "parking.txt") {
        JobRequest r;
        r.action_id = "document-summary";
        r.input_name = std::move(name);
        r.input_bytes = std::string(kReport);
        r.params = {{"length", "short"}};
        r.created_by = "amy";
        r.team = "highways";
        return r;
    }

    // Reads events until a final status arrives (or 30 s pass); returns every event read.
    static std::vector<JobEvent> events_until_final(JobRunner& runner, const std::string& id) {
        std::vector<JobEvent> all;
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        std::uint64_t after = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            auto got = runner.wait_events(id, after, 200ms);
            EXPECT_TRUE(got) << got.error().describe();
            if (!got) break;
            for (auto& e : *got) {
                after = e.seq;
                all.push_back(e);
                if (e.type == "status" && (e.status == store::JobStatus::Succeeded ||
                                           e.status == store::JobStatus::Failed ||
                                           e.status == store::JobStatus::Cancelled)) {
                    return all;
                }
            }
        }
        ADD_FAILURE() << "job " << id << " did not finish";
        return all;
    }

    // Waits for an event of this status.
    static void wait_for_status(JobRunner& runner, const std::string& id, store::JobStatus status) {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        std::uint64_t after = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            auto got = runner.wait_events(id, after, 200ms);
            ASSERT_TRUE(got);
            for (auto& e : *got) {
                after = e.seq;
                if (e.type == "status" && e.status == status) return;
            }
        }
        FAIL() << "job " << id << " never reached " << to_string(status);
    }

    std::vector<std::string> audit_actions(const std::string& subject) {
        std::vector<std::string> out;
        auto entries = services_.store().audit_entries(0, 1000);
        EXPECT_TRUE(entries);
        for (const auto& e : *entries) {
            if (e.subject == subject) out.push_back(e.action);
        }
        return out;
    }

    static bool contains(const std::vector<std::string>& v, std::string_view x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }

    test::TestServices services_;
};

TEST_F(JobRunnerTest, SubmittedJobSucceedsWithOrderedEvents) {
    auto runner = make_runner();
    ASSERT_TRUE(runner->start());
    auto job = runner->submit(summary_request());
    ASSERT_TRUE(job) << job.error().describe();
    EXPECT_EQ(job->status, store::JobStatus::Queued);
    EXPECT_EQ(job->created_by, "amy");
    EXPECT_EQ(job->team, "highways");

    const auto events = events_until_final(*runner, job->id);
    ASSERT_GE(events.size(), 3U);
    for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, i + 1);
    EXPECT_EQ(events.front().type, "status");
    EXPECT_EQ(events.front().status, store::JobStatus::Queued);
    EXPECT_EQ(events[1].type, "status");
    EXPECT_EQ(events[1].status, store::JobStatus::Running);
    EXPECT_EQ(events.back().status, store::JobStatus::Succeeded) << events.back().message;
    for (std::size_t i = 2; i + 1 < events.size(); ++i) EXPECT_EQ(events[i].type, "progress");

    auto stored = services_.store().job(job->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, store::JobStatus::Succeeded);
    EXPECT_EQ(stored->engine, "extractive");
    EXPECT_FALSE(stored->started_at.empty());
    EXPECT_FALSE(stored->finished_at.empty());
    EXPECT_EQ(stored->parameters.value("length", ""), "short");
    auto outputs = services_.store().outputs(job->id);
    ASSERT_TRUE(outputs);
    ASSERT_GE(outputs->size(), 2U);
    EXPECT_EQ((*outputs)[0].format, "json");
    EXPECT_EQ((*outputs)[1].format, "md");
    EXPECT_NE((*outputs)[1].content.find("DRAFT"), std::string::npos);
    auto inputs = services_.store().inputs(job->id);
    ASSERT_TRUE(inputs);
    ASSERT_EQ(inputs->size(), 1U);
    EXPECT_EQ((*inputs)[0].sha256, sha256_hex(kReport));

    const auto audit = audit_actions(job->id);
    ASSERT_EQ(audit.size(), 2U);
    EXPECT_EQ(audit[0], "job.created");
    EXPECT_EQ(audit[1], "job.succeeded");
    // The audit detail carries hashes and sizes, never the text.
    auto entries = services_.store().audit_entries(0, 10);
    ASSERT_TRUE(entries);
    EXPECT_EQ(dump_json((*entries)[0].detail).find("parking"), std::string::npos);

    const JobStats stats = runner->stats();
    EXPECT_EQ(stats.succeeded, 1);
    EXPECT_EQ(stats.queued, 0);
    EXPECT_GT(stats.run_seconds_sum, 0.0);

    // A finished job's events can be read again from the start.
    auto again = runner->wait_events(job->id, 0, 0ms);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), events.size());
}

TEST_F(JobRunnerTest, BadRequestsAreRefusedBeforeAnythingIsStored) {
    auto runner = make_runner();
    auto expect_error = [&](const JobRequest& r, ErrorCode code, std::string_view field) {
        auto job = runner->submit(r);
        ASSERT_FALSE(job);
        EXPECT_EQ(job.error().code, code) << job.error().describe();
        EXPECT_EQ(job.error().field, field) << job.error().describe();
    };
    JobRequest r = summary_request();
    r.action_id = "no-such-action";
    expect_error(r, ErrorCode::NotFound, "action");

    r = summary_request();
    r.params = {{"length", "enormous"}};
    expect_error(r, ErrorCode::InvalidInput, "length");
    r.params = {{"colour", "blue"}};
    expect_error(r, ErrorCode::InvalidInput, "colour");

    expect_error(summary_request("parking.exe"), ErrorCode::InvalidInput, "file");

    services_.max_input_bytes_ = 100;
    expect_error(summary_request(), ErrorCode::InvalidInput, "file");
    services_.max_input_bytes_ = 1 << 20;

    r = summary_request();
    r.engine = "not-a-model";
    expect_error(r, ErrorCode::NotFound, "engine");

    EXPECT_TRUE(services_.store().list_jobs(store::JobQuery{})->empty());
    EXPECT_TRUE(services_.store().audit_entries(0, 10)->empty());
}

TEST_F(JobRunnerTest, QueueFullIsResourceExhausted) {
    JobRunnerOptions options;
    options.max_queued = 2;
    auto runner = make_runner(options);  // not started: jobs stay queued
    ASSERT_TRUE(runner->submit(summary_request()));
    ASSERT_TRUE(runner->submit(summary_request()));
    auto third = runner->submit(summary_request());
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code, ErrorCode::ResourceExhausted);
    EXPECT_EQ(runner->stats().queued, 2);
}

TEST_F(JobRunnerTest, CancelQueuedJob) {
    auto runner = make_runner();  // not started
    auto job = runner->submit(summary_request());
    ASSERT_TRUE(job);
    ASSERT_TRUE(runner->cancel(job->id, "ben"));
    EXPECT_EQ(services_.store().job(job->id)->status, store::JobStatus::Cancelled);
    EXPECT_EQ(runner->stats().queued, 0);
    EXPECT_EQ(runner->stats().cancelled, 1);
    const auto events = events_until_final(*runner, job->id);
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[1].status, store::JobStatus::Cancelled);

    auto again = runner->cancel(job->id, "ben");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    auto missing = runner->cancel("nope", "ben");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);

    // Starting now must not run the cancelled job.
    auto report = runner->start();
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->requeued.empty());
    const auto audit = audit_actions(job->id);
    EXPECT_TRUE(contains(audit, "job.cancel_requested"));
    EXPECT_TRUE(contains(audit, "job.cancelled"));
}

TEST_F(JobRunnerTest, CancelRunningJob) {
    auto generator = std::make_shared<test::BlockingGenerator>();
    services_.set_configured({generator, "scripted", "blocking", ""});
    auto runner = make_runner();
    ASSERT_TRUE(runner->start());
    auto job = runner->submit(summary_request());
    ASSERT_TRUE(job);
    ASSERT_TRUE(generator->wait_entered(30s));
    EXPECT_EQ(runner->stats().running, 1);
    ASSERT_TRUE(runner->cancel(job->id, "ben"));
    const auto events = events_until_final(*runner, job->id);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().status, store::JobStatus::Cancelled);
    auto stored = services_.store().job(job->id);
    EXPECT_EQ(stored->status, store::JobStatus::Cancelled);
    EXPECT_EQ(stored->engine, "scripted");
    const auto audit = audit_actions(job->id);
    EXPECT_TRUE(contains(audit, "job.cancel_requested"));
    EXPECT_TRUE(contains(audit, "job.cancelled"));
    EXPECT_FALSE(contains(audit, "job.interrupted"));
    // stop() after a cancel keeps it cancelled.
    runner->stop();
    EXPECT_EQ(services_.store().job(job->id)->status, store::JobStatus::Cancelled);
}

TEST_F(JobRunnerTest, StopLeavesRunningJobQueuedAndNextStartResumesIt) {
    auto generator = std::make_shared<test::BlockingGenerator>();
    services_.set_configured({generator, "scripted", "blocking", ""});
    std::string id;
    {
        auto runner = make_runner();
        ASSERT_TRUE(runner->start());
        auto job = runner->submit(summary_request());
        ASSERT_TRUE(job);
        id = job->id;
        ASSERT_TRUE(generator->wait_entered(30s));
        runner->stop();
        runner->stop();  // idempotent
        auto stored = services_.store().job(id);
        EXPECT_EQ(stored->status, store::JobStatus::Queued);
        EXPECT_FALSE(stored->started_at.empty());
    }
    EXPECT_TRUE(contains(audit_actions(id), "job.interrupted"));
    EXPECT_FALSE(contains(audit_actions(id), "job.cancelled"));

    // The "same" engine after the restart; with no generator the action takes its extractive path,
    // so the resumed job can finish.
    services_.set_configured({nullptr, "scripted", "blocking", ""});
    auto runner = make_runner();
    // Before start() this process has not seen the job: one snapshot event from the store.
    auto snapshot = runner->wait_events(id, 0, 0ms);
    ASSERT_TRUE(snapshot);
    ASSERT_EQ(snapshot->size(), 1U);
    EXPECT_EQ((*snapshot)[0].status, store::JobStatus::Queued);

    auto report = runner->start();
    ASSERT_TRUE(report) << report.error().describe();
    ASSERT_EQ(report->requeued.size(), 1U);
    EXPECT_EQ(report->requeued[0], id);
    EXPECT_TRUE(report->failed.empty());
    const auto events = events_until_final(*runner, id);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().status, store::JobStatus::Succeeded) << events.back().message;
    EXPECT_TRUE(contains(audit_actions(id), "job.recovered"));
    EXPECT_TRUE(contains(audit_actions(id), "job.succeeded"));
    EXPECT_FALSE(runner->start());  // once only
}

TEST_F(JobRunnerTest, ResumeRefusesADifferentModel) {
    // A job that ran on model A is not resumed on model B: their checkpoints would mix.
    store::JobRecord job;
    job.id = "ran-on-a";
    job.action_id = "document-summary";
    job.action_version = services_.registry().value()->find("document-summary")->version;
    job.action_hash = services_.registry().value()->find("document-summary")->content_hash;
    job.engine = "llama";
    job.model = "model-a";
    job.model_sha256 = std::string(64, 'a');
    job.status = store::JobStatus::Running;
    job.created_by = "amy";
    job.created_at = "2026-11-22T18:00:00.000Z";
    job.started_at = job.created_at;
    ASSERT_TRUE(services_.store().create_job(job));
    ASSERT_TRUE(services_.store().add_input({job.id, "parking.txt", "text/plain", sha256_hex(kReport),
                                             std::string(kReport)}));
    services_.set_configured({nullptr, "llama", "model-b", std::string(64, 'b')});
    auto runner = make_runner();
    auto report = runner->start();
    ASSERT_TRUE(report);
    ASSERT_EQ(report->requeued.size(), 1U);
    const auto events = events_until_final(*runner, job.id);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().status, store::JobStatus::Failed);
    EXPECT_NE(events.back().message.find("model-a"), std::string::npos) << events.back().message;
}

TEST_F(JobRunnerTest, StartFailsJobsWhoseActionChangedOrInputIsGone) {
    const auto* action = services_.registry().value()->find("document-summary");
    auto make_job = [&](const std::string& id, const std::string& hash, store::JobStatus status, bool input) {
        store::JobRecord job;
        job.id = id;
        job.action_id = "document-summary";
        job.action_version = action->version;
        job.action_hash = hash;
        job.engine = "extractive";
        job.status = status;
        job.created_by = "amy";
        job.created_at = "2026-11-22T18:00:0" + std::to_string(id.size() % 10) + ".000Z";
        ASSERT_TRUE(services_.store().create_job(job));
        if (input) {
            ASSERT_TRUE(services_.store().add_input(
                {id, "parking.txt", "text/plain", sha256_hex(kReport), std::string(kReport)}));
        }
    };
    make_job("changed", std::string(64, '0'), store::JobStatus::Running, true);
    make_job("no-input", action->content_hash, store::JobStatus::Queued, false);
    make_job("fine-queued", action->content_hash, store::JobStatus::Queued, true);

    auto runner = make_runner();
    auto report = runner->start();
    ASSERT_TRUE(report) << report.error().describe();
    std::sort(report->failed.begin(), report->failed.end());
    EXPECT_EQ(report->failed, (std::vector<std::string>{"changed", "no-input"}));
    EXPECT_EQ(report->requeued, (std::vector<std::string>{"fine-queued"}));

    auto changed = services_.store().job("changed");
    EXPECT_EQ(changed->status, store::JobStatus::Failed);
    EXPECT_EQ(changed->error.rfind("interrupted by a restart and cannot resume: ", 0), 0U) << changed->error;
    EXPECT_NE(changed->error.find("has changed"), std::string::npos) << changed->error;
    EXPECT_TRUE(contains(audit_actions("changed"), "job.failed"));
    EXPECT_NE(services_.store().job("no-input")->error.find("no stored input"), std::string::npos);
    EXPECT_EQ(events_until_final(*runner, "fine-queued").back().status, store::JobStatus::Succeeded);
}

TEST_F(JobRunnerTest, RerunMakesANewJobFromTheStoredInput) {
    auto runner = make_runner();
    ASSERT_TRUE(runner->start());
    auto first = runner->submit(summary_request());
    ASSERT_TRUE(first);
    events_until_final(*runner, first->id);

    auto second = runner->rerun(first->id, "extractive", "ben", "highways");
    ASSERT_TRUE(second) << second.error().describe();
    EXPECT_NE(second->id, first->id);
    EXPECT_EQ(second->parameters.value("rerun_of", ""), first->id);
    EXPECT_EQ(second->parameters.value("length", ""), "short");
    EXPECT_EQ(second->created_by, "ben");
    EXPECT_EQ(events_until_final(*runner, second->id).back().status, store::JobStatus::Succeeded);
    auto inputs = services_.store().inputs(second->id);
    ASSERT_TRUE(inputs);
    EXPECT_EQ((*inputs)[0].content, kReport);

    auto missing = runner->rerun("nope", "", "ben", "highways");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(JobRunnerTest, EventRingKeepsTheLatestStatus) {
    JobRunnerOptions options;
    options.max_events = 2;
    auto runner = make_runner(options);
    ASSERT_TRUE(runner->start());
    auto job = runner->submit(summary_request());
    ASSERT_TRUE(job);
    events_until_final(*runner, job->id);
    auto all = runner->wait_events(job->id, 0, 0ms);
    ASSERT_TRUE(all);
    ASSERT_FALSE(all->empty());
    EXPECT_LE(all->size(), 3U);
    EXPECT_EQ(all->back().status, store::JobStatus::Succeeded);
    auto none = runner->wait_events(job->id, all->back().seq, 10ms);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(runner->wait_events("nope", 0, 0ms).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace borough::jobs
