#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "store/audit_chain.h"
#include "store/sqlite/sqlite_job_store.h"
#include "store/sqlite/test_util.h"

namespace borough::store::sqlite {
namespace {

using test::raw_exec;
using namespace std::chrono_literals;

class AuditTest : public test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        auto opened = SqliteJobStore::open(db_path(), clock_);
        ASSERT_TRUE(opened) << opened.error().describe();
        store_ = std::move(opened).value();
    }
    void append(int n) {
        for (int i = 0; i < n; ++i) {
            clock_.advance(1500ms);
            auto e = store_->append_audit("cli:jo", "job.created", "job-" + std::to_string(i),
                                          Json{{"inputs", i}, {"sha256", std::string(64, 'a')}});
            ASSERT_TRUE(e) << e.error().describe();
        }
    }
    // What an attacker with write access to the file does first.
    void drop_triggers() {
        auto r = raw_exec(db_path(), "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
        ASSERT_EQ(r.rc, SQLITE_OK) << r.message;
    }
    AuditVerification verify() {
        auto v = store_->verify_audit();
        EXPECT_TRUE(v) << v.error().describe();
        return v ? *v : AuditVerification{};
    }
    std::unique_ptr<SqliteJobStore> store_;
};

TEST_F(AuditTest, AppendBuildsAChainThatVerifies) {
    auto first = store_->append_audit("cli:jo", "model.added", "qwen", Json{{"size_bytes", 12}, {"a", nullptr}});
    ASSERT_TRUE(first) << first.error().describe();
    EXPECT_EQ(first->seq, 1);
    EXPECT_EQ(first->prev_hash, kAuditGenesisHash);
    EXPECT_EQ(first->at, "2026-11-22T18:00:00.000Z");
    EXPECT_EQ(first->hash, audit_hash({1, first->at, "cli:jo", "model.added", "qwen", R"({"size_bytes":12,"a":null})",
                                       first->prev_hash}));
    append(99);

    auto v = verify();
    EXPECT_TRUE(v.ok) << v.problem;
    EXPECT_EQ(v.entries_checked, 100);
    EXPECT_FALSE(v.first_bad_seq.has_value());

    auto page = store_->audit_entries(0, 10);
    ASSERT_TRUE(page) << page.error().describe();
    ASSERT_EQ(page->size(), 10U);
    EXPECT_EQ((*page)[0].detail, first->detail);
    EXPECT_EQ((*page)[0].hash, first->hash);
    for (std::size_t i = 1; i < page->size(); ++i) {
        EXPECT_EQ((*page)[i].seq, static_cast<std::int64_t>(i) + 1);
        EXPECT_EQ((*page)[i].prev_hash, (*page)[i - 1].hash);
    }
    EXPECT_EQ((*page)[1].at, "2026-11-22T18:00:01.500Z");
    EXPECT_EQ((*page)[1].detail["inputs"], 0);

    auto tail = store_->audit_entries(95, 10);
    ASSERT_TRUE(tail);
    ASSERT_EQ(tail->size(), 5U);
    EXPECT_EQ(tail->front().seq, 96);
    EXPECT_EQ(tail->back().seq, 100);
    EXPECT_EQ(store_->audit_entries(0, 0).error().code, ErrorCode::InvalidInput);
}

TEST_F(AuditTest, EmptyLogVerifies) {
    auto v = verify();
    EXPECT_TRUE(v.ok);
    EXPECT_EQ(v.entries_checked, 0);
}

TEST_F(AuditTest, TriggersBlockUpdateAndDelete) {
    append(3);
    auto upd = raw_exec(db_path(), "UPDATE audit SET actor = 'mallory' WHERE seq = 2");
    EXPECT_EQ(upd.rc, SQLITE_CONSTRAINT);
    EXPECT_NE(upd.message.find("append-only"), std::string::npos) << upd.message;
    auto del = raw_exec(db_path(), "DELETE FROM audit WHERE seq = 3");
    EXPECT_EQ(del.rc, SQLITE_CONSTRAINT);
    EXPECT_NE(del.message.find("append-only"), std::string::npos) << del.message;
    EXPECT_EQ(raw_exec(db_path(), "SELECT actor FROM audit WHERE seq = 2").rows.at(0).at(0), "cli:jo");
    EXPECT_EQ(raw_exec(db_path(), "SELECT COUNT(*) FROM audit").rows.at(0).at(0), "3");
    EXPECT_TRUE(verify().ok);
}

TEST_F(AuditTest, EditedEntryIsDetected) {
    append(20);
    drop_triggers();
    ASSERT_EQ(raw_exec(db_path(), "UPDATE audit SET detail = '{\"inputs\":0}' WHERE seq = 7").rc, SQLITE_OK);
    auto v = verify();
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_bad_seq, 7);
    EXPECT_EQ(v.entries_checked, 7);
    EXPECT_NE(v.problem.find("entry 7 was edited"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, EditWithRecomputedHashBreaksTheNextLink) {
    append(20);
    drop_triggers();
    auto row = raw_exec(db_path(), "SELECT seq, at, action, subject, detail, prev_hash FROM audit WHERE seq = 7");
    ASSERT_EQ(row.rows.size(), 1U);
    const auto& r = row.rows[0];
    const std::string forged = audit_hash({7, r[1], "mallory", r[2], r[3], r[4], r[5]});
    ASSERT_EQ(raw_exec(db_path(), "UPDATE audit SET actor = 'mallory', hash = '" + forged + "' WHERE seq = 7").rc,
              SQLITE_OK);
    auto v = verify();
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_bad_seq, 8);
    EXPECT_NE(v.problem.find("does not link"), std::string::npos) << v.problem;
}

TEST_F(AuditTest, DeletedEntryIsDetected) {
    append(20);
    drop_triggers();
    ASSERT_EQ(raw_exec(db_path(), "DELETE FROM audit WHERE seq = 5").rc, SQLITE_OK);
    auto v = verify();
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_bad_seq, 5);
    EXPECT_EQ(v.problem, "entry 5 is missing");
}

