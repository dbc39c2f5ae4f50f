#include "server/retention.h"

#include <gtest/gtest.h>

#include <fstream>

#include "server/test_server.h"
#include "support/temp_dir.h"

namespace borough::server {
namespace {

namespace fs = std::filesystem;

// A retention pass over real SQLite stores in a temp folder, with recordings on disk.
class RetentionTest : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directories(dir_ / "uploads");
        auto stores = test::open_test_stores((dir_ / "borough.db").string(), clock_);
        ASSERT_TRUE(stores) << stores.error().describe();
        stores_ = std::move(stores).value();
    }

    fs::path recording(const std::string& relative) {
        const fs::path path = dir_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << "RIFF";
        return path;
    }
    void finished_job(const std::string& id, const fs::path& file) {
        store::JobRecord job;
        job.id = id;
        job.action_id = "transcribe";
        job.engine = "extractive";
        job.status = store::JobStatus::Succeeded;
        job.created_at = format_utc(clock_.now());
        ASSERT_TRUE(stores_.jobs->create_job(job));
        ASSERT_TRUE(stores_.jobs->add_input(
            {id, "meeting.wav", std::string(store::kFileReferenceMediaType), std::string(64, 'a'), file.string()}));
    }
    Result<RetentionPass> pass() {
        return purge_expired_inputs(*stores_.accounts, *stores_.jobs, clock_, dir_ / "uploads");
    }

    borough::test::TempDir temp_;
    const fs::path dir_ = temp_.path();
    ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::seconds(1795370400))};
    test::TestStores stores_;
};

TEST_F(RetentionTest, KeepsEverythingUntilAnAdministratorSetsRetention) {
    const fs::path file = recording("uploads/u1/meeting.wav");
    finished_job("j1", file);
    clock_.advance(std::chrono::hours(24 * 400));
    auto p = pass();
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(p->inputs_purged, 0);
    EXPECT_TRUE(fs::exists(file));
}

TEST_F(RetentionTest, DeletesExpiredUploadedRecordingsAndTheirFolders) {
    const fs::path old_file = recording("uploads/u1/meeting.wav");
    finished_job("old", old_file);
    // A recording given by path from outside the upload folder is never the server's to delete.
    const fs::path outside = recording("council-share/visit.wav");
    finished_job("outside", outside);
    // A name that climbs out of the upload folder is outside it too.
    finished_job("climb", dir_ / "uploads" / ".." / "council-share" / "visit.wav");
    clock_.advance(std::chrono::hours(24 * 31));
    const fs::path new_file = recording("uploads/u2/call.wav");
    finished_job("new", new_file);
    ASSERT_TRUE(stores_.accounts->set_setting("retention_days", "30"));

    auto p = pass();
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(p->inputs_purged, 3);
    EXPECT_EQ(p->files_deleted, 1);
    EXPECT_FALSE(fs::exists(old_file));
    EXPECT_FALSE(fs::exists(old_file.parent_path()));
    EXPECT_TRUE(fs::exists(dir_ / "uploads"));
    EXPECT_TRUE(fs::exists(outside));
    EXPECT_TRUE(fs::exists(new_file));

    auto audit = stores_.jobs->audit_entries(0, 100);
    ASSERT_TRUE(audit);
    ASSERT_FALSE(audit->empty());
    EXPECT_EQ(audit->back().action, "retention.purged");
    EXPECT_EQ(audit->back().detail["count"], 3);
    EXPECT_EQ(audit->back().detail["files_deleted"], 1);

    // A second pass finds nothing new.
    p = pass();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->inputs_purged, 0);
    EXPECT_EQ(p->files_deleted, 0);
}

TEST_F(RetentionTest, ARecordingAlreadyGoneDoesNotStopThePurge) {
    const fs::path file = recording("uploads/u1/meeting.wav");
    finished_job("j1", file);
    fs::remove(file);
    clock_.advance(std::chrono::hours(24 * 2));
    ASSERT_TRUE(stores_.accounts->set_setting("retention_days", "1"));
    auto p = pass();
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(p->inputs_purged, 1);
    EXPECT_EQ(p->files_deleted, 0);
}

}  // namespace
}  // namespace borough::server
