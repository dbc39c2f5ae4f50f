#include "store/sqlite/sqlite_job_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/sqlite/test_util.h"

namespace borough::store::sqlite {
namespace {

using test::raw_exec;

JobRecord sample_job(const std::string& id, const std::string& created_at) {
    JobRecord job;
    job.id = id;
    job.action_id = "survey-themes";
    job.action_version = "1.2.0";
    job.action_hash = std::string(64, 'a');
    job.engine = "llama";
    job.model = "qwen2.5-1.5b-instruct-q4";
    job.model_sha256 = std::string(64, 'b');
    job.parameters = Json{{"max_themes", 8}, {"language", "en-GB"}, {"nested", {{"z", 1}, {"a", {1, 2.5, "£"}}}}};
    job.status = JobStatus::Queued;
    job.created_by = "cli:jo";
    job.team = "housing";
    job.created_at = created_at;
    job.timings = Json::object();
    return job;
}

void expect_same_job(const JobRecord& a, const JobRecord& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.action_id, b.action_id);
    EXPECT_EQ(a.action_version, b.action_version);
    EXPECT_EQ(a.action_hash, b.action_hash);
    EXPECT_EQ(a.engine, b.engine);
    EXPECT_EQ(a.model, b.model);
    EXPECT_EQ(a.model_sha256, b.model_sha256);
    EXPECT_EQ(dump_json(a.parameters), dump_json(b.parameters));  // also checks key order survives
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.created_by, b.created_by);
    EXPECT_EQ(a.team, b.team);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.started_at, b.started_at);
    EXPECT_EQ(a.finished_at, b.finished_at);
    EXPECT_EQ(dump_json(a.timings), dump_json(b.timings));
}

class SqliteJobStoreTest : public test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        auto opened = SqliteJobStore::open(":memory:", clock_);
        ASSERT_TRUE(opened) << opened.error().describe();
        store_ = std::move(opened).value();
    }
    std::unique_ptr<SqliteJobStore> store_;
};

TEST_F(SqliteJobStoreTest, JobRoundTripAndUpdate) {
    JobRecord job = sample_job("job-1", "2026-11-22T18:00:00.000Z");
    ASSERT_TRUE(store_->create_job(job));
    auto read = store_->job("job-1");
    ASSERT_TRUE(read) << read.error().describe();
    expect_same_job(*read, job);

    job.status = JobStatus::Failed;
    job.error = "model output was not valid JSON after 3 attempts";
    job.started_at = "2026-11-22T18:00:01.000Z";
    job.finished_at = "2026-11-22T18:00:09.500Z";
    job.timings = Json{{"generate_ms", 8123}, {"prompt_tokens", 812}};
    job.parameters["max_themes"] = 5;
    ASSERT_TRUE(store_->update_job(job));
    read = store_->job("job-1");
    ASSERT_TRUE(read);
    expect_same_job(*read, job);

    for (JobStatus s : {JobStatus::Running, JobStatus::Succeeded, JobStatus::Cancelled}) {
        job.status = s;
        ASSERT_TRUE(store_->update_job(job));
        EXPECT_EQ(store_->job("job-1")->status, s);
    }
}