TEST_F(AuditTest, DeletedAndRenumberedEntryIsDetected) {
    append(20);
    drop_triggers();
    ASSERT_EQ(raw_exec(db_path(),
                       "DELETE FROM audit WHERE seq = 5;"
                       "UPDATE audit SET seq = seq + 1000 WHERE seq > 5;"
                       "UPDATE audit SET seq = seq - 1001 WHERE seq > 1000;")
                  .rc,
              SQLITE_OK);
    auto v = verify();
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_bad_seq, 5);
}

TEST_F(AuditTest, InsertedEntryIsDetected) {
    append(20);
    drop_triggers();
    // A careless forgery at the end: its hash is not the chain's.
    ASSERT_EQ(raw_exec(db_path(), "INSERT INTO audit VALUES (21, 't', 'mallory', 'job.deleted', 'job-1', '{}', '" +
                                      std::string(64, '0') + "', '" + std::string(64, '1') + "')")
                  .rc,
              SQLITE_OK);
    auto v = verify();
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_bad_seq, 21);
}

TEST_F(AuditTest, CarefullyForgedInsertBreaksTheFollowingLink) {
    append(20);
    drop_triggers();
    const std::string prev = raw_exec(db_path(), "SELECT hash FROM audit WHERE seq = 10").rows.at(0).at(0);
    const std::string at = "2026-11-22T18:00:15.000Z";
    const std::string forged = audit_hash({11, at, "mallory", "job.deleted", "job-3", "{}", prev});
    ASSERT_EQ(raw_exec(db_path(),
                       "UPDATE audit SET seq = seq + 1000 WHERE seq > 10;"
                       "UPDATE audit SET seq = seq - 999 WHERE seq > 1000;"
                       "INSERT INTO audit VALUES (11, '" +
                           at +
                           "', 'mallory', 'job.deleted', 'job-3', "
                           "'{}', '" +
                           prev + "', '" + forged + "');")
                  .rc,
              SQLITE_OK);
    auto v = verify();
    EXPECT_FALSE(v.ok);
    // Entry 11 itself is well formed; the chain breaks at the entry after it.
    EXPECT_EQ(v.first_bad_seq, 12);
}

TEST_F(AuditTest, TruncatedTailIsNotDetectable) {
    // Documented limitation (README, audit_chain.h): dropping the newest entries leaves a valid chain.
    append(20);
    drop_triggers();
    ASSERT_EQ(raw_exec(db_path(), "DELETE FROM audit WHERE seq > 15").rc, SQLITE_OK);
    auto v = verify();
    EXPECT_TRUE(v.ok);
    EXPECT_EQ(v.entries_checked, 15);
}

TEST_F(AuditTest, ConcurrentAppendsFromFourThreadsKeepOneChain) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < 25; ++i) {
                EXPECT_TRUE(store_->append_audit("thread-" + std::to_string(t), "job.created", "j", Json::object()));
            }
        });
    }
    for (auto& th : threads) th.join();
    auto v = verify();
    EXPECT_TRUE(v.ok) << v.problem;
    EXPECT_EQ(v.entries_checked, 100);
}

TEST_F(AuditTest, ConcurrentAppendsThroughTwoConnectionsKeepOneChain) {
    // Two stores on one file stand for two processes: only BEGIN IMMEDIATE keeps them from forking.
    auto second = SqliteJobStore::open(db_path(), clock_);
    ASSERT_TRUE(second) << second.error().describe();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        SqliteJobStore* store = t % 2 == 0 ? store_.get() : second->get();
        threads.emplace_back([store, t] {
            for (int i = 0; i < 20; ++i) {
                auto e = store->append_audit("thread-" + std::to_string(t), "job.created", "j", Json::object());
                EXPECT_TRUE(e) << e.error().describe();
            }
        });
    }
    for (auto& th : threads) th.join();
    auto v = verify();
    EXPECT_TRUE(v.ok) << v.problem;
    EXPECT_EQ(v.entries_checked, 80);
    auto all = (*second)->audit_entries(0, 1000);
    ASSERT_TRUE(all);
    std::set<std::string> hashes;
    for (const auto& e : *all) hashes.insert(e.hash);
    EXPECT_EQ(hashes.size(), 80U);
}

}  // namespace
}  // namespace borough::store::sqlite