TEST_F(SqliteJobStoreTest, JobErrors) {
    ASSERT_TRUE(store_->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
    auto dup = store_->create_job(sample_job("job-1", "2026-11-22T18:00:05.000Z"));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
    EXPECT_EQ(dup.error().field, "id");
    EXPECT_NE(dup.error().message.find("job-1"), std::string::npos) << dup.error().message;
    // The failed insert changed nothing.
    EXPECT_EQ(store_->job("job-1")->created_at, "2026-11-22T18:00:00.000Z");

    auto missing = store_->job("nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("nope"), std::string::npos);

    auto upd = store_->update_job(sample_job("nope", "x"));
    ASSERT_FALSE(upd);
    EXPECT_EQ(upd.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteJobStoreTest, ListJobsNewestFirstWithLimit) {
    for (int i = 0; i < 5; ++i) {
        // Inserted out of time order, so the ordering must come from created_at.
        const int minute = (i * 3) % 5;
        ASSERT_TRUE(store_->create_job(
            sample_job("job-m" + std::to_string(minute), "2026-11-22T18:0" + std::to_string(minute) + ":00.000Z")));
    }
    auto three = store_->list_jobs(3);
    ASSERT_TRUE(three) << three.error().describe();
    ASSERT_EQ(three->size(), 3U);
    EXPECT_EQ((*three)[0].id, "job-m4");
    EXPECT_EQ((*three)[1].id, "job-m3");
    EXPECT_EQ((*three)[2].id, "job-m2");
    EXPECT_EQ(store_->list_jobs(100)->size(), 5U);

    // Same millisecond: the later insert counts as newer.
    ASSERT_TRUE(store_->create_job(sample_job("tie-a", "2026-11-22T19:00:00.000Z")));
    ASSERT_TRUE(store_->create_job(sample_job("tie-b", "2026-11-22T19:00:00.000Z")));
    auto two = store_->list_jobs(2);
    ASSERT_TRUE(two);
    EXPECT_EQ((*two)[0].id, "tie-b");
    EXPECT_EQ((*two)[1].id, "tie-a");

    auto bad = store_->list_jobs(0);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(bad.error().field, "limit");
}

TEST_F(SqliteJobStoreTest, InputsKeepBinaryContent) {
    ASSERT_TRUE(store_->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
    static constexpr char kBytes[] =
        "%PDF-1.7\0\xff\xfe"
        "\x00"
        "binary";
    const std::string bytes(kBytes, sizeof(kBytes) - 1);
    ASSERT_TRUE(store_->add_input({"job-1", "agenda.pdf", "application/pdf", std::string(64, 'c'), bytes}));
    ASSERT_TRUE(store_->add_input({"job-1", "notes.txt", "text/plain", std::string(64, 'd'), "Item 1: budget"}));
    auto in = store_->inputs("job-1");
    ASSERT_TRUE(in) << in.error().describe();
    ASSERT_EQ(in->size(), 2U);
    EXPECT_EQ((*in)[0].job_id, "job-1");
    EXPECT_EQ((*in)[0].name, "agenda.pdf");
    EXPECT_EQ((*in)[0].media_type, "application/pdf");
    EXPECT_EQ((*in)[0].sha256, std::string(64, 'c'));
    EXPECT_EQ((*in)[0].content, bytes);
    EXPECT_EQ((*in)[0].content.size(), 18U);
    EXPECT_EQ((*in)[1].content, "Item 1: budget");
    EXPECT_TRUE(store_->inputs("other")->empty());

    auto orphan = store_->add_input({"nope", "a.txt", "text/plain", "", "x"});
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteJobStoreTest, OutputVersionsIncrementPerJob) {
    ASSERT_TRUE(store_->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
    ASSERT_TRUE(store_->create_job(sample_job("job-2", "2026-11-22T18:00:01.000Z")));
    OutputRecord out{"job-1", 99, "generated", "json", R"({"themes":[]})", "system", "2026-11-22T18:01:00.000Z"};
    EXPECT_EQ(store_->add_output(out).value(), 1);  // the given version is ignored
    out.kind = "edited";
    out.format = "md";
    out.content = "# Minutes\n";
    out.created_by = "jo";
    EXPECT_EQ(store_->add_output(out).value(), 2);
    out.kind = "regenerated";
    EXPECT_EQ(store_->add_output(out).value(), 3);
    EXPECT_EQ(store_->add_output({"job-2", 0, "generated", "json", "{}", "system", "t"}).value(), 1);

    auto all = store_->outputs("job-1");
    ASSERT_TRUE(all) << all.error().describe();
    ASSERT_EQ(all->size(), 3U);
    for (int i = 0; i < 3; ++i) EXPECT_EQ((*all)[static_cast<std::size_t>(i)].version, i + 1);
    EXPECT_EQ((*all)[0].kind, "generated");
    EXPECT_EQ((*all)[0].content, R"({"themes":[]})");
    EXPECT_EQ((*all)[0].created_by, "system");
    EXPECT_EQ((*all)[1].format, "md");
    EXPECT_EQ((*all)[1].content, "# Minutes\n");
    EXPECT_EQ((*all)[1].created_by, "jo");
    EXPECT_EQ((*all)[1].created_at, "2026-11-22T18:01:00.000Z");
    EXPECT_EQ((*all)[2].kind, "regenerated");

    auto orphan = store_->add_output({"nope", 0, "generated", "json", "{}", "system", "t"});
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, ErrorCode::NotFound);
    // The schema rejects an unknown kind: a constraint violation is a Conflict.
    auto bad_kind = store_->add_output({"job-1", 0, "guessed", "json", "{}", "system", "t"});
    ASSERT_FALSE(bad_kind);
    EXPECT_EQ(bad_kind.error().code, ErrorCode::Conflict);
    EXPECT_EQ(store_->outputs("job-1")->size(), 3U);
}

TEST_F(SqliteJobStoreTest, ModelsUpsertAndList) {
    ModelRecord m{"qwen",     "/models/qwen.gguf",  std::string(64, 'e'),
                  1ULL << 40, "/mnt/usb/qwen.gguf", "2026-11-22T18:00:00.000Z"};
    ASSERT_TRUE(store_->upsert_model(m));
    ASSERT_TRUE(store_->upsert_model({"llama", "/models/llama.gguf", std::string(64, 'f'), 5, "x", "t"}));
    auto got = store_->model("qwen");
    ASSERT_TRUE(got) << got.error().describe();
    EXPECT_EQ(got->path, m.path);
    EXPECT_EQ(got->sha256, m.sha256);
    EXPECT_EQ(got->size_bytes, 1ULL << 40);
    EXPECT_EQ(got->source, m.source);
    EXPECT_EQ(got->added_at, m.added_at);

    m.path = "/models/qwen-v2.gguf";
    m.size_bytes = 7;
    ASSERT_TRUE(store_->upsert_model(m));
    EXPECT_EQ(store_->model("qwen")->path, "/models/qwen-v2.gguf");
    EXPECT_EQ(store_->model("qwen")->size_bytes, 7U);

    auto all = store_->list_models();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[0].name, "llama");
    EXPECT_EQ((*all)[1].name, "qwen");

    EXPECT_EQ(store_->model("gone").error().code, ErrorCode::NotFound);
    m.size_bytes = ~0ULL;
    EXPECT_EQ(store_->upsert_model(m).error().code, ErrorCode::InvalidInput);
}

TEST_F(SqliteJobStoreTest, ConcurrentWritersFromManyThreads) {
    ASSERT_TRUE(store_->create_job(sample_job("shared", "2026-11-22T17:00:00.000Z")));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < 10; ++i) {
                const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
                EXPECT_TRUE(store_->create_job(sample_job(id, "2026-11-22T18:00:00.000Z")));
                EXPECT_TRUE(store_->add_output({id, 0, "generated", "json", "{}", "system", "t"}));
                EXPECT_TRUE(store_->add_output({"shared", 0, "edited", "json", "{}", "system", "t"}));
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(store_->list_jobs(1000)->size(), 41U);
    auto shared = store_->outputs("shared");
    ASSERT_TRUE(shared);
    ASSERT_EQ(shared->size(), 40U);
    for (std::size_t i = 0; i < shared->size(); ++i) EXPECT_EQ((*shared)[i].version, static_cast<int>(i) + 1);
}

TEST_F(SqliteJobStoreTest, FileDatabaseUsesWalAndKeepsData) {
    {
        auto store = SqliteJobStore::open(db_path(), clock_);
        ASSERT_TRUE(store) << store.error().describe();
        ASSERT_TRUE((*store)->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
        ASSERT_TRUE((*store)->add_output({"job-1", 0, "generated", "md", "# x", "system", "t"}));
        auto mode = raw_exec(db_path(), "PRAGMA journal_mode");
        ASSERT_EQ(mode.rows.size(), 1U);
        EXPECT_EQ(mode.rows[0][0], "wal");
    }
    auto reopened = SqliteJobStore::open(db_path(), clock_);
    ASSERT_TRUE(reopened) << reopened.error().describe();
    EXPECT_EQ((*reopened)->job("job-1")->action_id, "survey-themes");
    EXPECT_EQ((*reopened)->add_output({"job-1", 0, "edited", "md", "# y", "jo", "t"}).value(), 2);
}

}  // namespace
}  // namespace borough::store::sqlite

namespace borough::store::sqlite {
namespace {

TEST_F(SqliteJobStoreTest, BinaryOutputsKeepEveryByte) {
    ASSERT_TRUE(store_->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
    const std::string xlsx("PK\x03\x04\0\0\xff\xfe zip bytes", 18);
    ASSERT_TRUE(store_->add_output({"job-1", 0, "generated", "xlsx", xlsx, "system", "t"}));
    auto all = store_->outputs("job-1");
    ASSERT_TRUE(all) << all.error().describe();
    ASSERT_EQ(all->size(), 1U);
    EXPECT_EQ((*all)[0].content, xlsx);
}

TEST_F(SqliteJobStoreTest, CheckpointsAreWrittenOnceAndReadBack) {
    ASSERT_TRUE(store_->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
    ASSERT_TRUE(store_->save_checkpoint("job-1", "row:Q1:P-0001", R"({"s":"negative"})"));
    ASSERT_TRUE(store_->save_checkpoint("job-1", "row:Q1:P-0002", R"({"s":"positive"})"));
    auto again = store_->save_checkpoint("job-1", "row:Q1:P-0001", "{}");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    auto orphan = store_->save_checkpoint("no-such-job", "k", "v");
    EXPECT_FALSE(orphan);
    auto got = store_->checkpoints("job-1");
    ASSERT_TRUE(got) << got.error().describe();
    ASSERT_EQ(got->size(), 2U);
    EXPECT_EQ(got->at("row:Q1:P-0001"), R"({"s":"negative"})");
    EXPECT_TRUE(store_->checkpoints("job-2")->empty());
}

TEST_F(SqliteJobStoreTest, TeamIsFixedAtCreation) {
    JobRecord job = sample_job("job-1", "2026-11-22T18:00:00.000Z");
    ASSERT_TRUE(store_->create_job(job));
    job.team = "planning";
    job.status = JobStatus::Running;
    ASSERT_TRUE(store_->update_job(job));
    EXPECT_EQ(store_->job("job-1")->team, "housing");
    EXPECT_EQ(store_->job("job-1")->status, JobStatus::Running);
}

TEST_F(SqliteJobStoreTest, ListJobsByQueryFiltersAndPages) {
    // 6 jobs: teams alternate housing/planning, creators alternate, statuses rotate.
    const JobStatus statuses[] = {JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded};
    for (int i = 0; i < 6; ++i) {
        JobRecord job = sample_job("job-" + std::to_string(i), "2026-11-22T18:0" + std::to_string(i) + ":00.000Z");
        job.team = i % 2 == 0 ? "housing" : "planning";
        job.created_by = i < 3 ? "amy" : "ben";
        job.status = statuses[i % 3];
        ASSERT_TRUE(store_->create_job(job));
    }
    auto ids = [](const Result<std::vector<JobRecord>>& jobs) {
        std::string out;
        for (const auto& j : *jobs) out += j.id + " ";
        return out;
    };
    JobQuery q;
    auto all = store_->list_jobs(q);
    ASSERT_TRUE(all) << all.error().describe();
    EXPECT_EQ(ids(all), "job-5 job-4 job-3 job-2 job-1 job-0 ");

    q.team = "housing";
    EXPECT_EQ(ids(store_->list_jobs(q)), "job-4 job-2 job-0 ");
    q.status = JobStatus::Queued;
    EXPECT_EQ(ids(store_->list_jobs(q)), "job-0 ");
    q.team.reset();
    EXPECT_EQ(ids(store_->list_jobs(q)), "job-3 job-0 ");
    q.created_by = "ben";
    EXPECT_EQ(ids(store_->list_jobs(q)), "job-3 ");
    q.team = "";  // CLI jobs have team "": a filter on "" is not "no filter"
    EXPECT_EQ(ids(store_->list_jobs(q)), "");

    JobQuery page;
    page.limit = 2;
    EXPECT_EQ(ids(store_->list_jobs(page)), "job-5 job-4 ");
    page.before = "2026-11-22T18:04:00.000Z";
    EXPECT_EQ(ids(store_->list_jobs(page)), "job-3 job-2 ");
    page.before = "2026-11-22T18:00:00.000Z";
    EXPECT_EQ(ids(store_->list_jobs(page)), "");

    for (int bad : {0, 1001}) {
        JobQuery b;
        b.limit = bad;
        auto r = store_->list_jobs(b);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(r.error().field, "limit");
    }
}

TEST_F(SqliteJobStoreTest, ReviewsNeedAnExistingVersion) {
    ASSERT_TRUE(store_->create_job(sample_job("job-1", "2026-11-22T18:00:00.000Z")));
    ASSERT_TRUE(store_->add_output({"job-1", 0, "generated", "json", "{}", "system", "t"}));
    ASSERT_TRUE(store_->add_output({"job-1", 0, "generated", "md", "# Draft", "system", "t"}));

    auto first = store_->add_review({0, "job-1", 2, "rejected", "Check item 3", "rev", "2026-11-22T18:05:00.000Z"});
    ASSERT_TRUE(first) << first.error().describe();
    auto second = store_->add_review({0, "job-1", 2, "approved", "", "rev", "2026-11-22T18:06:00.000Z"});
    ASSERT_TRUE(second) << second.error().describe();
    EXPECT_GT(*second, *first);

    auto no_version = store_->add_review({0, "job-1", 3, "approved", "", "rev", "t"});
    ASSERT_FALSE(no_version);
    EXPECT_EQ(no_version.error().code, ErrorCode::NotFound);
    EXPECT_EQ(no_version.error().field, "version");
    auto no_job = store_->add_review({0, "nope", 1, "approved", "", "rev", "t"});
    ASSERT_FALSE(no_job);
    EXPECT_EQ(no_job.error().code, ErrorCode::NotFound);
    auto bad_decision = store_->add_review({0, "job-1", 1, "maybe", "", "rev", "t"});
    ASSERT_FALSE(bad_decision);
    EXPECT_EQ(bad_decision.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(bad_decision.error().field, "decision");

    auto got = store_->reviews("job-1");
    ASSERT_TRUE(got) << got.error().describe();
    ASSERT_EQ(got->size(), 2U);
    EXPECT_EQ((*got)[0].id, *first);
    EXPECT_EQ((*got)[0].job_id, "job-1");
    EXPECT_EQ((*got)[0].version, 2);
    EXPECT_EQ((*got)[0].decision, "rejected");
    EXPECT_EQ((*got)[0].comment, "Check item 3");
    EXPECT_EQ((*got)[0].reviewer, "rev");
    EXPECT_EQ((*got)[0].at, "2026-11-22T18:05:00.000Z");
    EXPECT_EQ((*got)[1].decision, "approved");
    EXPECT_TRUE(store_->reviews("other")->empty());
}

TEST_F(SqliteJobStoreTest, PurgeInputsClearsOnlyOldFinishedJobs) {
    struct Case {
        const char* id;
        const char* created_at;
        JobStatus status;
        bool purged;
    };
    const Case cases[] = {
        {"old-done", "2026-10-01T00:00:00.000Z", JobStatus::Succeeded, true},
        {"old-failed", "2026-10-02T00:00:00.000Z", JobStatus::Failed, true},
        {"old-cancelled", "2026-10-03T00:00:00.000Z", JobStatus::Cancelled, true},
        {"old-running", "2026-10-04T00:00:00.000Z", JobStatus::Running, false},
        {"old-queued", "2026-10-05T00:00:00.000Z", JobStatus::Queued, false},
        {"new-done", "2026-11-01T00:00:00.000Z", JobStatus::Succeeded, false},
    };
    for (const Case& c : cases) {
        JobRecord job = sample_job(c.id, c.created_at);
        job.status = c.status;
        ASSERT_TRUE(store_->create_job(job));
        ASSERT_TRUE(store_->add_input({c.id, "notes.txt", "text/plain", std::string(64, 'c'), "Resident said"}));
    }
    auto purged = store_->purge_inputs("2026-11-01T00:00:00.000Z");
    ASSERT_TRUE(purged) << purged.error().describe();
    EXPECT_EQ(purged->count, 3);
    EXPECT_TRUE(purged->released_files.empty());  // text inputs hold no file
    for (const Case& c : cases) {
        auto in = store_->inputs(c.id);
        ASSERT_TRUE(in);
        ASSERT_EQ(in->size(), 1U) << c.id;
        EXPECT_EQ((*in)[0].content.empty(), c.purged) << c.id;
        EXPECT_EQ((*in)[0].name, "notes.txt");
        EXPECT_EQ((*in)[0].sha256, std::string(64, 'c'));
    }
    // Already purged inputs are not counted again.
    EXPECT_EQ(store_->purge_inputs("2026-11-01T00:00:00.000Z").value().count, 0);
}

TEST_F(SqliteJobStoreTest, PurgeReleasesARecordingOnlyWhenNoInputHoldsItAnyMore) {
    const std::string ref(kFileReferenceMediaType);
    const auto add = [&](const std::string& id, const std::string& created_at, JobStatus status,
                         const std::string& path) {
        JobRecord job = sample_job(id, created_at);
        job.status = status;
        ASSERT_TRUE(store_->create_job(job));
        ASSERT_TRUE(store_->add_input({id, "meeting.wav", ref, std::string(64, 'a'), path}));
    };
    add("first", "2026-10-01T00:00:00.000Z", JobStatus::Succeeded, "/srv/uploads/a1/meeting.wav");
    // A rerun of "first", still recent: it shares the recording.
    add("rerun", "2026-11-05T00:00:00.000Z", JobStatus::Succeeded, "/srv/uploads/a1/meeting.wav");
    add("alone", "2026-10-02T00:00:00.000Z", JobStatus::Failed, "/srv/uploads/b2/visit.wav");
    add("busy", "2026-10-03T00:00:00.000Z", JobStatus::Running, "/srv/uploads/c3/call.wav");

    auto purged = store_->purge_inputs("2026-11-01T00:00:00.000Z");
    ASSERT_TRUE(purged) << purged.error().describe();
    EXPECT_EQ(purged->count, 2);
    EXPECT_EQ(purged->released_files, std::vector<std::string>{"/srv/uploads/b2/visit.wav"});

    // Once the rerun expires too, the shared recording is released.
    purged = store_->purge_inputs("2026-12-01T00:00:00.000Z");
    ASSERT_TRUE(purged);
    EXPECT_EQ(purged->count, 1);
    EXPECT_EQ(purged->released_files, std::vector<std::string>{"/srv/uploads/a1/meeting.wav"});
}

TEST_F(SqliteJobStoreTest, SucceededJobsAreCountedByMonthAndAction) {
    const auto add = [&](const std::string& id, const std::string& action, const std::string& team, JobStatus status,
                         const std::string& created, const std::string& finished) {
        JobRecord job = sample_job(id, created);
        job.action_id = action;
        job.team = team;
        job.status = status;
        job.finished_at = finished;
        ASSERT_TRUE(store_->create_job(job));
    };
    add("a", "survey-analysis", "housing", JobStatus::Succeeded, "2026-10-31T23:50:00.000Z",
        "2026-11-01T00:10:00.000Z");
    add("b", "survey-analysis", "housing", JobStatus::Succeeded, "2026-11-02T09:00:00.000Z",
        "2026-11-02T09:01:00.000Z");
    add("c", "meeting-minutes", "adults", JobStatus::Succeeded, "2026-10-05T09:00:00.000Z", "2026-10-05T09:30:00.000Z");
    add("d", "meeting-minutes", "adults", JobStatus::Failed, "2026-10-06T09:00:00.000Z", "2026-10-06T09:30:00.000Z");
    add("e", "meeting-minutes", "housing", JobStatus::Succeeded, "2026-09-30T09:00:00.000Z", "");

    auto all = store_->succeeded_by_month(std::nullopt);
    ASSERT_TRUE(all) << all.error().describe();
    ASSERT_EQ(all->size(), 3U);
    // Counted in the month the job finished (a: created in October, finished in November).
    EXPECT_EQ((*all)[0].month, "2026-11");
    EXPECT_EQ((*all)[0].action_id, "survey-analysis");
    EXPECT_EQ((*all)[0].runs, 2);
    EXPECT_EQ((*all)[1].month, "2026-10");
    EXPECT_EQ((*all)[1].action_id, "meeting-minutes");
    EXPECT_EQ((*all)[1].runs, 1);           // the failed run is not counted
    EXPECT_EQ((*all)[2].month, "2026-09");  // no finish time: the month it was created
    auto housing = store_->succeeded_by_month(std::string("housing"));
    ASSERT_TRUE(housing);
    ASSERT_EQ(housing->size(), 2U);
    EXPECT_EQ((*housing)[1].month, "2026-09");
}
}  // namespace
}  // namespace borough::store::sqlite
